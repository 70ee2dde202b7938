import { test, expect } from '@playwright/test';
import { verdictOf } from '../support/run.js';
import { runVouchers, startVouchersReference } from './support.js';

test('the conformant reference passes every pdnd-vouchers requirement', async () => {
  const ref = await startVouchersReference();
  try {
    const started = Date.now();
    const { report } = await runVouchers(ref.profileFile);
    const elapsed = Date.now() - started;
    console.log(`pdnd-vouchers against the reference: ${elapsed} ms`);
    for (const r of report.results) console.log(r.verdict, r.id, r.reason);
    const expected: Record<string, string> = {
      'PDND-VOUCHER-01': 'pass',
      'PDND-VOUCHER-02': 'pass',
      'PDND-DPOP-03': 'pass',
      'PDND-PRODUCER-01': 'pass',
      'PDND-AUDIT-01': 'pass',
      'PDND-DPOP-01': 'pass',
      'PDND-DPOP-02': 'pass',
      'PDND-DPOP-04': 'not-applicable',
    };
    for (const [id, verdict] of Object.entries(expected))
      expect(verdictOf(report.results, id).verdict, id).toBe(verdict);
  } finally {
    await ref.stop();
  }
});
