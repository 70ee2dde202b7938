import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../src/core/errors.js';
import { loadProfile } from '../../src/profile/load.js';
import { closedPort } from '../../src/reference/services/ports.js';
import { test, expect } from '../support/fixtures.js';
import { expectVerdicts, verdictOf } from '../support/run.js';

const PLATFORM = ['PDND-VOUCHER-01', 'PDND-VOUCHER-02', 'PDND-DPOP-03'];
const ENDPOINT = ['PDND-PRODUCER-01', 'PDND-AUDIT-01', 'PDND-DPOP-01', 'PDND-DPOP-02', 'PDND-DPOP-04'];

test.use({ suites: ['pdnd-vouchers'] });

test('an unreachable authorization server makes every requirement INCONCLUSIVE', async ({
  reference: ref,
}) => {
  const port = await closedPort();
  await ref.rewrite((p) => {
    p.pdndVouchers['authorizationServer']!['tokenEndpoint'] = `http://127.0.0.1:${port}/token.oauth2`;
  });
  const { report } = await ref.run();
  for (const id of [...PLATFORM, ...ENDPOINT]) {
    const r = verdictOf(report.results, id);
    expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
  }
  expect(verdictOf(report.results, 'PDND-PRODUCER-01').reason).toMatch(/^No voucher could be obtained/);
});

test('an unreachable e-service makes the endpoint requirements INCONCLUSIVE, the platform ones still pass', async ({
  reference: ref,
}) => {
  const port = await closedPort();
  await ref.rewrite((p) => {
    p.pdndVouchers['eservice']!['url'] = `http://127.0.0.1:${port}/api/v1/status`;
  });
  const { report } = await ref.run();
  for (const id of ENDPOINT)
    expect(verdictOf(report.results, id, 'primary').verdict, id).toBe('inconclusive');
  for (const id of PLATFORM) expect(verdictOf(report.results, id, 'platform').verdict, id).toBe('pass');
});

test('a failing positive control makes the e-service negatives INCONCLUSIVE, never PASS', async ({
  reference: ref,
}) => {
  await ref.rewrite((p) => {
    p.pdndVouchers['eservice']!['request'] = { path: '/api/v1/no-such-resource' };
  });
  const { report } = await ref.run();
  for (const id of ['PDND-PRODUCER-01', 'PDND-AUDIT-01', 'PDND-DPOP-01', 'PDND-DPOP-02', 'PDND-DPOP-04']) {
    const r = verdictOf(report.results, id);
    expect(r.verdict, id).toBe('inconclusive');
    expect(r.reason).toMatch(/positive control was not accepted \(404/);
  }
});

test('without a test signer or a second client, the negatives that need them are named NOT RUN and the verdict is WARN, not PASS', async ({
  reference: ref,
}) => {
  await ref.rewrite((p) => {
    Reflect.deleteProperty(p.pdndVouchers['eservice']!, 'testSigner');
    Reflect.deleteProperty(p.pdndVouchers, 'apiClient');
  });
  const { report } = await ref.run();
  const r = verdictOf(report.results, 'PDND-PRODUCER-01');
  expect(r.verdict, r.reason).toBe('warn');
  expect(r.reason).toMatch(
    /^All 9 negatives were refused.*Not a full PASS: 2 named negative\(s\) could not be run: voucher expired .*no test signer.*; voucher for another audience.*no test signer/,
  );
  const notRun = r.evidence.filter((e) => e.outcome.startsWith('not run:')).map((e) => e.label);
  expect(notRun).toHaveLength(2);
  expect(r.evidence.some((e) => e.label.includes('expired') && e.finding === 'pass')).toBe(false);
  const v2 = verdictOf(report.results, 'PDND-VOUCHER-02');
  expect(v2.verdict, v2.reason).toBe('warn');
  expect(v2.reason).toMatch(/could not be run: client assertion naming another client .*no second client/);
});

test('a Bearer e-service without AUDIT_REST_02: DPoP and audit requirements are NOT APPLICABLE', async ({
  launchReference,
}) => {
  const ref = await launchReference({
    partOptions: { 'pdnd-vouchers': { voucherType: 'bearer', audit: false } },
  });
  const { report } = await ref.run();
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
  expectVerdicts(report.results, expected);
});

test('an e-service that requires DPoP nonces: challenges are answered, and PDND-DPOP-04 passes', async ({
  launchReference,
}) => {
  const ref = await launchReference({ partOptions: { 'pdnd-vouchers': { nonces: true } } });
  const { report } = await ref.run();
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

test('private keys and full tokens planted in the profile appear in no report file and no log line', async ({
  reference: ref,
}) => {
  const env = 'ATTESTA_TEST_PDND_CLIENT_KEY';
  try {
    const clientKey = await readFile(path.join(ref.dir, 'pdnd-client-key.pem'), 'utf8');
    const signerKey = await readFile(path.join(ref.dir, 'pdnd-test-signer-key.pem'), 'utf8');
    process.env[env] = clientKey;
    await ref.rewrite((p) => {
      p.pdndVouchers['client']!['privateKey'] = `env:${env}`;
    });
    const lines: string[] = [];
    const { outDir, report } = await ref.run({ log: (l) => lines.push(l) });
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

test('no report file holds a private JWK member; the private-key-in-jwk proof is shown masked', async ({
  launchReference,
}) => {
  const ref = await launchReference({ faults: ['vouchers.proof-header-not-checked'] });
  const { outDir, report } = await ref.run();
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
});

test('without a jwksUri PDND-VOUCHER-01 says the voucher signature was not verified', async ({
  reference: ref,
}) => {
  await ref.rewrite((p) => {
    Reflect.deleteProperty(p.pdndVouchers['authorizationServer']!, 'jwksUri');
  });
  const { report } = await ref.run();
  const r = verdictOf(report.results, 'PDND-VOUCHER-01');
  expect(r.verdict).toBe('pass');
  expect(r.reason).toMatch(/signature was not verified: the profile gives no authorizationServer\.jwksUri/);
  expect(r.evidence.find((e) => e.label === 'voucher signature')?.outcome).toMatch(
    /^signature not verified: the profile gives no authorizationServer\.jwksUri/,
  );
});

test('profile errors name the field', async ({ reference: ref }) => {
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
      /must be <= 299/,
    ],
    [
      // A redirect is never a success, so a profile cannot declare one.
      (p) => (p.pdndVouchers['eservice']!['acceptStatus'] = [200, 302]),
      '/pdndVouchers/eservice/acceptStatus/1',
      /must be <= 299/,
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
    const error = await ref.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, field).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toMatch(message);
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
