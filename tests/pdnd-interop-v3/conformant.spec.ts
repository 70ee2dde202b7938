import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { PDND3_IDS, SUITE } from './support.js';

test.use({ suites: SUITE });

test('the conformant reference gateway passes every PDND3 requirement', async ({ reference: ref }) => {
  const started = Date.now();
  const { report, exitCode } = await ref.run();
  const elapsed = Date.now() - started;
  for (const id of PDND3_IDS) {
    const r = verdictOf(report.results, id, 'platform');
    expect(r.verdict, `${id}: ${r.reason}`).toBe('pass');
  }
  expect(exitCode).toBe(0);
  const load = verdictOf(report.results, 'PDND3-INT-01').evidence.find((e) => e.label === 'load')!;
  console.log(`pdnd-interop-v3 against the reference: ${load.outcome}, ${elapsed} ms`);
  // Each response rule says how many responses it examined, and compared every one of them.
  for (const id of [
    'PDND3-INT-01',
    'PDND3-INT-02',
    'PDND3-INT-03',
    'PDND3-INT-04',
    'PDND3-RATE-01',
    'PDND3-SCHEMA-01',
  ]) {
    const examined = verdictOf(report.results, id).evidence[0]!;
    expect(examined.outcome, id).toMatch(
      /^(\d+) responses \(.*400×.*401×.*404×.*\), \1 compared, 0 failing$/,
    );
  }
  expect(verdictOf(report.results, 'PDND3-INT-03').evidence[1]!.outcome).toMatch(
    /^the JWKS file \S+pdnd-gateway-jwks\.json \(1 key\)$/,
  );
});
