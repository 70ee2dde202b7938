import { expect, test } from '@playwright/test';
import { showControls } from '../../src/report/escape.js';
import { buildReport, HOSTILE, plantedRedactor, readTree, writeFixture } from './fixture.js';

interface AllureResult {
  uuid: string;
  historyId: string;
  testCaseId: string;
  name: string;
  fullName: string;
  status: string;
  statusDetails: { message?: string };
  stage: string;
  start: number;
  stop: number;
  labels: { name: string; value: string }[];
  links: { type?: string; name?: string; url: string }[];
  parameters: { name: string; value: string }[];
  steps: { name: string; status: string }[];
  attachments: { name: string; source: string; type?: string }[];
}

async function allureResults(): Promise<{ results: AllureResult[]; files: Map<string, string> }> {
  const tree = await readTree(await writeFixture());
  const files = new Map(
    [...tree]
      .filter(([f]) => f.startsWith('allure-results/'))
      .map(([f, t]) => [f.slice('allure-results/'.length), t]),
  );
  const results = [...files]
    .filter(([f]) => f.endsWith('-result.json'))
    .map(([, t]) => JSON.parse(t) as AllureResult);
  return { results, files };
}

const label = (r: AllureResult, name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);
const param = (r: AllureResult, name: string) => r.parameters.find((p) => p.name === name)?.value;

test('one Allure 2 result per requirement result, with labels, links, parameters and status mapping', async () => {
  const { results, files } = await allureResults();
  const report = buildReport();
  expect(results).toHaveLength(report.results.length);
  const expected = {
    pass: 'passed',
    warn: 'passed',
    fail: 'failed',
    inconclusive: 'broken',
    'not-applicable': 'skipped',
    manual: 'skipped',
  };
  const severity = { MUST: 'critical', SHOULD: 'normal', MANUAL: 'minor' };
  for (const source of report.results) {
    const found = results.filter(
      (r) =>
        label(r, 'story')[0] === source.id &&
        param(r, 'target') === source.target &&
        param(r, 'site') === source.site,
    );
    expect(found, `${source.id} ${source.target} ${source.site}`).toHaveLength(1);
    const r = found[0]!;
    expect(files.has(`${r.uuid}-result.json`)).toBe(true);
    expect(r.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.name).toBe(`${source.id} [${source.site}]`);
    expect(r.fullName).toContain(source.id);
    expect(r.status).toBe(expected[source.verdict]);
    expect(r.stage).toBe('finished');
    expect(r.stop - r.start).toBe(source.durationMs);
    // Control and bidirectional characters are shown escaped (controls.spec.ts).
    const reason = showControls(plantedRedactor().redact(source.reason));
    expect(r.statusDetails.message).toBe(source.verdict === 'warn' ? `WARN: ${reason}` : reason);
    const suite = report.run.suites.find((s) => s.id === source.suite)!;
    expect(label(r, 'epic')).toEqual([suite.title]);
    expect(label(r, 'feature')).toEqual([source.suite]);
    expect(label(r, 'severity')).toEqual([severity[source.level]]);
    expect(label(r, 'tag')).toEqual([source.level]);
    expect(label(r, 'parentSuite')).toEqual([source.suite]);
    expect(label(r, 'suite')).toEqual([source.target]);
    expect(label(r, 'subSuite')).toEqual([source.site]);
    expect(label(r, 'requirementId')).toEqual([source.id]);
    expect(label(r, 'level')).toEqual([source.level]);
    expect(label(r, 'source')).toEqual([source.source]);
    expect(label(r, 'verdict')).toEqual([source.verdict.toUpperCase().replace('-', ' ')]);
    expect(r.links).toEqual([{ type: 'link', name: source.source, url: source.source }]);
    for (const link of r.links) expect(link.url).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    expect(r.steps.map((s) => s.name)).toEqual(source.evidence.map((e) => `${e.label}: ${e.outcome}`));
    expect(r.attachments).toHaveLength(1);
    const attachment = r.attachments[0]!;
    expect(attachment).toMatchObject({ name: 'evidence', type: 'application/json' });
    expect(attachment.source).toMatch(/^[0-9a-f-]{36}-attachment\.json$/);
    expect(JSON.parse(files.get(attachment.source)!)).toHaveLength(source.evidence.length);
  }
  // The failure keeps the hostile text verbatim in JSON: it is data there, not markup.
  const fail = results.find((r) => r.status === 'failed')!;
  expect(fail.statusDetails.message).toContain(HOSTILE.script);
});

test('history ids are stable per target, site and requirement, and distinct across them', async () => {
  const first = (await allureResults()).results;
  const second = (await allureResults()).results;
  const key = (r: AllureResult) => `${label(r, 'story')[0]}|${param(r, 'target')}|${param(r, 'site')}`;
  const history = (rs: AllureResult[]) => new Map(rs.map((r) => [key(r), r.historyId]));
  expect(history(second)).toEqual(history(first));
  expect(new Set(first.map((r) => r.historyId)).size).toBe(first.length);
  expect(new Set(first.map((r) => r.uuid)).size).toBe(first.length);
  expect(second.map((r) => r.uuid).some((u) => first.some((r) => r.uuid === u))).toBe(false);
  // The same requirement is the same test case whatever the target or site.
  const tls = first.filter((r) => label(r, 'story')[0] === 'PAGOPA-TLS-01');
  expect(tls.length).toBeGreaterThan(1);
  expect(new Set(tls.map((r) => r.testCaseId)).size).toBe(1);
});

test('environment.properties and categories.json describe the run', async () => {
  const { files } = await allureResults();
  const env = files.get('environment.properties')!;
  expect(env).toContain('harness=attesta\n');
  expect(env).toContain('harness.version=0.1.0\n');
  expect(env).toContain(`targets=acme-staging, evil${HOSTILE.attribute}\n`);
  expect(env).toContain('exit.status=1\n');
  for (const line of env.trimEnd().split('\n')) expect(line).toMatch(/^[\x20-\x7e]+$/);
  const categories = JSON.parse(files.get('categories.json')!) as { matchedStatuses: string[] }[];
  expect(categories.flatMap((c) => c.matchedStatuses)).toEqual(expect.arrayContaining(['failed', 'broken']));
});
