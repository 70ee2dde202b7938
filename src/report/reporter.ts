import type { FinishedReport } from './model.js';

/** A file of the report folder. */
export interface ReportFile {
  /** Relative to the report folder, with "/" between folders (e.g. allure-results/x.json). */
  path: string;
  /**
   * The text, whole or in chunks as the reporter reads the results. Each chunk holds whole
   * strings of the report (a result's part, never half a value): the writer's last text check
   * for secrets runs chunk by chunk.
   */
  content: string | Iterable<string>;
}

/**
 * One report format. A reporter reads the report alone - never the suite definitions - so any
 * format can be rendered again from compliance-report.json, or from two reports merged
 * (inMemoryReport).
 *
 * It gives files rather than writing them: the writer (write.ts) owns the folder and runs the
 * last text check for secrets over every chunk, whatever the format, and tests render in memory.
 * Both are lazy: a reporter reads each result when its file is written, through
 * `report.read(heads)`, so no format holds the run's results; what it needs of all of them (order,
 * counts, verdicts) is in `report.heads`.
 */
export interface Reporter {
  /** The files and folders of the report folder this format writes (cleared before a run writes there). */
  readonly paths: readonly string[];
  files(report: FinishedReport): Iterable<ReportFile>;
}

/** Every file the reporters make of a report, rendered in memory (tests, small reports). */
export function renderReport(
  report: FinishedReport,
  reporters: readonly Reporter[],
): { path: string; content: string }[] {
  return reporters.flatMap((reporter) =>
    [...reporter.files(report)].map(({ path, content }) => ({
      path,
      content: typeof content === 'string' ? content : [...content].join(''),
    })),
  );
}
