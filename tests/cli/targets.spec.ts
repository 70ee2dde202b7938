/**
 * Runs of several targets: each target has its own name, no listener piles up on the run's
 * interruption however many checks are under way, and Ctrl-C while the profiles load ends the
 * run at once (DESIGN.md: exit 130 and no report).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { attesta } from '../support/cli.js';
import { REPO, SHARED_DATA } from '../support/paths.js';
import { test, expect } from '../support/fixtures.js';

/** Copies of the reference's profile under other names, in its folder (so its relative paths hold). */
async function copiesOf(ref: { dir: string; profile: Record<string, unknown> }, names: string[]) {
  const files: string[] = [];
  for (const name of names) {
    const file = path.join(ref.dir, `${name}.yaml`);
    await writeFile(file, stringify({ ...ref.profile, name }));
    files.push(file);
  }
  return files;
}

test('two targets of one name are a configuration error naming both files', async ({ reference }) => {
  const [a, b] = await copiesOf(reference, ['acme', 'acme-2']);
  await writeFile(b!, stringify({ ...reference.profile, name: 'acme' }));
  const out = path.join(reference.dir, 'out');
  const r = await attesta(['run', '--target', a!, '--target', b!, '--out', out]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain(`${b}:1:1 /name: names the target "acme", as ${a} does`);
  expect(existsSync(out)).toBe(false);
});

test('a run of several targets adds no listener per check: no MaxListenersExceededWarning', async ({
  launchReference,
}) => {
  const reference = await launchReference({ suites: ['pagopa-connectivity', 'pdnd-vouchers'] });
  const files = await copiesOf(reference, ['first', 'second', 'third']);
  const r = await attesta(
    ['run', ...files.flatMap((f) => ['--target', f]), '--out', path.join(reference.dir, 'out'), '--quiet'],
    { env: { NODE_OPTIONS: '--trace-warnings' } },
  );
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/third +PAGOPA-TLS-01/);
  expect(r.stderr).not.toMatch(/MaxListenersExceededWarning|Possible EventTarget memory leak/);
});

test('Ctrl-C while the profiles are read stops within a second: exit 130, no report', async () => {
  // Loading is made slow honestly: many targets, each naming a trust file (a few seconds here).
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-many-'));
  await copyFile(
    path.join(SHARED_DATA, 'pagopa-forwarder-certs', 'forwarder.platform.pagopa.it.pem'),
    path.join(dir, 'trust.pem'),
  );
  const args: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const file = path.join(dir, `t${i}.yaml`);
    const platform = {
      url: 'https://127.0.0.1:1/x',
      trust: 'trust.pem',
      apiKeys: { primary: 'env:ACME_KEY' },
    };
    await writeFile(file, stringify({ name: `t${i}`, pagopa: { platform } }));
    args.push('--target', file);
  }
  const out = path.join(dir, 'out');
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'bin', 'attesta.js'), 'run', ...args, '--out', out, '--suite', 'pagopa-connectivity'],
    { env: { ...process.env, ACME_KEY: 'not-used-1234' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let signalled = false;
  let interruptedAt = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    // Printed once the signal handler is installed, before the first profile is read.
    if (signalled || !stderr.includes('reading 1500 target profiles')) return;
    signalled = true;
    // The clock starts when the signal is sent, not when it was planned: a loaded machine fires timers late.
    setTimeout(() => {
      interruptedAt = Date.now();
      child.kill('SIGINT');
    }, 200);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  expect(interruptedAt, 'interrupted while loading').toBeGreaterThan(0);
  expect(Date.now() - interruptedAt).toBeLessThan(1_000);
  expect(code, stderr).toBe(130);
  expect(stderr).toMatch(
    /interrupted while the target profiles were read: nothing was checked, no report written/,
  );
  expect(stdout, 'not a single check ran').not.toMatch(/PAGOPA-/);
  expect(existsSync(out), 'no report folder').toBe(false);
});
