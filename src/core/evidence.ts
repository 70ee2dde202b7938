/**
 * Evidence is what a person reads to agree with a verdict: what was sent differently, what came
 * back. Items are plain data so every reporter can render them; secrets never go in (the report
 * redacts each result again as a second line of defence, src/report/assemble.ts).
 */
export interface Evidence {
  /** Short label of the probe or observation, e.g. "TLS 1.1 handshake" or "no client certificate". */
  label: string;
  /** The outcome in a few words, e.g. "refused: alert protocol_version". */
  outcome: string;
  /** What this observation proves for the requirement, when it is not obvious from the outcome. */
  finding?: 'pass' | 'fail' | 'warn' | 'inconclusive' | 'not-applicable' | 'info';
  /** Structured details: negotiated protocol, certificate subjects, HTTP status, headers. */
  details?: Record<string, unknown>;
}
