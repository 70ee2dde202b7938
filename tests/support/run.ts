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

/**
 * Starts the reference target and rewrites its profile with `mutate` (to break the client side,
 * not the server), returning the profile file to run against.
 */
export async function referenceProfile(
  faults: readonly string[],
  mutate: (profile: Record<string, any>) => void, // eslint-disable-line @typescript-eslint/no-explicit-any
): Promise<{ file: string; dir: string; stop: () => Promise<void> }> {
  const { startReference } = await import('../../src/reference/index.js');
  const { readFile, writeFile } = await import('node:fs/promises');
  const { parse, stringify } = await import('yaml');
  const ref = await startReference({ faults });
  const profile = parse(await readFile(ref.profileFile, 'utf8')) as Record<string, unknown>;
  mutate(profile);
  await writeFile(ref.profileFile, stringify(profile));
  return { file: ref.profileFile, dir: path.dirname(ref.profileFile), stop: ref.stop };
}
