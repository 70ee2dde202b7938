/** The verdict of each pdnd-vouchers requirement against the conformant reference (DPoP-04: it issues no nonce). */
export const CONFORMANT: Readonly<Record<string, string>> = {
  'PDND-VOUCHER-01': 'pass',
  'PDND-VOUCHER-02': 'pass',
  'PDND-DPOP-03': 'pass',
  'PDND-PRODUCER-01': 'pass',
  'PDND-AUDIT-01': 'pass',
  'PDND-DPOP-01': 'pass',
  'PDND-DPOP-02': 'pass',
  'PDND-DPOP-04': 'not-applicable',
};
