import type { Outcome } from '../core/suite.js';
import type { DeclaredCsr } from './each.js';

/** TH-CSR-05: where requests for both environments are given, their public keys differ. */
export function judgeDistinctKeys(csrs: readonly DeclaredCsr[]): Outcome {
  const evidence = csrs.map((c) => ({
    label: `${c.env} CSR (${c.file})`,
    outcome: `public key SHA-256 ${c.csr.keyFingerprint}`,
    finding: 'info' as const,
  }));
  const ppr = csrs.find((c) => c.env === 'PPR');
  const prd = csrs.find((c) => c.env === 'PRD');
  if (!ppr || !prd)
    return {
      finding: 'not-applicable',
      reason: `Only the ${csrs.map((c) => c.env).join('') || 'no'} CSR is given: there is no second environment to compare keys with.`,
      evidence,
    };
  return ppr.csr.keyFingerprint === prd.csr.keyFingerprint
    ? {
        finding: 'fail',
        reason: `The PPR and PRD CSRs carry the same public key (SHA-256 ${ppr.csr.keyFingerprint}): each environment needs its own key pair.`,
        evidence,
      }
    : { finding: 'pass', reason: 'The PPR and PRD CSRs carry different public keys.', evidence };
}
