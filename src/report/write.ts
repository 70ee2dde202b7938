import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redactor } from '../core/redact.js';
import type { SuiteDefinition } from '../core/suite.js';
import { allureFiles } from './allure.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import type { RunReport } from './model.js';

/**
 * Writes every report format into `outDir`. Second line of defence against leaked secrets: every
 * string of the report is redacted before rendering (so escaping cannot hide a secret from the
 * redactor) and every file's text once more after.
 */
export async function writeReports(
  report: RunReport,
  outDir: string,
  definitions: readonly SuiteDefinition[],
  redactor: Redactor,
): Promise<void> {
  const safe = redactDeep(report, redactor);
  const allureDir = path.join(outDir, 'allure-results');
  await mkdir(allureDir, { recursive: true });
  const write = (file: string, text: string) => writeFile(file, redactor.redact(text));
  await Promise.all([
    write(path.join(outDir, 'compliance-report.json'), JSON.stringify(safe, null, 2) + '\n'),
    write(path.join(outDir, 'compliance-report.html'), renderHtml(safe, definitions)),
    write(path.join(outDir, 'junit.xml'), renderJunit(safe, definitions)),
    ...allureFiles(safe, definitions).map((f) => write(path.join(allureDir, f.name), f.content)),
  ]);
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
