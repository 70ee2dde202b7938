import { test } from '../support/fixtures.js';
import { expectVerdicts } from '../support/run.js';
import { CONFORMANT } from './support.js';

test.use({ suites: ['pdnd-vouchers'] });

test('the conformant reference passes every pdnd-vouchers requirement', async ({ reference }) => {
  const started = Date.now();
  const { report } = await reference.run();
  const elapsed = Date.now() - started;
  console.log(`pdnd-vouchers against the reference: ${elapsed} ms`);
  for (const r of report.results) console.log(r.verdict, r.id, r.reason);
  expectVerdicts(report.results, CONFORMANT);
});
