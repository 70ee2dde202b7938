import type { ResultRecord } from '../core/suite.js';
import type { RunReport } from './model.js';

/** A file of the report folder. */
export interface ReportFile {
  /** Relative to the report folder, with "/" between folders (e.g. allure-results/x.json). */
  path: string;
  content: string;
}

/**
 * One report format. A reporter reads the report model alone - never the suite definitions - so
 * any format can be rendered again from compliance-report.json, or from two reports merged.
 *
 * It returns files rather than writing them: the writer (write.ts) owns the folder and runs the
 * last text check for secrets over every file, whatever the format, and tests render in memory.
 *
 * `onResult` is for formats with files of their own per result (Allure): it is called once per
 * result, in report order, before `onEnd`. A runner that streams (a Playwright front-end, or
 * 1,000+ targets) can call it as each result is decided and write those files at once; formats
 * that need the whole run (JSON, HTML, JUnit) implement `onEnd` only.
 */
export interface Reporter {
  onResult?(result: ResultRecord): ReportFile[];
  onEnd(report: RunReport): ReportFile[];
}

/** Every file the reporters make of a finished report, in the order each reporter gives them. */
export function renderReport(report: RunReport, reporters: readonly Reporter[]): ReportFile[] {
  return reporters.flatMap((reporter) => [
    ...report.results.flatMap((r) => reporter.onResult?.(r) ?? []),
    ...reporter.onEnd(report),
  ]);
}
