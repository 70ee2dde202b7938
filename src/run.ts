import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, Interrupted } from './core/errors.js';
import { planTargets, runPlanned } from './core/engine.js';
import { Redactor } from './core/redact.js';
import { DEFAULT_SETTINGS, type RunSettings } from './core/settings.js';
import type { ResultRecord } from './core/suite.js';
import { exitCodeFor } from './core/verdict.js';
import { metered, TrafficMeter } from './http/traffic.js';
import { writeManifest } from './pack/manifest.js';
import type { ManifestSigningKey } from './pack/signing-key.js';
import { loadProfiles } from './profile/load.js';
import { startReference } from './reference/index.js';
import { AuditTrail } from './audit/audit-trail.js';
import type { Baseline } from './audit/drift.js';
import { provenanceOf } from './audit/provenance.js';
import type { Waiver } from './audit/waivers.js';
import { ReportAssembly } from './report/assemble.js';
import { catalogueOrder } from './report/order.js';
import { terminalLine } from './report/escape.js';
import type { FinishedReport } from './report/model.js';
import { clearPreviousReport, writeReports } from './report/write.js';
import { loadCatalogue } from './suites/index.js';
import { VERSION } from './version.js';

export interface RunOptions {
  /** Target profile files; none means the embedded reference target. */
  targets: readonly string[];
  /** Suite ids; none means every suite the profile has a block for. */
  suites: readonly string[];
  /** Report folder; default reports/<timestamp>. */
  outDir?: string;
  settings?: Partial<RunSettings>;
  /** Faults to switch on in the embedded reference target (self-tests and demos). */
  referenceFaults?: readonly string[];
  /** Progress lines for a person; already redacted, control characters escaped. */
  log?: (line: string) => void;
  /**
   * Interrupts the run. Before the first probe (while profiles and the files they name are read)
   * the run stops at once with Interrupted and writes no report; from then on, the checks under
   * way are abandoned and the report is written, marked incomplete.
   */
  signal?: AbortSignal;
  /** Agreed exceptions (--waivers): a FAIL they cover is marked waived (src/audit/waivers.ts). */
  waivers?: readonly Waiver[];
  /** An earlier run's report (--baseline): the report says what changed since (src/audit/drift.ts). */
  baseline?: Baseline;
  /** Called when the profiles are loaded and the first probe is about to run. */
  onProbing?: () => void;
  /** Signs the report folder's manifest (src/pack). */
  signingKey?: ManifestSigningKey;
}

export interface RunOutcome {
  exitCode: number;
  /**
   * The report as the terminal summary reads it: header, summary and the head of each result in
   * report order. The results themselves are in the files of `outDir` (compliance-report.json).
   */
  report: ReportOverview;
  outDir: string;
}

/** A finished report without its results. */
export type ReportOverview = Omit<FinishedReport, 'read'>;

/** The report folder must be writable before anything is probed: a run whose report cannot be written is lost. */
async function ensureWritable(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
    await access(outDir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new ConfigError(`cannot write the report folder ${outDir} (${code})`, undefined, '--out');
  }
}

function defaultOutDir(startedAt: Date): string {
  return path.resolve('reports', startedAt.toISOString().replace(/[:.]/g, '-'));
}

/** The live line printed as each result is decided. */
function progressLine(r: ResultRecord): string {
  const verdict = r.waiver
    ? `${r.verdict.toUpperCase()} (waived ${r.waiver.ticket})`
    : r.verdict.toUpperCase();
  return `${verdict.padEnd(14)} ${r.id.padEnd(16)} ${r.target}/${r.site}  ${r.reason}`;
}

/**
 * Loading profiles reads files and parses them: work that stops at Ctrl-C at once (the CLI exits,
 * abandoning it) rather than when it ends, since nothing of it is reported.
 */
async function beforeInterrupted<T>(signal: AbortSignal | undefined, load: () => Promise<T>): Promise<T> {
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Interrupted('interrupted while the target profiles were read'));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([load(), interrupted]);
  } finally {
    signal?.removeEventListener('abort', onAbort!);
  }
}

/**
 * One run: read and check every profile (ConfigError on a bad one, before anything is probed),
 * run the suites, write every report format. The reports are written even when the run is
 * interrupted or a site is unreachable.
 */
export async function runAttesta(options: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const redactor = new Redactor();
  // Every connection and request of the run, by origin, for the report (operators have budgets).
  const meter = new TrafficMeter();
  const outDir = path.resolve(options.outDir ?? defaultOutDir(startedAt));
  // Loading the suites' code is part of reading: an interruption then ends the run at once too.
  const catalogue = await beforeInterrupted(options.signal, () => loadCatalogue());
  const reference = options.targets.length
    ? undefined
    : await startReference({ faults: options.referenceFaults ?? [], suites: options.suites });
  try {
    const files = reference ? [reference.profileFile] : options.targets;
    const planned = await beforeInterrupted(options.signal, async () =>
      planTargets(await loadProfiles(files), catalogue, options.suites, redactor),
    );
    const provenance = await provenanceOf(
      planned.map((p) => p.profile),
      reference ? options.referenceFaults : undefined,
    );
    await ensureWritable(outDir);
    options.onProbing?.();
    clearPreviousReport(outDir);
    // A text check on each line too: the records it prints are redacted already (ReportAssembly).
    // A peer's text in a reason must not start a line of its own or reorder one on the terminal.
    const log = (line: string) => options.log?.(terminalLine(redactor.redact(line)));
    const assembly = new ReportAssembly(redactor, outDir);
    const audit = new AuditTrail(options, startedAt);
    const targets = planned.map((p) => p.profile.name);
    let outcome: RunOutcome;
    try {
      await metered(meter, () =>
        // Handed over, not kept: once probed, the targets' files and keys are garbage while the report is written.
        runPlanned(planned.splice(0), settings, {
          signal: options.signal,
          onResult: (result) => log(progressLine(assembly.add(audit.waive(result)))),
        }),
      );
      const complete = !options.signal?.aborted;
      const exitCode = exitCodeFor(assembly.results, complete);
      const usedSuites = new Set(assembly.results.map((r) => r.suite));
      const report = assembly.finish(
        {
          harness: { name: 'attesta', version: VERSION },
          run: {
            startedAt: startedAt.toISOString(),
            finishedAt: new Date().toISOString(),
            complete,
            exitCode,
            targets,
            suites: catalogue.definitions
              .filter((d) => usedSuites.has(d.id))
              .map((d) => ({ id: d.id, title: d.title, source: d.source })),
            reference: Boolean(reference),
            traffic: meter.summary(),
            provenance,
            ...audit.header(assembly.results),
          },
        },
        catalogueOrder(catalogue.definitions),
      );
      await writeReports(report, outDir, redactor);
      outcome = { exitCode, report, outDir };
    } finally {
      // Before the manifest, which lists every file of the folder.
      assembly.dispose();
    }
    await writeManifest(outDir, { complete: outcome.report.run.complete, signingKey: options.signingKey });
    return outcome;
  } finally {
    await meter.close();
    await reference?.stop();
  }
}
