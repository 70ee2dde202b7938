import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { loadSuiteDefinitions } from '../core/suite-definitions.js';
import type { ReferencePart, ReferencePartModule } from './part.js';
import { SharedServices } from './services/shared.js';

interface ReferenceTarget {
  profileFile: string;
  /** Where the profile and the files it names (keys, certificates) are. */
  dir: string;
  stop(): Promise<void>;
}

interface ReferenceOptions {
  /** Faults and variants to switch on. */
  faults: readonly string[];
  /** Suite ids whose parts to start; none means every part. */
  suites?: readonly string[];
  /** Options of a part, by suite id (self-tests: another e-service type, a request counter). */
  partOptions?: Readonly<Record<string, unknown>>;
}

/**
 * The parts of the reference target, found by suite id: src/reference/<suite id>/index.ts exports
 * `part`. A suite need not have one (its checks then run only against a --target).
 */
async function loadReferenceParts(): Promise<ReferencePartModule<unknown>[]> {
  const parts: ReferencePartModule<unknown>[] = [];
  for (const { id } of await loadSuiteDefinitions()) {
    if (!existsSync(new URL(`./${id}/`, import.meta.url))) continue;
    const { part } = (await import(`./${id}/index.js`)) as { part: ReferencePartModule<unknown> };
    if (part.suite !== id) throw new Error(`src/reference/${id} exports the part of ${part.suite}`);
    parts.push(part);
  }
  return parts;
}

function checkFaults(parts: readonly ReferencePartModule<unknown>[], asked: readonly string[]): void {
  const faults = parts.flatMap((p) => Object.keys(p.faults));
  const variants = parts.flatMap((p) => Object.keys(p.variants));
  const unknown = asked.filter((f) => !faults.includes(f) && !variants.includes(f));
  if (unknown.length) {
    throw new ConfigError(
      `unknown reference fault(s) ${unknown.join(', ')} (known: ${faults.join(', ')}; variants: ${variants.join(', ')})`,
    );
  }
}

/**
 * Starts the reference target: servers that meet every rule unless a named fault breaks one. A
 * profile file is written for it, so a run against it reads its profile exactly as a user's.
 * Only the parts of the selected suites start (all when none is selected); shared services
 * start once, for the parts that ask for them.
 */
export async function startReference(options: ReferenceOptions): Promise<ReferenceTarget> {
  const all = await loadReferenceParts();
  checkFaults(all, options.faults);
  const suites = options.suites ?? [];
  const wanted = all.filter((p) => suites.length === 0 || suites.includes(p.suite));
  const faults = new Set(options.faults);
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-reference-'));
  const services = new SharedServices(faults);
  const context = { dir, faults, service: services.get.bind(services) };
  const settled = await Promise.allSettled(
    wanted.map((p) => p.start(context, options.partOptions?.[p.suite])),
  );
  const parts = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(parts.map((p) => p.stop()));
    await services.stop();
    await rm(dir, { recursive: true, force: true });
  };
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const profileFile = path.join(dir, 'reference.yaml');
  await writeFile(profileFile, stringify(profileOf(parts)));
  return { profileFile, dir, stop };
}

function profileOf(parts: readonly ReferencePart[]): Record<string, unknown> {
  return Object.assign(
    { name: 'reference', description: 'The embedded reference target of Attesta' },
    ...parts.map((p) => p.profile),
  ) as Record<string, unknown>;
}
