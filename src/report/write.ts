import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redactor } from '../core/redact.js';
import type { SuiteDefinition } from '../core/suite.js';
import type { RunReport } from './model.js';

/** Writes every report format into `outDir`. Each writer's output passes through the redactor once more. */
export async function writeReports(
  report: RunReport,
  outDir: string,
  _definitions: readonly SuiteDefinition[],
  redactor: Redactor,
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'compliance-report.json'), redactor.redact(JSON.stringify(report, null, 2)) + '\n');
}
