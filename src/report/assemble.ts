/**
 * Builds the report as results are decided, for both entry points (`attesta run` and the
 * Playwright reporter), and is the one place secrets are taken out of it: each result is redacted
 * as it enters, before the terminal or any reporter reads it, and the run header when the report
 * is finished. What leaves here is plain JSON data (see Redactor.redactValue), so
 * compliance-report.json holds exactly what every other format renders. After this, only a last
 * text check runs over what is written or printed (write.ts, run.ts).
 *
 * Memory does not grow with the results: each redacted result goes to a spill file at once
 * (spill.ts, a folder `.attesta-spill-*` inside `workDir`), and only its head stays (ResultHead:
 * ids, verdict, duration, the reason of a FAIL or INCONCLUSIVE), for the order, the summary and
 * the exit status. Use:
 *
 *     const assembly = new ReportAssembly(redactor, outDir);
 *     assembly.add(result);                 // as each result is decided, in any order
 *     const report = assembly.finish(header, order);   // order: compares two ResultHeads
 *     try { await writeReports(report, outDir, redactor); } finally { assembly.dispose(); }
 *
 * `finish` may be called more than once (each call sees every result added so far); `dispose`
 * deletes the spill, after which the finished reports cannot be read.
 */
import type { Redactor } from '../core/redact.js';
import type { ResultRecord } from '../core/suite.js';
import { summarize } from '../core/verdict.js';
import type { FinishedReport, ResultHead, RunReport, StoredHead } from './model.js';
import { ResultSpill } from './spill.js';

/** The order of a report's results (run.ts: by target, catalogue, site). */
export type ResultOrder = (a: ResultHead, b: ResultHead) => number;

export class ReportAssembly {
  private readonly heads: StoredHead[] = [];
  private readonly spill: ResultSpill;
  /** One copy of each name: a head repeats a few strings thousands of times. */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly redactor: Redactor,
    workDir: string,
  ) {
    this.spill = new ResultSpill(workDir);
  }

  /** The heads of the results added so far, as they came (for the exit status before `finish`). */
  get results(): readonly ResultHead[] {
    return this.heads;
  }

  /** The file the results are spilled to. */
  get spillFile(): string {
    return this.spill.file;
  }

  /** Takes a decided result in; returns it redacted, the only form anything may print or write. */
  add(result: ResultRecord): ResultRecord {
    const safe = this.redactor.redactValue(result);
    const ref = this.spill.append(safe);
    const name = <T extends string>(s: T): T => {
      if (!this.names.has(s)) this.names.set(s, s);
      return this.names.get(s) as T;
    };
    this.heads.push({
      ref,
      suite: name(safe.suite),
      id: name(safe.id),
      level: name(safe.level),
      target: name(safe.target),
      site: name(safe.site),
      verdict: name(safe.verdict),
      durationMs: safe.durationMs,
      ...(safe.verdict === 'fail' || safe.verdict === 'inconclusive' ? { reason: safe.reason } : {}),
      ...(safe.waiver ? { waiver: safe.waiver } : {}),
    });
    return safe;
  }

  /** The finished report: the results in the order `compare` gives (else as they came), and their summary. */
  finish(header: Pick<RunReport, 'harness' | 'run'>, compare?: ResultOrder): FinishedReport {
    const heads = compare ? [...this.heads].sort(compare) : [...this.heads];
    const { harness, run } = this.redactor.redactValue(header);
    const spill = this.spill;
    return {
      schemaVersion: 1,
      harness,
      run,
      summary: summarize(heads.map((r) => r.verdict)),
      heads,
      *read(wanted) {
        for (const head of wanted) yield spill.read(head.ref);
      },
    };
  }

  /** Deletes the spilled results. */
  dispose(): void {
    this.spill.remove();
  }
}
