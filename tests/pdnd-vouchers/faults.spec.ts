import { test, expect } from '@playwright/test';
import { PDND_VOUCHERS_FAULTS } from '../../src/reference/pdnd/index.js';
import { verdictOf } from '../support/run.js';
import { runVouchers, startVouchersReference } from './support.js';

/** Each fault breaks one rule of the reference; the requirement about that rule must turn FAIL (WARN for SHOULD). */
const CASES: [fault: string, id: string, verdict: 'fail' | 'warn'][] = [
  ['as.voucher-without-purpose-id', 'PDND-VOUCHER-01', 'fail'],
  ['as.assertion-audience-not-checked', 'PDND-VOUCHER-02', 'fail'],
  ['as.assertion-expiry-not-checked', 'PDND-VOUCHER-02', 'fail'],
  ['as.assertion-signature-not-checked', 'PDND-VOUCHER-02', 'fail'],
  ['as.purpose-id-optional', 'PDND-VOUCHER-02', 'fail'],
  ['as.dpop-unbound', 'PDND-DPOP-03', 'fail'],
  ['as.dpop-proof-not-checked', 'PDND-DPOP-03', 'fail'],
  ['vouchers.signature-not-checked', 'PDND-PRODUCER-01', 'fail'],
  ['vouchers.alg-none-accepted', 'PDND-PRODUCER-01', 'fail'],
  ['vouchers.expired-accepted', 'PDND-PRODUCER-01', 'fail'],
  ['vouchers.audience-not-checked', 'PDND-PRODUCER-01', 'fail'],
  ['vouchers.audit-digest-not-compared', 'PDND-AUDIT-01', 'fail'],
  ['vouchers.dpop-not-required', 'PDND-DPOP-01', 'fail'],
  ['vouchers.jkt-not-checked', 'PDND-DPOP-01', 'fail'],
  ['vouchers.htm-not-checked', 'PDND-DPOP-01', 'fail'],
  ['vouchers.htu-not-checked', 'PDND-DPOP-01', 'fail'],
  ['vouchers.ath-not-checked', 'PDND-DPOP-01', 'fail'],
  ['vouchers.iat-not-checked', 'PDND-DPOP-01', 'fail'],
  ['vouchers.proof-header-not-checked', 'PDND-DPOP-01', 'fail'],
  ['vouchers.no-replay-cache', 'PDND-DPOP-02', 'fail'],
  ['vouchers.nonce-not-verified', 'PDND-DPOP-04', 'warn'],
];

test('every fault of the part is exercised by a case', () => {
  expect([...CASES.map(([f]) => f)].sort()).toEqual([...PDND_VOUCHERS_FAULTS].sort());
});

for (const [fault, id, verdict] of CASES) {
  test(`${fault} turns ${id} ${verdict.toUpperCase()}`, async () => {
    const ref = await startVouchersReference([fault]);
    try {
      const { report } = await runVouchers(ref.profileFile);
      const result = verdictOf(report.results, id);
      expect(result.verdict, result.reason).toBe(verdict);
      // The evidence names the mutation that got through.
      expect(result.evidence.some((e) => e.finding === 'fail')).toBe(true);
    } finally {
      await ref.stop();
    }
  });
}
