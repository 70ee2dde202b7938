import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { PAGOPA_FAULTS, startPagopaReference } from './pagopa/index.js';
import { startAuthorizationServer, type ReferenceAuthorizationServer } from './pdnd/authorization-server.js';
import { PDND_VOUCHERS_FAULTS, startPdndVouchersReference } from './pdnd/index.js';
import { PDND_GATEWAY_FAULTS, startPdndGatewayReference } from './pdnd-gateway/index.js';

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
export const REFERENCE_FAULTS: readonly string[] = [
  ...PAGOPA_FAULTS,
  ...PDND_VOUCHERS_FAULTS,
  ...PDND_GATEWAY_FAULTS,
];

/** Which parts a run needs: only those of the selected suites (all when none is selected). */
function wanted(suites: readonly string[], suite: string): boolean {
  return suites.length === 0 || suites.includes(suite);
}

/**
 * Starts the reference target: servers that meet every rule unless a named fault breaks one. A
 * profile file is written for it, so a run against it reads its profile exactly as a user's.
 * The PDND parts share one authorization server, as PDND's consumers and producers do.
 */
export async function startReference(options: {
  faults: readonly string[];
  suites?: readonly string[];
}): Promise<ReferenceTarget> {
  const unknown = options.faults.filter((f) => !REFERENCE_FAULTS.includes(f));
  if (unknown.length) {
    throw new ConfigError(
      `unknown reference fault(s) ${unknown.join(', ')} (known: ${REFERENCE_FAULTS.join(', ')})`,
    );
  }
  const faults = new Set(options.faults);
  const suites = options.suites ?? [];
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-reference-'));
  const parts: ReferencePart[] = [];
  let as: ReferenceAuthorizationServer | undefined;
  const stop = async () => {
    await Promise.all(parts.map((p) => p.stop()));
    await as?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const starting: Promise<ReferencePart>[] = [];
    if (wanted(suites, 'pagopa-connectivity')) starting.push(startPagopaReference(dir, faults));
    if (wanted(suites, 'pdnd-vouchers') || wanted(suites, 'pdnd-interop-v3')) {
      as = await startAuthorizationServer({ faults });
      if (wanted(suites, 'pdnd-vouchers')) starting.push(startPdndVouchersReference(dir, faults, as));
      if (wanted(suites, 'pdnd-interop-v3')) starting.push(startPdndGatewayReference(dir, faults, as));
    }
    const settled = await Promise.allSettled(starting);
    for (const s of settled) if (s.status === 'fulfilled') parts.push(s.value);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
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
