import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/attesta.js over dist/, as `npx attesta` does) and collects its output. */
export function attesta(
  args: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    onSpawn?: (kill: (signal: NodeJS.Signals) => void) => void;
    /** Each chunk of stdout as it comes (a test that waits for the run to be under way). */
    onStdout?: (chunk: string) => void;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'attesta.js'), ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.onSpawn?.((signal) => child.kill(signal));
  });
}
