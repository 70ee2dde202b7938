#!/usr/bin/env node
/**
 * The two entry points side by side: wall time of `attesta run` and of `npx playwright test`
 * against N copies of the embedded reference target's profile (the same servers under N target
 * names), N = 1 (the default demo) and N = 20 by default.
 *
 *     npm run bench:entry-points            # N = 1 and 20
 *     npm run bench:entry-points -- 1 5 20
 *
 * Not a test: it times nothing against a threshold. It uses the dist build (npm run build first).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const counts = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 20];
const { startReference } = await import(path.join(ROOT, 'dist/reference/index.js'));

/** Wall time of one command, in seconds; its exit status. */
function timed(args, env) {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}

const reference = await startReference({ faults: [] });
try {
  const profile = parse(await readFile(reference.profileFile, 'utf8'));
  for (const n of counts) {
    const dir = await mkdtemp(path.join(tmpdir(), 'attesta-entry-points-'));
    const files = [];
    for (let i = 0; i < n; i++) {
      // Beside the reference's own profile: the files it names are relative to it.
      const file = path.join(path.dirname(reference.profileFile), `bench-${i}.yaml`);
      await writeFile(file, stringify({ ...profile, name: `target-${i}` }));
      files.push(file);
    }
    const cli = await timed(
      [
        path.join(ROOT, 'bin/attesta.js'),
        'run',
        ...files.flatMap((f) => ['--target', f]),
        '--out',
        path.join(dir, 'cli'),
        '--quiet',
      ],
      {},
    );
    const pw = await timed(
      [
        path.join(ROOT, 'node_modules/@playwright/test/cli.js'),
        'test',
        ...(process.env.ATTESTA_BENCH_PW_ARGS ?? '').split(' ').filter(Boolean),
      ],
      {
        ATTESTA_TARGETS: files.join(','),
        ATTESTA_OUT: path.join(dir, 'pw'),
      },
    );
    console.log(
      `${String(n).padStart(3)} target(s): attesta run ${cli.seconds.toFixed(1)} s (exit ${cli.code}), ` +
        `npx playwright test ${pw.seconds.toFixed(1)} s (exit ${pw.code}); load ${loadavg()[0].toFixed(1)}`,
    );
    await rm(dir, { recursive: true, force: true });
  }
} finally {
  await reference.stop();
}
