import { createWriteStream, existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { Redactor } from '../core/redact.js';
import { allureReporter } from './allure.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { FinishedReport } from './model.js';
import type { Reporter } from './reporter.js';
import { SPILL_PREFIX } from './spill.js';
import { MANIFEST, SIGNATURE } from '../pack/files.js';

/** Every format of a run, each beside compliance-report.json. */
export const REPORTERS: readonly Reporter[] = [jsonReporter, htmlReporter, junitReporter, allureReporter];

/** The formats of a Playwright run: its Allure results come from allure-playwright, by the same mapping. */
export const PLAYWRIGHT_REPORTERS: readonly Reporter[] = [jsonReporter, htmlReporter, junitReporter];

/** Small files (Allure's, one or two per result) written at once. */
const FILES_IN_FLIGHT = 16;

/**
 * Removes from `outDir` what an earlier Attesta run wrote there - every reporter's files and
 * folders (allure-results/ whole), the integrity manifest and its signature, and the spill a
 * killed run left - so that a re-used report folder never mixes two runs. Anything else in the
 * folder is the user's and stays.
 */
export function clearPreviousReport(outDir: string): void {
  const ours = new Set([...REPORTERS.flatMap((r) => r.paths), MANIFEST, SIGNATURE]);
  const entries = existsSync(outDir) ? readdirSync(outDir) : [];
  const stale = entries.filter((name) => ours.has(name) || name.startsWith(SPILL_PREFIX));
  // Synchronous: a Playwright reporter clears the folder before allure-playwright writes to it.
  for (const name of stale) rmSync(path.join(outDir, name), { recursive: true, force: true });
}

/**
 * Writes every format of a report into `outDir`, reading the results as each file is written.
 * The report comes redacted from ReportAssembly; each chunk of text is checked once more here,
 * the last line of defence.
 */
export async function writeReports(
  report: FinishedReport,
  outDir: string,
  redactor: Redactor,
  reporters: readonly Reporter[] = REPORTERS,
): Promise<void> {
  const folders = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for (const reporter of reporters) {
    for (const { path: name, content } of reporter.files(report)) {
      const file = path.join(outDir, name);
      if (!folders.has(path.dirname(file))) await mkdir(path.dirname(file), { recursive: true });
      folders.add(path.dirname(file));
      if (typeof content !== 'string') {
        await streamFile(file, content, redactor);
        continue;
      }
      const written: Promise<void> = writeFile(file, redactor.redact(content))
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => inFlight.delete(written));
      inFlight.add(written);
      if (inFlight.size >= FILES_IN_FLIGHT) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}

/** One file written chunk by chunk, waiting for the disk when its buffer is full. */
async function streamFile(file: string, chunks: Iterable<string>, redactor: Redactor): Promise<void> {
  const out = createWriteStream(file);
  try {
    for (const chunk of chunks) if (!out.write(redactor.redact(chunk))) await once(out, 'drain');
  } finally {
    out.end();
  }
  await finished(out);
}
