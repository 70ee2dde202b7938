import type { Evidence } from '../core/evidence.js';
import type { Outcome } from '../core/suite.js';
import type { ParsedCsr } from './parse.js';

/** The environments a Thales TSH CSR is declared for: pre-production and production. */
export type ThalesEnv = 'PPR' | 'PRD';

/** A request as the profile declares it: for which environment, from which file. */
export interface DeclaredCsr {
  env: ThalesEnv;
  file: string;
  csr: ParsedCsr;
}

/** One request's judgement on one rule: pass or fail, and what was found (never a key). */
export interface CsrFinding {
  ok: boolean;
  found: string;
}

/**
 * Judges every declared request on one rule and gives one outcome: FAIL naming each request that
 * breaks it, else PASS; evidence has one line per request with what was found.
 */
export function judgeEach(
  csrs: readonly DeclaredCsr[],
  rule: string,
  judge: (c: DeclaredCsr) => CsrFinding,
): Outcome {
  const judged = csrs.map((c) => ({ c, ...judge(c) }));
  const evidence: Evidence[] = judged.map(({ c, ok, found }) => ({
    label: `${c.env} CSR (${c.file})`,
    outcome: found,
    finding: ok ? 'pass' : 'fail',
    details: { subject: c.csr.subjectLine },
  }));
  const failed = judged.filter((j) => !j.ok);
  if (failed.length)
    return {
      finding: 'fail',
      reason: `${failed.map((j) => `The ${j.c.env} CSR: ${j.found}`).join('; ')} (expected ${rule}).`,
      evidence,
    };
  return {
    finding: 'pass',
    reason: `${judged.map((j) => `The ${j.c.env} CSR: ${j.found}`).join('; ')}.`,
    evidence,
  };
}
