import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAttesta, type RunOptions, type RunOutcome } from '../../src/run.js';
import type { ResultRecord } from '../../src/core/suite.js';
import type { RunReport } from '../../src/report/model.js';
import { expect } from '@playwright/test';

/** Self-tests use short timeouts: every peer is on loopback. */
export const TEST_SETTINGS = { probeTimeoutMs: 3_000, checkTimeoutMs: 30_000 };

/** A run's outcome with its whole report, read back from the compliance-report.json it wrote. */
export interface TestRunOutcome extends Omit<RunOutcome, 'report'> {
  report: RunReport;
}

export async function runForTest(options: Partial<RunOptions>): Promise<TestRunOutcome> {
  const outcome = await runAttesta({
    targets: [],
    suites: [],
    outDir: await mkdtemp(path.join(tmpdir(), 'attesta-report-')),
    ...options,
    settings: { ...TEST_SETTINGS, ...options.settings },
  });
  const file = path.join(outcome.outDir, 'compliance-report.json');
  return { ...outcome, report: JSON.parse(await readFile(file, 'utf8')) as RunReport };
}

/** The verdict of one id at one site (or "platform", "all"), failing loudly when there is none. */
export function verdictOf(results: readonly ResultRecord[], id: string, site?: string): ResultRecord {
  const found = results.filter((r) => r.id === id && (site === undefined || r.site === site));
  if (found.length !== 1) {
    throw new Error(
      `expected one result for ${id}${site ? `@${site}` : ''}, got ${found.length}: ${JSON.stringify(found.map((r) => r.site))}`,
    );
  }
  return found[0]!;
}

/** Each id's verdict as expected (at one site, when given), naming the id and reason of any other. */
export function expectVerdicts(
  results: readonly ResultRecord[],
  expected: Readonly<Record<string, string>>,
  site?: string,
): void {
  for (const [id, verdict] of Object.entries(expected)) {
    const r = verdictOf(results, id, site);
    expect(r.verdict, `${id}${site ? `@${site}` : ''}: ${r.reason}`).toBe(verdict);
  }
}
