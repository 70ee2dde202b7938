#!/usr/bin/env node
/**
 * Scale benchmark: one `attesta run` (the dist build) over N pagoPA target profiles pointing at a
 * few local nginx servers (Debian's nginx-light, as the self-tests start them), and its wall time,
 * peak memory (maximum RSS) and CPU time, as GNU time (/usr/bin/time, Debian package "time")
 * reports them for the child.
 *
 *     npm run bench:targets -- 1000          # N targets (default 1000)
 *     npm run bench:targets -- 250 500 1000 2000   # one run each, for the linearity check
 *
 * Not a test: it times nothing against a threshold. It builds dist first (npm run build), and
 * compiles the self-tests' nginx helper (tests/support/nginx.ts) into dist/bench/ to reuse it.
 * Each profile names one site (as the nginx self-tests' profiles do): 17 TLS connections per
 * target. Environment: ATTESTA_BENCH_SITES (sites per profile, 1 or 2, default 1),
 * ATTESTA_BENCH_SERVERS (nginx instances, default 4), ATTESTA_NGINX (binary),
 * ATTESTA_BENCH_KEEP=1 (keep the profiles and reports, in a temp folder it names),
 * ATTESTA_BENCH_PROF=DIR (a V8 CPU profile of the run, --cpu-prof, written into DIR).
 */
import { execFileSync, spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { nginxHelper, ROOT } from './bench-nginx.mjs';

const SERVERS = Number(process.env.ATTESTA_BENCH_SERVERS ?? 4);
const SITES = Number(process.env.ATTESTA_BENCH_SITES ?? 1);
const counts = process.argv.slice(2).map(Number);
if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error('usage: bench-targets.mjs [N]...   (N: number of targets, default 1000)');
  process.exit(2);
}

/** GNU time's report of a child: wall seconds, peak RSS (KB), user and system CPU seconds. */
const TIME = '/usr/bin/time';
const TIME_FORMAT = '%e %M %U %S';

/** The summary at the end of the report, read without reading the report whole. */
async function summaryOf(file) {
  const handle = await open(file).catch(() => undefined);
  if (!handle) return '(no report)';
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, 1024));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const text = tail.toString('utf8');
    const at = text.lastIndexOf('"summary": ');
    return at < 0 ? '(no summary)' : JSON.stringify(JSON.parse(text.slice(at + 11, text.lastIndexOf('}'))));
  } finally {
    await handle.close();
  }
}

async function runOnce(n, sites, work) {
  const files = [];
  for (let i = 0; i < n; i++) {
    // Each entity's sites on different servers, as a primary and its disaster-recovery site are.
    const own = Array.from({ length: SITES }, (_, k) => sites[(i + k) % sites.length]);
    const name = `ente-${String(i).padStart(5, '0')}`;
    const file = path.join(work, `${name}.yaml`);
    const profile = helper.pagopaProfile(name, own);
    await writeFile(file, stringify(profile));
    files.push(file);
  }
  const out = path.join(work, `report-${n}`);
  const args = [path.join(ROOT, 'bin', 'attesta.js'), 'run', '--quiet', '--out', out];
  for (const f of files) args.push('--target', f);
  const timeFile = path.join(work, `time-${n}.txt`);
  const child = spawn(
    TIME,
    [
      '-o',
      timeFile,
      '-f',
      TIME_FORMAT,
      process.execPath,
      ...(process.env.ATTESTA_BENCH_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ATTESTA_BENCH_PROF}`]
        : []),
      ...args,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)));
  const [wall, peakKb, user, system] = (await readFile(timeFile, 'utf8'))
    .trim()
    .split('\n')
    .at(-1)
    .split(' ');
  console.log(
    `${String(n).padStart(6)} targets: ${wall} s wall, peak RSS ${(Number(peakKb) / 1024).toFixed(0)} MB, ` +
      `CPU ${user} s user + ${system} s system, exit ${code}, ` +
      `summary ${await summaryOf(path.join(out, 'compliance-report.json'))}`,
  );
}

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const helper = await nginxHelper();
const work = await mkdtemp(path.join(tmpdir(), 'attesta-bench-'));
const pki = await helper.createTestPki();
const sites = [];
try {
  for (let i = 0; i < SERVERS; i++) sites.push(await helper.startNginx('compliant', pki));
  console.log(
    `${SERVERS} nginx servers (compliant pagoPA sites, one test PKI), ${SITES} site(s) per target; ` +
      `node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  for (const n of counts.length ? counts : [1000]) await runOnce(n, sites, work);
} finally {
  await Promise.all(sites.map((s) => s.stop()));
  if (process.env.ATTESTA_BENCH_KEEP) console.log(`profiles and reports kept in ${work}`);
  else await rm(work, { recursive: true, force: true });
}
