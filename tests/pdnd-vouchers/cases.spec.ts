import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { ConfigError } from '../../src/core/errors.js';
import { loadProfile } from '../../src/profile/load.js';
import { verdictOf } from '../support/run.js';
import { runVouchers, startVouchersReference } from './support.js';

const PLATFORM = ['PDND-VOUCHER-01', 'PDND-VOUCHER-02', 'PDND-DPOP-03'];
const ENDPOINT = ['PDND-PRODUCER-01', 'PDND-AUDIT-01', 'PDND-DPOP-01', 'PDND-DPOP-02', 'PDND-DPOP-04'];

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an unreachable authorization server makes every requirement INCONCLUSIVE', async () => {
  const ref = await startVouchersReference();
  try {
    const port = await closedPort();
    await ref.rewrite((p) => {
      p.pdndVouchers['authorizationServer']!['tokenEndpoint'] = `http://127.0.0.1:${port}/token.oauth2`;
    });
    const { report } = await runVouchers(ref.profileFile);
    for (const id of [...PLATFORM, ...ENDPOINT]) {
      const r = verdictOf(report.results, id);
      expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
    }
    expect(verdictOf(report.results, 'PDND-PRODUCER-01').reason).toMatch(/^No voucher could be obtained/);
  } finally {
    await ref.stop();
  }
});

test('an unreachable e-service makes the endpoint requirements INCONCLUSIVE, the platform ones still pass', async () => {
  const ref = await startVouchersReference();
  try {
    const port = await closedPort();
    await ref.rewrite((p) => {
      p.pdndVouchers['eservice']!['url'] = `http://127.0.0.1:${port}/api/v1/status`;
    });
    const { report } = await runVouchers(ref.profileFile);
    for (const id of ENDPOINT)
      expect(verdictOf(report.results, id, 'primary').verdict, id).toBe('inconclusive');
    for (const id of PLATFORM) expect(verdictOf(report.results, id, 'platform').verdict, id).toBe('pass');
  } finally {
    await ref.stop();
  }
});

test('a failing positive control makes the e-service negatives INCONCLUSIVE, never PASS', async () => {
  const ref = await startVouchersReference();
  try {
    await ref.rewrite((p) => {
      p.pdndVouchers['eservice']!['request'] = { path: '/api/v1/no-such-resource' };
    });
    const { report } = await runVouchers(ref.profileFile);
    for (const id of ['PDND-PRODUCER-01', 'PDND-AUDIT-01', 'PDND-DPOP-01', 'PDND-DPOP-02', 'PDND-DPOP-04']) {
      const r = verdictOf(report.results, id);
      expect(r.verdict, id).toBe('inconclusive');
      expect(r.reason).toMatch(/positive control was not accepted \(404/);
    }
  } finally {
    await ref.stop();
  }
});

test('without a test signer the expired and other-audience vouchers are NOT APPLICABLE, not passed', async () => {
  const ref = await startVouchersReference();
  try {
    await ref.rewrite((p) => {
      Reflect.deleteProperty(p.pdndVouchers['eservice']!, 'testSigner');
    });
    const { report } = await runVouchers(ref.profileFile);
    const r = verdictOf(report.results, 'PDND-PRODUCER-01');
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(
      /^All 4 negatives were refused.*Not applicable: voucher expired.*no test signer/,
    );
    const na = r.evidence.filter((e) => e.finding === 'not-applicable').map((e) => e.label);
    expect(na).toHaveLength(2);
    expect(r.evidence.some((e) => e.label.includes('expired') && e.finding === 'pass')).toBe(false);
  } finally {
    await ref.stop();
  }
});

test('a Bearer e-service without AUDIT_REST_02: DPoP and audit requirements are NOT APPLICABLE', async () => {
  const ref = await startVouchersReference([], { voucherType: 'bearer', audit: false });
  try {
    const { report } = await runVouchers(ref.profileFile);
    const expected: Record<string, string> = {
      'PDND-VOUCHER-01': 'pass',
      'PDND-VOUCHER-02': 'pass',
      'PDND-DPOP-03': 'pass',
      'PDND-PRODUCER-01': 'pass',
      'PDND-AUDIT-01': 'not-applicable',
      'PDND-DPOP-01': 'not-applicable',
      'PDND-DPOP-02': 'not-applicable',
      'PDND-DPOP-04': 'not-applicable',
    };
    for (const [id, verdict] of Object.entries(expected)) {
      const r = verdictOf(report.results, id);
      expect(r.verdict, `${id}: ${r.reason}`).toBe(verdict);
    }
  } finally {
    await ref.stop();
  }
});

test('an e-service that requires DPoP nonces: challenges are answered, and PDND-DPOP-04 passes', async () => {
  const ref = await startVouchersReference([], { nonces: true });
  try {
    const { report } = await runVouchers(ref.profileFile);
    for (const id of [...PLATFORM, ...ENDPOINT]) {
      const r = verdictOf(report.results, id);
      expect(r.verdict, `${id}: ${r.reason}`).toBe('pass');
    }
    const nonce = verdictOf(report.results, 'PDND-DPOP-04');
    expect(nonce.evidence.find((e) => e.label === 'DPoP nonce at the e-service')?.outcome).toMatch(
      /[1-9]\d* use_dpop_nonce challenge/,
    );
    // The reference replaces its nonce after each accepted call, so the first one is stale by now.
    expect(
      Object.fromEntries(nonce.evidence.filter((e) => e.finding === 'pass').map((e) => [e.label, e.outcome])),
    ).toEqual({
      'DPoP proof with a nonce the server never issued': 'refused: 401 use_dpop_nonce',
      'DPoP proof without the nonce the server issued': 'refused: 401 use_dpop_nonce',
      'DPoP proof with a stale nonce (the first the server issued in this run, replaced twice since)':
        'refused: 401 use_dpop_nonce',
    });
  } finally {
    await ref.stop();
  }
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const p = path.join(dir, name);
    if ((await stat(p)).isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

test('private keys and full tokens planted in the profile appear in no report file and no log line', async () => {
  const ref = await startVouchersReference();
  const env = 'ATTESTA_TEST_PDND_CLIENT_KEY';
  try {
    const clientKey = await readFile(path.join(ref.dir, 'pdnd-client-key.pem'), 'utf8');
    const signerKey = await readFile(path.join(ref.dir, 'pdnd-test-signer-key.pem'), 'utf8');
    process.env[env] = clientKey;
    await ref.rewrite((p) => {
      p.pdndVouchers['client']!['privateKey'] = `env:${env}`;
    });
    const lines: string[] = [];
    const { outDir, report } = await runVouchers(ref.profileFile, (l) => lines.push(l));
    expect(report.results.length).toBe(8);
    const outputs = [
      lines.join('\n'),
      ...(await Promise.all((await filesUnder(outDir)).map((f) => readFile(f, 'utf8')))),
    ];
    const keyLines = [clientKey, signerKey].flatMap((k) =>
      k.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')),
    );
    expect(keyLines.length).toBeGreaterThan(20);
    // A compact JWS with its signature: a replayable token.
    const fullToken = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{16,}/;
    for (const text of outputs) {
      for (const l of keyLines) expect(text.includes(l)).toBe(false);
      expect(text).not.toMatch(fullToken);
      expect(text).not.toContain('PRIVATE KEY');
    }
  } finally {
    Reflect.deleteProperty(process.env, env);
    await ref.stop();
  }
});

/** Every JWS header in a text (base64url JSON starting with {"), decoded. */
function jwsHeaders(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [, h] of text.matchAll(/(eyJ[\w-]+)\.[\w-]*\./g)) {
    try {
      out.push(JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8')) as Record<string, unknown>);
    } catch {
      // Not a JWS header.
    }
  }
  return out;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

test('no report file holds a private JWK member; the private-key-in-jwk proof is shown masked', async () => {
  const ref = await startVouchersReference(['vouchers.proof-header-not-checked']);
  try {
    const { outDir, report } = await runVouchers(ref.profileFile);
    const files = await filesUnder(outDir);
    expect(files.length).toBeGreaterThan(0);
    let headersWithJwk = 0;
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const header of jwsHeaders(text)) {
        const jwk = header['jwk'] as Record<string, unknown> | undefined;
        if (!jwk) continue;
        headersWithJwk++;
        for (const m of PRIVATE_MEMBERS) {
          if (m in jwk) expect(jwk[m], `${file}: jwk.${m}`).toBe('[private]');
        }
      }
    }
    expect(headersWithJwk).toBeGreaterThan(0);
    // The mutation's evidence still says what was sent: a jwk that carried its private key.
    // (Under this fault the e-service accepts it, the case where the key would matter most.)
    const item = verdictOf(report.results, 'PDND-DPOP-01').evidence.find(
      (e) => e.label === 'DPoP proof: the jwk header carries the private key too',
    );
    expect(item?.finding).toBe('fail');
    const shown = (item?.details?.['dpop'] as string[] | undefined)?.[0] ?? '';
    expect(shown).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.\[signature cut\]$/);
    const [header] = jwsHeaders(shown);
    expect(header?.['typ']).toBe('dpop+jwt');
    expect(header?.['jwk']).toMatchObject({ kty: 'EC', crv: 'P-256', d: '[private]' });
  } finally {
    await ref.stop();
  }
});

test('without a jwksUri PDND-VOUCHER-01 says the voucher signature was not verified', async () => {
  const ref = await startVouchersReference();
  try {
    await ref.rewrite((p) => {
      Reflect.deleteProperty(p.pdndVouchers['authorizationServer']!, 'jwksUri');
    });
    const { report } = await runVouchers(ref.profileFile);
    const r = verdictOf(report.results, 'PDND-VOUCHER-01');
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(/signature was not verified: the profile gives no authorizationServer\.jwksUri/);
    expect(r.evidence.find((e) => e.label === 'voucher signature')?.outcome).toMatch(
      /^signature not verified: the profile gives no authorizationServer\.jwksUri/,
    );
  } finally {
    await ref.stop();
  }
});

test('profile errors name the field', async () => {
  const ref = await startVouchersReference();
  try {
    const cases: [change: (p: typeof ref.profile) => void, field: string, message: RegExp][] = [
      [(p) => delete p.pdndVouchers['client']!['kid'], '/pdndVouchers/client/kid', /is required/],
      [
        (p) => (p.pdndVouchers['client']!['privateKey'] = '-----BEGIN PRIVATE KEY-----'),
        '/pdndVouchers/client/privateKey',
        /secret reference/,
      ],
      [
        (p) => delete p.pdndVouchers['eservice']!['auditClaims'],
        '/pdndVouchers/eservice/auditClaims',
        /is required/,
      ],
      [
        (p) => (p.pdndVouchers['eservice']!['voucherType'] = 'mtls'),
        '/pdndVouchers/eservice/voucherType',
        /allowed values/,
      ],
      [
        (p) => (p.pdndVouchers['eservice']!['acceptStatus'] = [200, 401]),
        '/pdndVouchers/eservice/acceptStatus/1',
        /must be <= 399/,
      ],
      [
        (p) => (p.pdndVouchers['client']!['privateKey'] = 'file:reference.yaml'),
        '/pdndVouchers/client/privateKey',
        /not a private key/,
      ],
    ];
    const original = structuredClone(ref.profile);
    for (const [change, field, message] of cases) {
      await ref.rewrite((p) => {
        Object.assign(p, structuredClone(original));
        change(p);
      });
      const error = await runVouchers(ref.profileFile).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, field).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe(field);
      expect((error as ConfigError).message).toMatch(message);
    }
  } finally {
    await ref.stop();
  }
});

test('the example profile is valid', async () => {
  const profile = await loadProfile(path.resolve('config', 'pdnd-vouchers.example.yaml'));
  expect(Object.keys(profile.data['pdndVouchers'] as object).sort()).toEqual([
    'authorizationServer',
    'client',
    'eservice',
  ]);
});
