import { test, expect } from '@playwright/test';
import { verdictOf } from '../support/run.js';
import { CONFORMANT, runVouchers, startVouchersReference } from './support.js';

test('the conformant reference passes every pdnd-vouchers requirement', async () => {
  const ref = await startVouchersReference();
  try {
    const started = Date.now();
    const { report } = await runVouchers(ref.profileFile);
    const elapsed = Date.now() - started;
    console.log(`pdnd-vouchers against the reference: ${elapsed} ms`);
    for (const r of report.results) console.log(r.verdict, r.id, r.reason);
    for (const [id, verdict] of Object.entries(CONFORMANT))
      expect(verdictOf(report.results, id).verdict, id).toBe(verdict);
  } finally {
    await ref.stop();
  }
});
