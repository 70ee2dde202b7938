import { createHash, randomUUID } from 'node:crypto';
import type { Evidence } from '../core/evidence.js';
import type { ResultRecord } from '../core/suite.js';
import type { Level, Verdict } from '../core/verdict.js';
import { caseName, sourceLine, VERDICT_LABEL } from './describe.js';
import { showControls } from './escape.js';
import type { RunReport } from './model.js';
import type { ReportFile, Reporter } from './reporter.js';

const DIR = 'allure-results';

/**
 * Allure 2 results (the file format of allure-js-commons' TestResult) in allure-results/: one
 * result and one evidence attachment per requirement result, as each comes, plus
 * environment.properties and categories.json at the end. Results only: Allure 3's report plugins
 * embed analytics, so generating the report is left to the user (allure2-style plugin with
 * ALLURE_NO_ANALYTICS=true).
 */
export const allureReporter: Reporter = {
  paths: [DIR],
  *files(report) {
    for (const r of report.read(report.heads)) yield* resultFiles(r);
    yield environment(report);
    yield categories();
  },
};

type AllureStatus = 'passed' | 'failed' | 'broken' | 'skipped';

const STATUS: Record<Verdict, AllureStatus> = {
  pass: 'passed',
  warn: 'passed',
  fail: 'failed',
  inconclusive: 'broken',
  'not-applicable': 'skipped',
  manual: 'skipped',
};

const EVIDENCE_STATUS: Record<NonNullable<Evidence['finding']>, AllureStatus> = {
  pass: 'passed',
  warn: 'passed',
  info: 'passed',
  fail: 'failed',
  inconclusive: 'broken',
  'not-applicable': 'skipped',
};

const SEVERITY: Record<Level, string> = { MUST: 'critical', SHOULD: 'normal', MANUAL: 'minor' };

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function resultFiles(r: ResultRecord): ReportFile[] {
  const uuid = randomUUID();
  const attachment = `${randomUUID()}-attachment.json`;
  // Same requirement, same test case in every target; history is per target and site.
  const testCaseId = digest(`${r.suite}\n${r.id}`);
  const start = Date.parse(r.startedAt);
  const result = {
    uuid,
    historyId: `${testCaseId}:${digest(`${r.target}\n${r.site}`)}`,
    testCaseId,
    name: caseName(r),
    fullName: `${r.suite}.${r.target}.${r.site}.${r.id}`,
    description: `${r.statement}\n\nSource: ${sourceLine(r)}`,
    status: STATUS[r.verdict],
    statusDetails: { message: r.verdict === 'warn' ? `WARN: ${r.reason}` : r.reason },
    stage: 'finished',
    start,
    stop: start + r.durationMs,
    labels: labels(r),
    links: [{ type: 'link', name: r.source, url: r.source }],
    parameters: [
      { name: 'target', value: r.target },
      { name: 'site', value: r.site },
    ],
    steps: r.evidence.map((e) => ({
      name: `${e.label}: ${e.outcome}`,
      status: e.finding ? EVIDENCE_STATUS[e.finding] : 'passed',
      statusDetails: {},
      stage: 'finished',
      steps: [],
      attachments: [],
      parameters: [],
      start,
      stop: start,
    })),
    attachments: [{ name: 'evidence', source: attachment, type: 'application/json' }],
  };
  return [
    { path: `${DIR}/${uuid}-result.json`, content: allureJson(result) },
    { path: `${DIR}/${attachment}`, content: allureJson(r.evidence) },
  ];
}

/** Allure shows the strings it parses: control and bidirectional characters are escaped in them, visibly. */
function allureJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? showControls(v) : v), 2);
}

function labels(r: ResultRecord): { name: string; value: string }[] {
  return Object.entries({
    epic: r.suiteTitle,
    feature: r.suite,
    story: r.id,
    severity: SEVERITY[r.level],
    tag: r.level,
    parentSuite: r.suite,
    suite: r.target,
    subSuite: r.site,
    framework: 'attesta',
    requirementId: r.id,
    level: r.level,
    source: r.source,
    verdict: VERDICT_LABEL[r.verdict],
  }).map(([name, value]) => ({ name, value }));
}

/** Java properties: ISO-8859-1 with \uXXXX escapes, so any target name survives. */
function property(key: string, value: string): string {
  const escape = (s: string, isKey: boolean) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .replace(isKey ? /[=: #!]/g : /^ /, (c) => `\\${c}`)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${escape(key, true)}=${escape(value, false)}`;
}

function environment(report: Pick<RunReport, 'run' | 'harness'>): ReportFile {
  const { run, harness } = report;
  const entries: [string, string][] = [
    ['harness', harness.name],
    ['harness.version', harness.version],
    ['targets', run.targets.join(', ')],
    ['reference.target', String(run.reference)],
    ['suites', run.suites.map((s) => s.id).join(', ')],
    ['run.startedAt', run.startedAt],
    ['run.finishedAt', run.finishedAt],
    ['run.complete', String(run.complete)],
    ['exit.status', String(run.exitCode)],
  ];
  return {
    path: `${DIR}/environment.properties`,
    content: entries.map(([k, v]) => property(k, v)).join('\n') + '\n',
  };
}

/** Names Allure's status buckets in the report's own terms (its defaults say "product/test defects"). */
function categories(): ReportFile {
  const list = [
    { name: 'FAIL: not compliant', matchedStatuses: ['failed'] },
    { name: 'INCONCLUSIVE: compliance could not be established', matchedStatuses: ['broken'] },
    { name: 'WARN: recommendation not met', matchedStatuses: ['passed'], messageRegex: '^WARN: [\\s\\S]*' },
  ];
  return { path: `${DIR}/categories.json`, content: JSON.stringify(list, null, 2) };
}
