import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redactor } from '../core/redact.js';
import { allureReporter } from './allure.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { RunReport } from './model.js';
import { renderReport, type Reporter } from './reporter.js';

/** Every format of a run, each beside compliance-report.json. */
export const REPORTERS: readonly Reporter[] = [jsonReporter, htmlReporter, junitReporter, allureReporter];

/** The formats of a Playwright run: its Allure results come from allure-playwright, by the same mapping. */
export const PLAYWRIGHT_REPORTERS: readonly Reporter[] = [jsonReporter, htmlReporter, junitReporter];

/**
 * Writes every format of a report into `outDir`. The report comes redacted from ReportAssembly;
 * each file's text is checked once more here, the last line of defence.
 */
export async function writeReports(
  report: RunReport,
  outDir: string,
  redactor: Redactor,
  reporters: readonly Reporter[] = REPORTERS,
): Promise<void> {
  const files = renderReport(report, reporters);
  for (const folder of new Set(files.map((f) => path.dirname(path.join(outDir, f.path)))))
    await mkdir(folder, { recursive: true });
  await Promise.all(files.map((f) => writeFile(path.join(outDir, f.path), redactor.redact(f.content))));
}
