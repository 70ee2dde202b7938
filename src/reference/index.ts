import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { PAGOPA_FAULTS, startPagopaReference } from './pagopa/index.js';

/**
 * One platform's part of the reference target: servers on loopback plus the block of the target
 * profile that points at them. Each part keeps the files it writes (keys, certificates) in `dir`.
 */
export interface ReferencePart {
  /** The profile block, keyed by the suite's profile key (e.g. { pagopa: {...} }). */
  profile: Record<string, unknown>;
  stop(): Promise<void>;
}

export interface ReferenceTarget {
  profileFile: string;
  stop(): Promise<void>;
}

/** Every named fault, each breaking exactly one rule. */
export const REFERENCE_FAULTS: readonly string[] = [...PAGOPA_FAULTS];

/**
 * Starts the reference target: servers that meet every rule unless a named fault breaks one. A
 * profile file is written for it, so a run against it reads its profile exactly as a user's.
 */
export async function startReference(options: { faults: readonly string[] }): Promise<ReferenceTarget> {
  const unknown = options.faults.filter((f) => !REFERENCE_FAULTS.includes(f));
  if (unknown.length) {
    throw new ConfigError(
      `unknown reference fault(s) ${unknown.join(', ')} (known: ${REFERENCE_FAULTS.join(', ')})`,
    );
  }
  const faults = new Set(options.faults);
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-reference-'));
  const parts: ReferencePart[] = [];
  const stop = async () => {
    await Promise.all(parts.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    parts.push(await startPagopaReference(dir, faults));
  } catch (e) {
    await stop();
    throw e;
  }
  const profileFile = path.join(dir, 'reference.yaml');
  const profile = Object.assign(
    { name: 'reference', description: 'The embedded reference target of Attesta' },
    ...parts.map((p) => p.profile),
  );
  await writeFile(profileFile, stringify(profile));
  return { profileFile, stop };
}
