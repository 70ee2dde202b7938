/** The verdict vocabulary of the report contract (DESIGN.md). */
export const VERDICTS = ['pass', 'fail', 'warn', 'inconclusive', 'not-applicable', 'manual'] as const;
export type Verdict = (typeof VERDICTS)[number];

export type Level = 'MUST' | 'SHOULD' | 'MANUAL';

/** What a check found, before the requirement's level is applied. */
export type Finding = 'pass' | 'fail' | 'warn' | 'inconclusive' | 'not-applicable';

/**
 * Severity order used when several findings decide one requirement: a failure outweighs an
 * unknown, which outweighs a warning; "not applicable" only wins when nothing else was found.
 */
const WEIGHT: Record<Finding, number> = { fail: 4, inconclusive: 3, warn: 2, pass: 1, 'not-applicable': 0 };

export function worst(findings: readonly Finding[]): Finding {
  return findings.reduce<Finding>((a, b) => (WEIGHT[b] > WEIGHT[a] ? b : a), 'not-applicable');
}

/** SHOULD requirements are recommendations: a failed check is a WARN, never a FAIL. */
export function applyLevel(level: Level, finding: Finding): Verdict {
  if (level === 'MANUAL') return 'manual';
  if (level === 'SHOULD' && finding === 'fail') return 'warn';
  return finding;
}

export type Summary = Record<Verdict, number>;

export function summarize(verdicts: Iterable<Verdict>): Summary {
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Summary;
  for (const v of verdicts) summary[v] += 1;
  return summary;
}

export const EXIT = { compliant: 0, notCompliant: 1, unusable: 2, undetermined: 3 } as const;

/**
 * Exit status per DESIGN.md: a FAIL proves non-compliance even when other checks could not decide.
 * A FAIL covered by an unexpired waiver (an agreed remediation) does not by itself.
 */
export function exitCodeFor(
  results: readonly { level: Level; verdict: Verdict; waiver?: unknown }[],
  complete: boolean,
): number {
  if (results.some((r) => r.verdict === 'fail' && !r.waiver)) return EXIT.notCompliant;
  if (!complete || results.some((r) => r.level === 'MUST' && r.verdict === 'inconclusive')) {
    return EXIT.undetermined;
  }
  return EXIT.compliant;
}
