import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { Redactor } from '../../src/core/redact.js';
import { oneCharacterChanged } from '../../src/checks/http-auth/api-key.js';

const KEY = 'c0ffee5ecret0123456789abcdef4242';

function redactorWith(...secrets: string[]): Redactor {
  const r = new Redactor();
  for (const s of secrets) r.add(s);
  return r;
}

/** A compact JWS as Attesta or a peer makes it: base64url JSON header and claims, a signature. */
function jws(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })}.${part(claims)}.${randomBytes(256).toString('base64url')}`;
}

test('a near-copy of a secret is redacted: one character changed, added or removed, anywhere', () => {
  const r = redactorWith(KEY);
  const copies = [
    oneCharacterChanged(KEY),
    `X${KEY.slice(1)}`,
    `${KEY.slice(0, 16)}Z${KEY.slice(17)}`,
    `${KEY.slice(0, 10)}${KEY.slice(11)}`,
    `${KEY.slice(0, 20)}-${KEY.slice(20)}`,
  ];
  for (const copy of copies) {
    expect(r.redact(`detail: key ${copy} is not valid`), copy).toBe('detail: key [redacted] is not valid');
  }
  // Two changes are another key, not a copy of this one.
  const twice = `X${KEY.slice(1, -1)}Y`;
  expect(r.redact(twice)).toBe(twice);
});

test('a copy cut short at either end of the text is redacted too, while it holds an intact half', () => {
  const r = redactorWith(KEY);
  expect(r.redact(`invalid key ${oneCharacterChanged(KEY).slice(0, 20)}`)).toBe('invalid key [redacted]');
  const changedEarly = `${KEY.slice(0, 14)}Z${KEY.slice(15)}`;
  expect(r.redact(`${changedEarly.slice(-20)} was refused`)).toBe('[redacted] was refused');
  expect(r.redact('an ordinary sentence with c0ffee in it')).toBe('an ordinary sentence with c0ffee in it');
});

test('every compact JWS keeps its header and claims and loses its signature, registered or not', () => {
  const r = new Redactor();
  const token = jws({ iss: 'as', sub: 'client', jti: 'j1' });
  const [header, claims] = token.split('.');
  const text = `Bearer error="invalid_token", error_description="voucher ${token} refused"`;
  expect(r.redact(text)).toBe(
    `Bearer error="invalid_token", error_description="voucher ${header}.${claims}.[signature cut] refused"`,
  );
  // Dotted names that are no JOSE header stay as they are.
  for (const plain of ['api.example.it.', 'www.pagopa.gov.it', 'v1.2.3', 'a.b.c'])
    expect(r.redact(plain)).toBe(plain);
});

test('Basic credentials are redacted, a Basic challenge is not', () => {
  const r = new Redactor();
  const basic = Buffer.from('client-id:client-secret').toString('base64');
  expect(r.redact(`echo: Authorization: Basic ${basic}`)).toBe('echo: Authorization: Basic [redacted]');
  expect(r.redact('Basic realm="pagopa", charset="UTF-8"')).toBe('Basic realm="pagopa", charset="UTF-8"');
});

test('a secret shorter than six characters is redacted only where it stands as a word', () => {
  const r = redactorWith('pw42');
  expect(r.redact('passphrase "pw42" refused')).toBe('passphrase "[redacted]" refused');
  expect(r.redact('pw42x and xpw42 stay')).toBe('pw42x and xpw42 stay');
});
