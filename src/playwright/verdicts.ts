import { test } from '@playwright/test';
import type { Evidence } from '../core/evidence.js';
import type { Redactor } from '../core/redact.js';
import type { ResultRecord } from '../core/suite.js';
import { applyLevel, worst, type Finding, type Level } from '../core/verdict.js';
import { applyVerdict, attachResult } from './settle.js';

/** A check of the user's own, decided in a spec: it lands in the compliance report like Attesta's. */
export interface OwnVerdict {
  /** Your id, e.g. ACME-HSTS-01; keep it apart from the catalogue's prefixes. */
  id: string;
  level: Level;
  statement: string;
  verify: string;
  finding: Finding;
  reason: string;
  /** The site judged, for a per-site check; else "target". */
  site?: string;
  evidence?: Evidence[];
  /** The document the requirement comes from (a path or a name). */
  source?: string;
  /** Groups your checks in the report (default "own checks"). */
  suite?: string;
}

/**
 * The `verdict` fixture: `record()` each decision; when the test ends the worst of them decides the
 * test's status by the rule of Attesta's own tests (src/playwright/settle.ts). Results are
 * redacted with the profile's secrets before they are attached.
 */
export class Verdicts {
  private readonly recorded: ResultRecord[] = [];
  private readonly started = Date.now();

  constructor(
    private readonly target: string,
    private readonly redactor: Redactor,
  ) {}

  async record(v: OwnVerdict): Promise<ResultRecord> {
    const suite = v.suite ?? 'own checks';
    const result: ResultRecord = this.redactor.redactValue({
      id: v.id,
      suite,
      suiteTitle: suite,
      level: v.level,
      target: this.target,
      site: v.site ?? 'target',
      verdict: applyLevel(v.level, v.finding),
      reason: v.reason,
      evidence: v.evidence ?? [],
      source: v.source ?? test.info().file,
      statement: v.statement,
      verify: v.verify,
      startedAt: new Date(this.started).toISOString(),
      durationMs: Date.now() - this.started,
    });
    this.recorded.push(result);
    await attachResult({ result });
    return result;
  }

  /** Called when the test ends: the worst recorded finding decides its status. */
  settle(): void {
    if (!this.recorded.length) return;
    const finding = worst(this.recorded.map((r) => (r.verdict === 'manual' ? 'not-applicable' : r.verdict)));
    const decisive = this.recorded.find((r) => r.verdict === finding) ?? this.recorded[0]!;
    if (decisive.verdict === 'not-applicable') return; // a skip cannot be declared once the test has run
    applyVerdict(decisive);
  }
}
