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

/**
 * Writes every format of a report into `outDir`. Second line of defence against leaked secrets: every
 * string of the report is redacted before rendering (so escaping cannot hide a secret from the
 * redactor) and every file's text once more after.
 */
export async function writeReports(report: RunReport, outDir: string, redactor: Redactor): Promise<void> {
  const files = renderReport(redactDeep(report, redactor), REPORTERS);
  for (const folder of new Set(files.map((f) => path.dirname(path.join(outDir, f.path)))))
    await mkdir(folder, { recursive: true });
  await Promise.all(files.map((f) => writeFile(path.join(outDir, f.path), redactor.redact(f.content))));
}

/**
 * Redacts each string (and key) where it stands. Redacting serialized JSON would miss a secret
 * containing a quote or backslash, which JSON escapes.
 */
function redactDeep<T>(value: T, redactor: Redactor): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactor.redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactor.redact(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
