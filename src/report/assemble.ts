import type { Redactor } from '../core/redact.js';
import type { ResultRecord } from '../core/suite.js';
import { summarize } from '../core/verdict.js';
import type { RunReport } from './model.js';

/**
 * Builds the report model as results are decided, and is the one place secrets are taken out of
 * it: each result is redacted as it enters, before the terminal or any reporter reads it, and the
 * run header when the model is finished. What leaves here is plain JSON data (see
 * Redactor.redactValue), so compliance-report.json holds exactly what every other format renders.
 * After this, only a last text check runs over what is written or printed (write.ts, run.ts).
 */
export class ReportAssembly {
  private readonly results: ResultRecord[] = [];

  constructor(private readonly redactor: Redactor) {}

  /** Takes a decided result in; returns it redacted, the only form anything may print or write. */
  add(result: ResultRecord): ResultRecord {
    const safe = this.redactor.redactValue(result);
    this.results.push(safe);
    return safe;
  }

  /** The finished model: the results in the order `compare` gives (else as they came), and their summary. */
  finish(
    header: Pick<RunReport, 'harness' | 'run'>,
    compare?: (a: ResultRecord, b: ResultRecord) => number,
  ): RunReport {
    const results = compare ? [...this.results].sort(compare) : [...this.results];
    const { harness, run } = this.redactor.redactValue(header);
    return { schemaVersion: 1, harness, run, results, summary: summarize(results.map((r) => r.verdict)) };
  }
}
