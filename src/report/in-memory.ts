import type { FinishedReport, RunReport } from './model.js';

/**
 * A report held whole in memory (compliance-report.json read back, two reports merged, a test's
 * report) in the form the reporters read.
 */
export function inMemoryReport(report: RunReport): FinishedReport {
  const { results, ...rest } = report;
  return {
    ...rest,
    heads: results.map((r, ref) => ({ ...r, ref })),
    *read(heads) {
      for (const head of heads) yield results[head.ref]!;
    },
  };
}

/** Every result of a finished report read into memory: for tests and small runs, never at scale. */
export function loadReport(report: FinishedReport): RunReport {
  const { schemaVersion, harness, run, summary } = report;
  return { schemaVersion, harness, run, results: [...report.read(report.heads)], summary };
}
