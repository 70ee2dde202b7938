import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attesta } from '../support/cli.js';
import { countingProxy, type CountingProxy } from '../support/counting-proxy.js';
import { expect, test, type RunningReference } from '../support/fixtures.js';
import { playwright, readReport, verdictTable } from '../support/playwright-run.js';

/**
 * `npx playwright test` at the project root (the compliance config) against reference targets,
 * compared with `attesta run`: one engine, one report, two entry points.
 */
test.describe.configure({ timeout: 240_000 });

const tempDir = (name: string) => mkdtemp(path.join(tmpdir(), `attesta-pw-${name}-`));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Puts a connection-counting relay in front of each pagoPA site of a reference target. */
async function countSites(ref: RunningReference, name: string): Promise<CountingProxy[]> {
  const proxies: CountingProxy[] = [];
  await ref.rewrite(async (p) => {
    p['name'] = name;
    for (const site of Object.values(p['pagopa'].endpoint.sites) as { url: string }[]) {
      const url = new URL(site.url);
      const proxy = await countingProxy(Number(url.port));
      proxies.push(proxy);
      url.port = String(proxy.port);
      site.url = url.toString();
    }
  });
  return proxies;
}

const connections = (proxies: readonly CountingProxy[]) => proxies.reduce((n, p) => n + p.connections(), 0);

/** Each test's last status in Playwright's JSON report, by requirement id and site. */
async function playwrightStatuses(file: string): Promise<Map<string, string>> {
  type Spec = { title: string; tests: { projectName: string; results: { status: string }[] }[] };
  type Suite = { specs?: Spec[]; suites?: Suite[] };
  const statuses = new Map<string, string>();
  const walk = (s: Suite) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) statuses.set(`${t.projectName} ${spec.title}`, t.results.at(-1)!.status);
    }
    for (const child of s.suites ?? []) walk(child);
  };
  for (const s of (JSON.parse(await readFile(file, 'utf8')) as { suites: Suite[] }).suites) walk(s);
  return statuses;
}

test('the reference target gets the same verdicts and reasons through npx playwright test as through attesta run, and no secret in any output', async ({
  reference: ref,
}) => {
  await ref.rewrite((p) => {
    p['pagopa'].platform.apiKeys.primary = 'env:ATTESTA_TEST_PRIMARY';
  });
  const primary = await readFile(path.join(ref.dir, 'pagopa-apikey-primary'), 'utf8');
  const keyLines = (await readFile(path.join(ref.dir, 'pagopa-client.key'), 'utf8'))
    .split('\n')
    .filter((l) => l.length > 20 && !l.startsWith('-----'));
  const env = { ATTESTA_TEST_PRIMARY: primary };
  const [cliOut, pwOut] = [await tempDir('cli'), await tempDir('pw')];
  const cli = await attesta(['run', '--target', ref.profileFile, '--out', cliOut], { env });
  const pw = await playwright(['test'], { ...env, ATTESTA_TARGETS: ref.profileFile, ATTESTA_OUT: pwOut });
  expect(cli.code, cli.stderr).toBe(0);
  expect(pw.code, pw.stdout + pw.stderr).toBe(0);

  const viaCli = await readReport(cliOut);
  const viaPw = await readReport(pwOut);
  const own = viaPw.results.filter((r) => r.suite === 'own checks');
  const catalogue = { ...viaPw, results: viaPw.results.filter((r) => r.suite !== 'own checks') };
  expect(verdictTable(catalogue)).toEqual(verdictTable(viaCli));
  expect(viaPw.run).toMatchObject({ complete: true, exitCode: 0, targets: ['reference'] });
  // The example check written with the fixtures (checks/) lands in the same report.
  expect(own.map((r) => `${r.id} ${r.site}`).sort()).toEqual([
    'ACME-HSTS-01 primary',
    'ACME-HSTS-01 secondary',
  ]);
  // The pack of a Playwright run verifies like attesta run's: every file, Allure's included.
  const verified = await attesta(['verify', pwOut]);
  expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  const manifest = JSON.parse(await readFile(path.join(pwOut, 'manifest.json'), 'utf8'));
  expect(manifest.files.some((f: { path: string }) => f.path.startsWith('allure-results/'))).toBe(true);
  for (const f of ['compliance-report.html', 'junit.xml']) {
    expect(await readFile(path.join(pwOut, f), 'utf8')).toContain('PAGOPA-TLS-01');
  }

  // allure-playwright's results carry the catalogue's labels, by the mapping attesta run uses.
  const allure = (await filesUnder(path.join(pwOut, 'allure-results'))).filter((f) =>
    f.endsWith('-result.json'),
  );
  const results = await Promise.all(allure.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
  type Label = { name: string; value: string };
  const tls = results.find((r) =>
    r.labels.some((l: Label) => l.name === 'story' && l.value === 'PAGOPA-TLS-01'),
  );
  const label = (name: string) => tls.labels.filter((l: Label) => l.name === name).map((l: Label) => l.value);
  expect(label('epic')).toEqual(['pagoPA connectivity']);
  expect(label('feature')).toEqual(['pagopa-connectivity']);
  expect(label('severity')).toEqual(['critical']);
  expect(label('requirementId')).toEqual(['PAGOPA-TLS-01']);
  expect(label('verdict')).toEqual(['PASS']);
  expect(tls.links).toEqual([expect.objectContaining({ url: 'specs/pagopa-connectivity.md' })]);
  // The same identity, description and parameters as attesta run's result for the same test.
  const site = (r: { parameters: { name: string; value: string }[] }) =>
    r.parameters.find((p) => p.name === 'site')?.value;
  const fromCli = (await filesUnder(path.join(cliOut, 'allure-results')))
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(f, 'utf8')))
    .find((r) => r.historyId === tls.historyId);
  expect(fromCli, 'attesta run wrote a result with the same historyId').toBeDefined();
  expect(tls.testCaseId).toBe(fromCli.testCaseId);
  expect(tls.description).toBe(fromCli.description);
  expect(tls.description).toContain('Source: specs/pagopa-connectivity.md');
  expect(site(tls)).toBe(site(fromCli));
  expect(tls.steps.map((s: { name: string }) => s.name)).toEqual(
    expect.arrayContaining([expect.stringMatching(/TLS ?1\.1/i)]),
  );
  // allure-playwright puts each attachment in a step of its own.
  const evidence = tls.steps.find((s: { name: string }) => s.name === 'evidence');
  expect(evidence.attachments.map((a: { name: string }) => a.name)).toEqual(['evidence']);
  const warned = results.filter((r) =>
    r.labels.some((l: Label) => l.name === 'verdict' && l.value === 'WARN'),
  );
  expect(warned.length).toBeGreaterThan(0);
  for (const r of warned) expect(r.statusDetails.message).toMatch(/^WARN: /);

  const outputs = [pw.stdout, pw.stderr, cli.stdout, cli.stderr];
  for (const f of [...(await filesUnder(pwOut)), ...(await filesUnder(cliOut))])
    outputs.push(await readFile(f, 'utf8'));
  for (const secret of [primary, primary.slice(0, 16), ...keyLines]) {
    for (const text of outputs)
      expect(text.includes(secret), `a secret leaked: ${secret.slice(0, 4)}...`).toBe(false);
  }
});

test.describe('with faults', () => {
  test.use({
    suites: ['pagopa-connectivity'],
    faults: ['pagopa.tls11-accepted', 'pagopa.client-cert-optional'],
  });

  test('a FAIL is a failed test, and the worker restarted after it does not probe the target again, whoever decides the campaigns', async ({
    reference: ref,
  }) => {
    const proxies = await countSites(ref, 'faulty');
    const cliOut = await tempDir('cli');
    const cli = await attesta(['run', '--target', ref.profileFile, '--out', cliOut]);
    expect(cli.code, cli.stderr).toBe(1);
    const byCli = connections(proxies);
    const expected = (await readReport(cliOut)).results.filter((r) => r.suite === 'pagopa-connectivity');
    expect(expected.filter((r) => r.verdict === 'fail').length).toBeGreaterThan(2);

    // With Attesta's reporter the main process decides the campaigns ahead of the tests; without
    // it (another reporter, the UI mode) the first test of each group decides its campaign in its
    // worker, and every failed test restarts that worker.
    const reporters = {
      'the main process': 'list,json,./reporters/compliance.ts',
      'the workers': 'list,json',
    };
    for (const [decider, reporter] of Object.entries(reporters)) {
      const out = await tempDir('pw');
      const json = path.join(out, 'playwright.json');
      const before = connections(proxies);
      // Attesta's tests only (--grep): the example check of checks/ makes requests of its own.
      const pw = await playwright(['test', '--grep', '@pagopa-connectivity', `--reporter=${reporter}`], {
        ATTESTA_TARGETS: ref.profileFile,
        ATTESTA_OUT: out,
        PLAYWRIGHT_JSON_OUTPUT_NAME: json,
      });
      expect(pw.code, `${decider}: ${pw.stdout}${pw.stderr}`).toBe(1);
      // The campaigns were kept in the run's folder: probed once, as attesta run probes.
      expect(connections(proxies) - before, decider).toBe(byCli);
      const statuses = await playwrightStatuses(json);
      for (const r of expected) {
        const title = [...statuses.keys()].find(
          (t) => t.startsWith(`faulty ${r.id} `) && (t.endsWith(`[${r.site}]`) || !t.endsWith(']')),
        );
        expect(title, `${decider}: ${r.id} ${r.site}`).toBeDefined();
        expect(statuses.get(title!), `${decider}: ${title}`).toBe(EXPECTED_STATUS[r.verdict]);
      }
    }
  });
});

/** Playwright's status for each verdict (src/playwright/settle.ts). */
const EXPECTED_STATUS: Record<string, string> = {
  pass: 'passed',
  warn: 'passed',
  fail: 'failed',
  inconclusive: 'failed',
  'not-applicable': 'skipped',
  manual: 'skipped',
};

test.describe('sharded', () => {
  test.use({ suites: ['pagopa-connectivity'] });

  test('three shards merged with merge-reports give the unsharded verdicts, and no campaign runs twice', async ({
    launchReference,
  }) => {
    const targets = [
      await launchReference({ faults: ['pagopa.tls11-accepted'] }),
      await launchReference(),
      await launchReference({ faults: ['pagopa.wrong-cn'] }),
    ];
    const proxies = (await Promise.all(targets.map((t, i) => countSites(t, `entity-${i}`)))).flat();
    const env = { ATTESTA_TARGETS: targets.map((t) => t.profileFile).join(',') };

    const whole = await tempDir('whole');
    const grep = ['--grep', '@pagopa-connectivity'];
    expect((await playwright(['test', ...grep], { ...env, ATTESTA_OUT: whole })).code).toBe(1);
    const unsharded = connections(proxies);

    const blobs = await tempDir('blobs');
    for (const shard of [1, 2, 3]) {
      const r = await playwright(['test', ...grep, `--shard=${shard}/3`], {
        ...env,
        ATTESTA_OUT: await tempDir(`shard${shard}`),
        PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(blobs, String(shard)),
      });
      expect([0, 1], r.stdout + r.stderr).toContain(r.code);
    }
    expect(connections(proxies) - unsharded).toBe(unsharded);

    const merged = await tempDir('merged');
    const zips = path.join(blobs, 'all');
    await collectBlobs(blobs, zips);
    const m = await playwright(['merge-reports', '--config', 'reporters/merge.config.ts', zips], {
      ATTESTA_OUT: merged,
    });
    expect(m.code, m.stdout + m.stderr).toBe(0);
    const mergedReport = await readReport(merged);
    expect(mergedReport.run).toMatchObject({ complete: true, exitCode: 1 });
    expect(verdictTable(mergedReport)).toEqual(verdictTable(await readReport(whole)));
  });
});

/** The shards' blob zips in one folder, as a CI job downloads them. */
async function collectBlobs(blobs: string, into: string): Promise<void> {
  await mkdir(into);
  for (const shard of ['1', '2', '3']) {
    for (const f of await readdir(path.join(blobs, shard)))
      await copyFile(path.join(blobs, shard, f), path.join(into, f));
  }
}

test('a profile error stops npx playwright test before anything runs, exit 2, naming the file and field', async () => {
  const dir = await tempDir('bad');
  const file = path.join(dir, 'bad.yaml');
  await writeFile(file, 'name: bad\npagopa:\n  endpoint:\n    sites: {}\n    unknownField: 1\n');
  const r = await playwright(['test'], { ATTESTA_TARGETS: file, ATTESTA_OUT: await tempDir('bad-out') });
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(/\/pagopa\/endpoint/);
});

test.describe('one suite', () => {
  test.use({ suites: ['pagopa-connectivity'] });

  test('--grep chooses what is probed: a static requirement alone opens no connection', async ({
    reference: ref,
  }) => {
    const proxies = await countSites(ref, 'entity');
    const out = await tempDir('grep');
    const r = await playwright(['test', '--grep', '@PAGOPA-URL-01'], {
      ATTESTA_TARGETS: ref.profileFile,
      ATTESTA_OUT: out,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await readReport(out)).results.map((x) => `${x.id} ${x.verdict}`)).toEqual([
      'PAGOPA-URL-01 pass',
      'PAGOPA-URL-01 pass',
    ]);
    expect(connections(proxies)).toBe(0);
  });

  test('Ctrl-C writes the compliance report, marked incomplete, the undecided tests INCONCLUSIVE', async ({
    reference: ref,
  }) => {
    // A site that takes the connection and never answers keeps the campaign under way; the run is
    // interrupted when the campaign's first probe reaches it, not after a guessed delay (on a
    // loaded machine a delay could fire before any test had started).
    let signal: ((s: NodeJS.Signals) => void) | undefined;
    let interrupted = false;
    const silent = createServer(() => {
      if (interrupted) return;
      interrupted = true;
      signal?.('SIGINT');
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    await ref.rewrite((p) => {
      p['pagopa'].endpoint.sites.secondary.url =
        `https://dr.ente.attesta.test:${(silent.address() as AddressInfo).port}/pagopa/paForNode`;
    });
    const out = await tempDir('interrupt');
    const r = await playwright(
      ['test', '--grep', '@pagopa-connectivity'],
      { ATTESTA_TARGETS: ref.profileFile, ATTESTA_OUT: out },
      (_chunk, kill) => (signal ??= kill),
    ).finally(() => silent.close());
    expect(interrupted).toBe(true);
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    const report = await readReport(out);
    expect(report.run).toMatchObject({ complete: false, exitCode: 3 });
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.every((x) => x.verdict === 'inconclusive' || x.verdict === 'not-applicable')).toBe(
      true,
    );
    expect(report.results.map((x) => x.reason).join()).toMatch(/interrupted/);
  });
});
