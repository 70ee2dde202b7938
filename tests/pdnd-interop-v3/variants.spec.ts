import { loadOpenApi } from '../../src/openapi/document.js';
import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { PDND3_IDS, REAL_OPENAPI, SUITE } from './support.js';

test.use({ suites: SUITE });

/** The verdicts that are not PASS, with their reasons, for a readable failure. */
const notPassing = (results: { id: string; verdict: string; reason: string }[]) =>
  results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.verdict} ${r.reason}`);

test.describe(() => {
  test.use({ faults: ['gateway.description-defect'] });
  test('a description defect is reported once and not held against a conformant gateway', async ({
    reference: ref,
  }) => {
    const { report, exitCode } = await ref.run();
    expect(notPassing(report.results)).toEqual([]);
    const schema = verdictOf(report.results, 'PDND3-SCHEMA-01');
    expect(schema.reason).toMatch(
      /The description has 1 defect no response could satisfy, set aside and not held against the target \(first: #\/components\/schemas\/User\/required\/4, "email" is required but is not a declared property/,
    );
    const defects = schema.evidence.filter((e) => e.label.startsWith('defect of the description'));
    expect(defects.map((e) => e.label)).toEqual([
      'defect of the description at #/components/schemas/User/required/4',
    ]);
    expect(exitCode).toBe(0);
  });
});

for (const variant of ['gateway.refuses-everything-401', 'gateway.refuses-everything-400']) {
  test(`${variant}: every id is INCONCLUSIVE with what the control got, none FAIL, nothing written`, async ({
    launchReference,
  }) => {
    const writes: string[] = [];
    const ref = await launchReference({
      faults: [variant],
      partOptions: {
        'pdnd-interop-v3': {
          onRequest: (method, url) => void (method !== 'GET' && writes.push(`${method} ${url}`)),
        },
      },
    });
    const { report, exitCode } = await ref.run();
    const status = variant.endsWith('401') ? '401' : '400';
    for (const id of PDND3_IDS) {
      const r = verdictOf(report.results, id);
      expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
    }
    const control = new RegExp(
      `^The positive control GET /users\\?offset=0&limit=1 \\(a valid DPoP request\\) answered HTTP ${status}`,
    );
    for (const id of ['PDND3-PAGE-01', 'PDND3-USERS-01', 'PDND3-BASE-01', 'PDND3-SCHEMA-02', 'PDND3-RBAC-01'])
      expect(verdictOf(report.results, id).reason, id).toMatch(control);
    expect(verdictOf(report.results, 'PDND3-INT-01').reason).toMatch(
      new RegExp(`a successful response \\(the positive control .* answered HTTP ${status}`),
    );
    if (status === '400')
      expect(verdictOf(report.results, 'PDND3-PAGE-01').reason).toMatch(/invalid_dpop_proof/);
    expect(writes).toEqual([]);
    expect(exitCode).toBe(3);
  });
}

test('a gateway that validates every parameter against the real description: probes send valid values', async ({
  launchReference,
}) => {
  const doc = await loadOpenApi(REAL_OPENAPI);
  const ref = await launchReference({
    faults: ['gateway.validates-parameters'],
    partOptions: { 'pdnd-interop-v3': { description: doc } },
  });
  await ref.rewrite(({ pdndInterop: b }) => void (b['openapi'] = REAL_OPENAPI));
  const { report } = await ref.run();
  const page = verdictOf(report.results, 'PDND3-PAGE-01');
  expect(page.verdict, page.reason).toBe('pass');
  expect(page.reason).toMatch(/All 56 paginated operations of the description/);
  expect(notPassing(report.results)).toEqual([]);
});
