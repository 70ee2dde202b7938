import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunReport } from '../../src/report/model.js';
import { REPO } from './paths.js';

export interface PlaywrightRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npx playwright test` (or another Playwright command) at the project root, as a user runs it:
 * the compliance config, not the self-tests'. The environment is the user's, without the
 * variables Playwright sets in this self-test's own worker. A `test` run gets its own output
 * folder: by default Playwright empties test-results/ when a run starts, under the self-tests
 * still writing there.
 */
export async function playwright(
  args: string[],
  env: Record<string, string>,
  /** Each chunk of stdout as it comes, with a way to signal the run (an interruption test). */
  onStdout?: (chunk: string, kill: (signal: NodeJS.Signals) => void) => void,
): Promise<PlaywrightRun> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(TEST_|PW_|PLAYWRIGHT_|ATTESTA_)/.test(k)),
  );
  const output = args[0] === 'test' ? await mkdtemp(path.join(tmpdir(), 'attesta-pw-output-')) : undefined;
  return new Promise<PlaywrightRun>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(REPO, 'node_modules/@playwright/test/cli.js'),
        ...args,
        ...(output ? ['--output', output] : []),
      ],
      {
        cwd: REPO,
        env: { ...inherited, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(d.toString(), (signal) => child.kill(signal));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  }).finally(() => output && rm(output, { recursive: true, force: true }));
}

export async function readReport(dir: string): Promise<RunReport> {
  return JSON.parse(await readFile(path.join(dir, 'compliance-report.json'), 'utf8')) as RunReport;
}

/** Verdict and reason per target, suite, id and site; ports (which differ run to run) masked. */
export function verdictTable(report: RunReport): Record<string, string> {
  return Object.fromEntries(
    report.results.map((r) => [
      `${r.target} ${r.suite} ${r.id} ${r.site}`,
      `${r.verdict}: ${r.reason.replace(/(port |:)\d{4,5}\b/g, '$1<port>')}`,
    ]),
  );
}
