import { execFileSync, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { RunReport } from '../../src/report/model.js';
import { attesta } from '../support/cli.js';
import { expect, test } from '../support/fixtures.js';
import { REPO } from '../support/paths.js';

/** The nightly job: waivers, a baseline, provenance, and the CI recipe's own script. */
test.use({ suites: ['pagopa-connectivity'] });
test.describe.configure({ timeout: 180_000 });

const tempDir = (name: string) => mkdtemp(path.join(tmpdir(), `attesta-nightly-${name}-`));
const report = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, 'compliance-report.json'), 'utf8')) as RunReport;

async function waiversFile(waivers: object[]): Promise<string> {
  const file = path.join(await tempDir('waivers'), 'waivers.yaml');
  await writeFile(file, stringify({ waivers }));
  return file;
}

const waiver = (requirement: string, over: object = {}) => ({
  target: 'reference',
  requirement,
  justification: 'agreed with the platform until the load balancer is replaced',
  owner: 'ops@acme.example',
  ticket: `SEC-${requirement}`,
  expires: '2099-12-31',
  ...over,
});

test('waived FAILs stay FAILs but do not make the run non-compliant; expired and stale waivers are flagged', async ({
  launchReference,
}) => {
  const ref = await launchReference({ faults: ['pagopa.tls11-accepted'] });
  const out = await tempDir('waived');
  const file = await waiversFile([
    waiver('PAGOPA-TLS-01'),
    waiver('PAGOPA-DR-01'),
    waiver('PAGOPA-MTLS-01', { expires: '2020-01-01' }),
    waiver('PAGOPA-CERT-02'),
  ]);
  const r = await attesta(['run', '--target', ref.profileFile, '--waivers', file, '--out', out]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const run = await report(out);
  const fails = run.results.filter((x) => x.verdict === 'fail');
  expect(fails.map((x) => x.id).sort()).toEqual(['PAGOPA-DR-01', 'PAGOPA-TLS-01', 'PAGOPA-TLS-01']);
  for (const f of fails) expect(f.waiver).toMatchObject({ ticket: `SEC-${f.id}`, owner: 'ops@acme.example' });
  expect(run.run.waivers!.applied.map((w) => w.requirement).sort()).toEqual([
    'PAGOPA-DR-01',
    'PAGOPA-TLS-01',
  ]);
  expect(run.run.waivers!.expired.map((w) => w.requirement)).toEqual(['PAGOPA-MTLS-01']);
  expect(run.run.waivers!.stale.map((w) => w.requirement)).toEqual(['PAGOPA-CERT-02']);
  expect(r.stdout).toMatch(/1 expired \(no effect\), 1 stale/);
  const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
  expect(junit).toContain('type="FAIL, waived"');
  expect(junit).toContain('name="waiver.ticket" value="SEC-PAGOPA-TLS-01"');

  // Without the waivers the same target is not compliant; an expired one changes nothing.
  const plain = await attesta(['run', '--target', ref.profileFile, '--out', await tempDir('plain')]);
  expect(plain.code).toBe(1);
  const expiredOnly = await waiversFile([
    waiver('PAGOPA-TLS-01', { expires: '2020-01-01' }),
    waiver('PAGOPA-DR-01'),
  ]);
  const expired = await attesta([
    'run',
    '--target',
    ref.profileFile,
    '--waivers',
    expiredOnly,
    '--out',
    await tempDir('exp'),
  ]);
  expect(expired.code).toBe(1);
});

test('drift since a baseline: in the report, on the terminal, and attesta diff exits 1 only on a regression', async ({
  launchReference,
}) => {
  const good = await launchReference();
  const bad = await launchReference({ faults: ['pagopa.wrong-cn'] });
  const [first, second] = [await tempDir('night1'), await tempDir('night2')];
  expect((await attesta(['run', '--target', good.profileFile, '--out', first])).code).toBe(0);
  const baseline = path.join(first, 'compliance-report.json');
  const r = await attesta(['run', '--target', bad.profileFile, '--baseline', baseline, '--out', second]);
  expect(r.code).toBe(1);
  const drift = (await report(second)).run.drift!;
  expect(drift.newFails.map((c) => `${c.id} ${c.site} ${c.before}>${c.after}`).sort()).toEqual([
    'PAGOPA-CERT-02 primary pass>fail',
    'PAGOPA-CERT-02 secondary pass>fail',
    'PAGOPA-DR-01 all pass>fail',
  ]);
  expect(drift.fixed).toEqual([]);
  expect(r.stdout).toMatch(/3 new FAIL, 0 fixed/);

  const current = path.join(second, 'compliance-report.json');
  const regressed = await attesta(['diff', baseline, current]);
  expect(regressed.code).toBe(1);
  expect(regressed.stdout).toContain('PAGOPA-CERT-02 reference/primary: pass -> fail');
  const back = await attesta(['diff', current, baseline]);
  expect(back.code, back.stdout).toBe(0);
  expect(back.stdout).toMatch(/Fixed \(3\)/);
  expect((await attesta(['diff', baseline])).code).toBe(2);
  expect((await attesta(['diff', baseline, path.join(second, 'junit.xml')])).code).toBe(2);
});

test('provenance: harness commit, Node and OpenSSL, host and user, the CI job, each profile with its SHA-256 and URLs', async ({
  reference: ref,
}) => {
  const out = await tempDir('provenance');
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/qa',
    GITHUB_RUN_ID: '42',
  };
  const r = await attesta(['run', '--target', ref.profileFile, '--out', out], { env });
  expect(r.code, r.stderr).toBe(0);
  const p = (await report(out)).run.provenance!;
  expect(p.harness.commit).toBe(
    execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim(),
  );
  expect(p).toMatchObject({ node: process.version, openssl: process.versions.openssl });
  expect(p.ci).toEqual({ provider: 'GitHub Actions', jobUrl: 'https://github.com/acme/qa/actions/runs/42' });
  const sha256 = createHash('sha256')
    .update(await readFile(ref.profileFile))
    .digest('hex');
  expect(p.targets).toEqual([
    expect.objectContaining({ name: 'reference', profile: 'reference.yaml', sha256 }),
  ]);
  expect(p.targets[0]!.urls).toContain(ref.profile['pagopa'].endpoint.sites.primary.url);
  const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
  expect(junit).toContain(`value="reference.yaml sha256:${sha256}"`);
  const env2 = await readFile(path.join(out, 'allure-results', 'environment.properties'), 'utf8');
  expect(env2).toContain(`node=${process.version}`);
  const executor = JSON.parse(await readFile(path.join(out, 'allure-results', 'executor.json'), 'utf8'));
  expect(executor).toMatchObject({
    name: 'GitHub Actions',
    buildUrl: 'https://github.com/acme/qa/actions/runs/42',
  });
});

/**
 * examples/ci/nightly.sh, as the GitHub Actions and GitLab CI recipes run it: in the user's
 * repository, where Attesta is an installed dependency (node_modules/.bin/attesta), so that
 * `npx attesta` runs it. Run inside Attesta's own repository, npx would install the project as a
 * package of its own instead, whose prepare script rebuilds dist/ under the tests running beside.
 */
async function nightly(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const project = await tempDir('project');
  await mkdir(path.join(project, 'node_modules', '.bin'), { recursive: true });
  await symlink(path.join(REPO, 'bin', 'attesta.js'), path.join(project, 'node_modules', '.bin', 'attesta'));
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO, 'examples/ci/nightly.sh')], {
      cwd: project,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('the CI recipe: two nights, signed and verified packs, waivers from the repository, the regression gate', async ({
  launchReference,
}) => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const good = await launchReference();
  const bad = await launchReference({ faults: ['pagopa.no-san'] });
  const [night1, night2, night3] = [await tempDir('r1'), await tempDir('r2'), await tempDir('r3')];
  const common = {
    ATTESTA_WAIVERS: path.join(REPO, 'examples/waivers.example.yaml'),
    ATTESTA_SIGN_KEY: 'env:NIGHTLY_SIGNING_KEY',
    NIGHTLY_SIGNING_KEY: key,
    ATTESTA_GATE: 'regressions',
  };
  const first = await nightly({ ...common, ATTESTA_TARGETS: good.profileFile, ATTESTA_REPORT: night1 });
  expect(first.code, first.output).toBe(0);
  expect(first.output).toContain('stale'); // the example waiver names another target
  const baseline = path.join(night1, 'compliance-report.json');
  const second = await nightly({
    ...common,
    ATTESTA_TARGETS: bad.profileFile,
    ATTESTA_REPORT: night2,
    ATTESTA_BASELINE: baseline,
  });
  expect(second.code, second.output).toBe(1);
  expect(second.output).toMatch(/regression\(s\) since/);
  for (const dir of [night1, night2]) {
    expect(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')).files.length).toBeGreaterThan(
      3,
    );
    expect((await readFile(path.join(dir, 'manifest.jws'), 'utf8')).split('.')).toHaveLength(3);
  }
  // The same failing target a night later is no regression: the gate passes, the report still lists the FAIL.
  const third = await nightly({
    ...common,
    ATTESTA_TARGETS: bad.profileFile,
    ATTESTA_REPORT: night3,
    ATTESTA_BASELINE: path.join(night2, 'compliance-report.json'),
  });
  expect(third.code, third.output).toBe(0);
  expect((await report(night3)).results.some((x) => x.verdict === 'fail')).toBe(true);
  for (const text of [first.output, second.output, third.output])
    expect(text).not.toContain(key.split('\n')[1]!);
});
