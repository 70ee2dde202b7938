import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadOpenApi } from '../../src/openapi/document.js';
import { eventOperations, operationsOf, paginatedOperations } from '../../src/openapi/operations.js';
import { JWKS_PATH } from '../../src/reference/pdnd-interop-v3/index.js';
import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { REAL_OPENAPI, PDND3_IDS, SUITE } from './support.js';

test.use({ suites: SUITE });

test('no voucher obtainable: every requirement is INCONCLUSIVE, none passes', async ({ reference: ref }) => {
  await ref.rewrite(
    ({ pdndInterop: b }) => void ((b['voucher'] as Record<string, unknown>)['kid'] = 'not-registered'),
  );
  const { report, exitCode } = await ref.run();
  for (const id of PDND3_IDS) expect(verdictOf(report.results, id).verdict, id).toBe('inconclusive');
  expect(verdictOf(report.results, 'PDND3-AUTH-01').reason).toMatch(
    /no DPoP voucher could be obtained: the token endpoint refused a voucher for the admin client \(HTTP 401/,
  );
  expect(exitCode).toBe(3);
});

test('gateway unreachable: every requirement is INCONCLUSIVE with the reason', async ({ reference: ref }) => {
  await ref.rewrite(({ pdndInterop: b }) => void (b['url'] = 'http://127.0.0.1:9/v3'));
  const { report, exitCode } = await ref.run();
  for (const id of PDND3_IDS) expect(verdictOf(report.results, id).verdict, id).toBe('inconclusive');
  expect(verdictOf(report.results, 'PDND3-BASE-01').reason).toMatch(/ECONNREFUSED/);
  expect(verdictOf(report.results, 'PDND3-INT-01').reason).toMatch(/The 0 responses examined/);
  expect(exitCode).toBe(3);
});

test('reads only unless the profile allows writes: write checks NOT APPLICABLE, no write sent', async ({
  launchReference,
}) => {
  const writes: string[] = [];
  const ref = await launchReference({
    partOptions: {
      'pdnd-interop-v3': {
        onRequest: (method, url) => void (method !== 'GET' && writes.push(`${method} ${url}`)),
      },
    },
  });
  await ref.rewrite(({ pdndInterop: b }) => void (b['allowWrites'] = false));
  const { report } = await ref.run();
  for (const id of ['PDND3-SCHEMA-02', 'PDND3-SCHEMA-03', 'PDND3-RBAC-01']) {
    expect(verdictOf(report.results, id).verdict, id).toBe('not-applicable');
    expect(verdictOf(report.results, id).reason).toMatch(/does not allow writes/);
  }
  expect(report.results.filter((r) => r.verdict === 'pass')).toHaveLength(10);
  expect(writes).toEqual([]);
});

test('writes allowed but no non-admin client: PDND3-RBAC-01 is NOT APPLICABLE', async ({
  reference: ref,
}) => {
  await ref.rewrite(({ pdndInterop: b }) => void delete b['nonAdmin']);
  const { report } = await ref.run();
  expect(verdictOf(report.results, 'PDND3-RBAC-01').verdict).toBe('not-applicable');
  expect(verdictOf(report.results, 'PDND3-SCHEMA-02').verdict).toBe('pass');
});

test('the request budget is honoured: the gateway receives no more requests than budgeted', async ({
  launchReference,
}) => {
  let received = 0;
  const ref = await launchReference({
    partOptions: { 'pdnd-interop-v3': { onRequest: () => void received++ } },
  });
  await ref.rewrite(({ pdndInterop: b }) => void (b['load'] = { requestBudget: 60, concurrency: 4 }));
  const { report } = await ref.run();
  expect(received).toBeLessThanOrEqual(60 - 2); // two of the budget went to the token endpoint
  expect(received).toBeGreaterThan(40);
  const page = verdictOf(report.results, 'PDND3-PAGE-01');
  expect(page.verdict).toBe('inconclusive');
  expect(JSON.stringify(page.evidence)).toMatch(
    /not reached: the request budget \(60\) does not cover its \d+ requests/,
  );
});

test('a placeholder id answered 404 leaves that operation INCONCLUSIVE, never PASS', async ({
  reference: ref,
}) => {
  // No keychainId: /producerKeychains/{keychainId}/keys is probed with a placeholder the gateway does not know.
  await ref.rewrite(({ pdndInterop: b }) => void delete b['ids'].keychainId);
  const { report, exitCode } = await ref.run();
  const page = verdictOf(report.results, 'PDND3-PAGE-01');
  expect(page.verdict, page.reason).toBe('inconclusive');
  expect(page.reason).toMatch(
    /^1 of \d+ paginated operations could not be judged \(first: GET \/producerKeychains\/\{keychainId\}\/keys: control limit=1: 404 for a placeholder: no id configured for keychainId/,
  );
  const op = page.evidence.find((e) => e.label.startsWith('GET /producerKeychains/{keychainId}/keys'))!;
  expect(op.finding).toBe('inconclusive');
  expect((op.details?.['cases'] as { status?: number }[]).map((c) => c.status)).toContain(404);
  // Every other operation, with a configured id or none, still has its accepted controls.
  expect(page.evidence.filter((e) => e.finding === 'pass').length).toBeGreaterThan(5);
  expect(report.results.filter((r) => r.id !== 'PDND3-PAGE-01' && r.verdict !== 'pass')).toEqual([]);
  expect(exitCode).toBe(3);
});

test('a JWKS URL is fetched through the address override, within the request budget', async ({
  launchReference,
}) => {
  const received: string[] = [];
  const ref = await launchReference({
    partOptions: {
      'pdnd-interop-v3': { onRequest: (method, url) => void received.push(`${method} ${url}`) },
    },
  });
  // The gateway named by a host name that resolves nowhere: only the address override reaches it.
  await ref.rewrite(({ pdndInterop: b }) => {
    const origin = new URL(String(b['url']));
    const named = `http://gateway.attesta.test:${origin.port}`;
    b['url'] = `${named}/v3`;
    b['address'] = '127.0.0.1';
    b['gatewayKeys'] = { jwksUrl: `${named}${JWKS_PATH}` };
  });
  const { report } = await ref.run();
  const int03 = verdictOf(report.results, 'PDND3-INT-03');
  expect(int03.verdict, int03.reason).toBe('pass');
  expect(int03.evidence[1]!.outcome).toBe(
    `the JWKS URL ${String(ref.profile['pdndInterop'].gatewayKeys.jwksUrl)}, fetched via 127.0.0.1 (HTTP 200, 1 key), 1 request of the budget`,
  );
  expect(received.filter((r) => r === `GET ${JWKS_PATH}`)).toHaveLength(1);
  // The budget counts every request: the gateway's (JWKS included) and the three voucher requests
  // (DPoP for the admin and non-admin clients, Bearer for PDND3-AUTH-01's unbound-voucher negatives).
  const load = int03.evidence.find((e) => e.label === 'load')!.outcome;
  expect(load).toMatch(new RegExp(`^${received.length + 3} of 600 budgeted requests`));
});

test('a JWKS URL that cannot be fetched leaves PDND3-INT-03 INCONCLUSIVE with the reason', async ({
  reference: ref,
}) => {
  await ref.rewrite(
    ({ pdndInterop: b }) => void (b['gatewayKeys'] = { jwksUrl: 'http://127.0.0.1:9/jwks.json' }),
  );
  const { report } = await ref.run();
  const int03 = verdictOf(report.results, 'PDND3-INT-03');
  expect(int03.verdict).toBe('inconclusive');
  expect(int03.reason).toMatch(
    /the gateway JWKS http:\/\/127\.0\.0\.1:9\/jwks\.json could not be fetched \(.*ECONNREFUSED/,
  );
  expect(report.results.filter((r) => r.id !== 'PDND3-INT-03' && r.verdict !== 'pass')).toEqual([]);
});

test('on the real m2mGatewayApiV3.yml every paginated and event operation is reached', async ({
  launchReference,
}) => {
  const doc = await loadOpenApi(REAL_OPENAPI);
  const ops = operationsOf(doc);
  const expected = [...paginatedOperations(ops), ...eventOperations(ops)].map((p) => p.operation.path);
  expect(expected).toHaveLength(56);
  const reached = new Map<string, number>();
  let received = 0;
  const onRequest = (_m: string, url: string) => {
    received++;
    const p = url.split('?', 1).join('').replace(/^\/v3/, '');
    reached.set(p, (reached.get(p) ?? 0) + 1);
  };
  const ref = await launchReference({ partOptions: { 'pdnd-interop-v3': { description: doc, onRequest } } });
  await ref.rewrite(({ pdndInterop: b }) => void (b['openapi'] = REAL_OPENAPI));
  const started = Date.now();
  const { report } = await ref.run();
  const elapsed = Date.now() - started;
  const page = verdictOf(report.results, 'PDND3-PAGE-01');
  expect(page.verdict, page.reason).toBe('pass');
  expect(page.reason).toMatch(
    /All 56 paginated operations of the description \(43 offset\/limit, 13 events\)/,
  );
  const fill = (template: string) => template.replace(/\{[^}]+\}/g, '[^/]+');
  for (const template of expected) {
    const re = new RegExp(`^${fill(template)}$`);
    const hits = [...reached].filter(([p]) => re.test(p)).reduce((n, [, c]) => n + c, 0);
    expect(hits, template).toBeGreaterThanOrEqual(6);
  }
  for (const id of PDND3_IDS)
    expect(verdictOf(report.results, id).verdict, `${id}: ${verdictOf(report.results, id).reason}`).toBe(
      'pass',
    );
  console.log(`pdnd-interop-v3 on the real description: ${received} gateway requests, ${elapsed} ms`);
});

test('secrets planted in the profile appear in no report file and no log line', async ({
  reference: ref,
}) => {
  let adminPem = '';
  let nonAdminPem = '';
  await ref.rewrite(async ({ pdndInterop: b }) => {
    const voucher = b['voucher'] as Record<string, string>;
    adminPem = await readFile(String(voucher['privateKey']).slice('file:'.length), 'utf8');
    const nonAdmin = b['nonAdmin'] as Record<string, string>;
    nonAdminPem = await readFile(String(nonAdmin['privateKey']).slice('file:'.length), 'utf8');
    process.env['ATTESTA_TEST_PDND3_NONADMIN_KEY'] = nonAdminPem;
    nonAdmin['privateKey'] = 'env:ATTESTA_TEST_PDND3_NONADMIN_KEY';
    await rm(String(nonAdmin['privateKey']).slice('file:'.length), { force: true });
  });
  try {
    const lines: string[] = [];
    const { report, outDir } = await ref.run({ log: (l) => lines.push(l) });
    expect(verdictOf(report.results, 'PDND3-RBAC-01').verdict).toBe('pass'); // the env: key was used
    const texts = [lines.join('\n')];
    for (const f of await readdir(outDir, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) texts.push(await readFile(path.join(f.parentPath, f.name), 'utf8'));
    }
    expect(texts.length).toBeGreaterThan(2);
    const secretLines = [adminPem, nonAdminPem]
      .flatMap((pem) => pem.split('\n'))
      .filter((l) => l.length >= 16 && !l.startsWith('-----'));
    expect(secretLines.length).toBeGreaterThan(20);
    for (const text of texts) for (const s of secretLines) expect(text.includes(s)).toBe(false);
    // Vouchers appear only without their signature.
    for (const text of texts) expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{20,}/);
  } finally {
    delete process.env['ATTESTA_TEST_PDND3_NONADMIN_KEY'];
  }
});
