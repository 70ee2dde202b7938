import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attesta } from '../support/cli.js';
import { test, expect } from '../support/fixtures.js';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

test('`attesta run` with no target runs against the embedded reference and writes every report', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'attesta-cli-'));
  const started = Date.now();
  const r = await attesta(['run', '--suite', 'pagopa-connectivity', '--out', out]);
  const seconds = (Date.now() - started) / 1000;
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/PAGOPA-TLS-01 +primary=pass +secondary=pass/);
  expect(r.stdout).toMatch(/Result: compliant .*\(exit 0\)/);
  const report = JSON.parse(await readFile(path.join(out, 'compliance-report.json'), 'utf8'));
  expect(report.schemaVersion).toBe(1);
  expect(report.run.complete).toBe(true);
  expect(report.results.every((x: { source: string }) => x.source === 'specs/pagopa-connectivity.md')).toBe(
    true,
  );
  console.log(`pagopa-connectivity against the reference, CLI end to end: ${seconds.toFixed(1)} s`);
  expect(seconds).toBeLessThan(15);
});

test('`attesta list --json` lists the suites and every requirement id they implement', async () => {
  const r = await attesta(['list', '--json']);
  expect(r.code).toBe(0);
  const { suites } = JSON.parse(r.stdout) as { suites: { id: string; requirements: { id: string }[] }[] };
  const pagopa = suites.find((s) => s.id === 'pagopa-connectivity')!;
  expect(pagopa.requirements.map((x) => x.id)).toHaveLength(14);
});

test('secrets planted in a profile appear in no report, attachment or log line', async ({
  reference: ref,
}) => {
  await ref.rewrite((p) => {
    p['pagopa'].platform.apiKeys.primary = 'env:ATTESTA_TEST_PRIMARY';
    p['pagopa'].platform.apiKeys.secondary = 'env:ATTESTA_TEST_SECONDARY';
  });
  const primary = await readFile(path.join(ref.dir, 'pagopa-apikey-primary'), 'utf8');
  const secondary = await readFile(path.join(ref.dir, 'pagopa-apikey-secondary'), 'utf8');
  const revoked = await readFile(path.join(ref.dir, 'pagopa-apikey-revoked'), 'utf8');
  const keyLines = (await readFile(path.join(ref.dir, 'pagopa-client.key'), 'utf8'))
    .split('\n')
    .filter((l) => l.length > 20 && !l.startsWith('-----'));
  const out = await mkdtemp(path.join(tmpdir(), 'attesta-secrets-'));
  const r = await attesta(['run', '--target', ref.profileFile, '--out', out], {
    env: { ATTESTA_TEST_PRIMARY: primary, ATTESTA_TEST_SECONDARY: secondary },
  });
  expect(r.code, r.stderr).toBe(0);
  const files = await filesUnder(out);
  expect(files.length).toBeGreaterThan(0);
  const outputs = [r.stdout, r.stderr, ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))];
  // Also a long prefix: the "one character changed" key shares all but one character with the primary.
  const secrets = [primary, secondary, revoked, primary.slice(0, 16), ...keyLines];
  for (const secret of secrets) {
    for (const text of outputs)
      expect(text.includes(secret), `a secret leaked: ${secret.slice(0, 4)}...`).toBe(false);
  }
});

test('an interrupted run exits 3 and still writes a report marked incomplete', async ({
  reference: ref,
  silentPort,
}) => {
  // A site that accepts TCP but never answers keeps the run busy until we interrupt it.
  await ref.rewrite((p) => {
    p['pagopa'].endpoint.sites.secondary.url = `https://dr.ente.attesta.test:${silentPort}/pagopa/paForNode`;
  });
  const out = await mkdtemp(path.join(tmpdir(), 'attesta-interrupt-'));
  // Interrupt once probing is under way: the first progress line comes after the CLI installed its
  // signal handler (a fixed delay could beat it on a loaded machine, and the run would just die).
  let kill: ((signal: NodeJS.Signals) => void) | undefined;
  let interrupted = false;
  const r = await attesta(['run', '--target', ref.profileFile, '--out', out], {
    onSpawn: (k) => (kill = k),
    onStdout: () => {
      if (interrupted) return;
      interrupted = true;
      kill?.('SIGINT');
    },
  });
  expect(r.code, r.stdout + r.stderr).toBe(3);
  expect(r.stderr).toMatch(/interrupted/);
  const report = JSON.parse(await readFile(path.join(out, 'compliance-report.json'), 'utf8'));
  expect(report.run.complete).toBe(false);
  expect((await stat(path.join(out, 'compliance-report.json'))).size).toBeGreaterThan(0);
});

test('`--fault` shows a failing report of the reference target; it cannot be combined with --target', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'attesta-fault-'));
  const r = await attesta([
    'run',
    '--fault',
    'pagopa.no-san',
    '--suite',
    'pagopa-connectivity',
    '--out',
    out,
  ]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/PAGOPA-CERT-02 +primary=fail +secondary=fail/);
  expect(r.stdout).toMatch(/Result: NOT compliant .*\(exit 1\)/);
  const mixed = await attesta(['run', '--fault', 'pagopa.no-san', '--target', 'x.yaml']);
  expect(mixed.code).toBe(2);
  expect((await attesta(['run', '--fault', 'no-such-fault'])).stderr).toMatch(
    /unknown reference fault\(s\) no-such-fault/,
  );
});

test('several targets in one run: one result per id, target and site; one failing target makes the run not compliant', async ({
  launchReference,
}) => {
  const good = await launchReference();
  await good.rewrite((p) => void (p['name'] = 'ente-a'));
  const bad = await launchReference({ faults: ['pagopa.no-san'] });
  await bad.rewrite((p) => void (p['name'] = 'ente-b'));
  const out = await mkdtemp(path.join(tmpdir(), 'attesta-targets-'));
  const r = await attesta([
    'run',
    '--target',
    good.profileFile,
    '--target',
    bad.profileFile,
    '--suite',
    'pagopa-connectivity',
    '--out',
    out,
  ]);
  expect(r.code, r.stderr).toBe(1);
  const report = JSON.parse(await readFile(path.join(out, 'compliance-report.json'), 'utf8'));
  expect(report.run.targets).toEqual(['ente-a', 'ente-b']);
  const verdict = (target: string) =>
    report.results.find(
      (x: { id: string; target: string; site: string }) =>
        x.id === 'PAGOPA-CERT-02' && x.target === target && x.site === 'primary',
    ).verdict;
  expect(verdict('ente-a')).toBe('pass');
  expect(verdict('ente-b')).toBe('fail');
  expect(report.results).toHaveLength(2 * 23);
});
