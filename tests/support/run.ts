import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAttesta, type RunOptions, type RunOutcome } from '../../src/run.js';
import type { ResultRecord } from '../../src/core/suite.js';

/** Self-tests use short timeouts: every peer is on loopback. */
export const TEST_SETTINGS = { probeTimeoutMs: 3_000, checkTimeoutMs: 30_000 };

export async function runForTest(options: Partial<RunOptions>): Promise<RunOutcome> {
  return runAttesta({
    targets: [],
    suites: [],
    outDir: await mkdtemp(path.join(tmpdir(), 'attesta-report-')),
    ...options,
    settings: { ...TEST_SETTINGS, ...options.settings },
  });
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
