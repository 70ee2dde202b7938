import { createHash } from 'node:crypto';
import type { Category } from 'allure-js-commons/sdk';
import type { LifecycleListener } from 'allure-js-commons/sdk/reporter';
import { Status, type Label, type Link, type Parameter, type StatusDetails } from 'allure-js-commons';
import type { Evidence } from '../core/evidence.js';
import type { ResultRecord } from '../core/suite.js';
import type { Level, Verdict } from '../core/verdict.js';
import { caseName, sourceLine, VERDICT_LABEL } from './describe.js';
import type { RunReport } from './model.js';

/**
 * What a result is in Allure, for both entry points: `attesta run` writes it with allure-js-commons
 * (./allure.ts), `npx playwright test` hands it to allure-playwright (src/playwright/settle.ts).
 * One mapping, so a requirement reads the same in Allure whichever way it was run.
 */

/** An INCONCLUSIVE is "broken": Allure's word for a test that could not say pass or fail. */
export const ALLURE_STATUS: Record<Verdict, Status> = {
  pass: Status.PASSED,
  warn: Status.PASSED,
  fail: Status.FAILED,
  inconclusive: Status.BROKEN,
  'not-applicable': Status.SKIPPED,
  manual: Status.SKIPPED,
};

const EVIDENCE_STATUS: Record<NonNullable<Evidence['finding']>, Status> = {
  pass: Status.PASSED,
  warn: Status.PASSED,
  info: Status.PASSED,
  fail: Status.FAILED,
  inconclusive: Status.BROKEN,
  'not-applicable': Status.SKIPPED,
};

const SEVERITY: Record<Level, string> = { MUST: 'critical', SHOULD: 'normal', MANUAL: 'minor' };

/** The label that carries the verdict, and the one that carries its reason to VERDICT_STATUS. */
const VERDICT = 'verdict';
const REASON = 'attesta.reason';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Same requirement, same test case in every target; history is per target and site. */
export function allureIds(r: ResultRecord): { testCaseId: string; historyId: string } {
  const testCaseId = digest(`${r.suite}\n${r.id}`);
  return { testCaseId, historyId: `${testCaseId}:${digest(`${r.target}\n${r.site}`)}` };
}

export function allureLabels(r: ResultRecord): Label[] {
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
    [VERDICT]: VERDICT_LABEL[r.verdict],
    ...(r.waiver
      ? {
          waiver: `${r.waiver.ticket} until ${r.waiver.expires}, ${r.waiver.owner}: ${r.waiver.justification}`,
        }
      : {}),
  }).map(([name, value]) => ({ name, value }));
}

export function allureLinks(r: ResultRecord): Link[] {
  return [{ type: 'link', name: r.source, url: r.source }];
}

export function allureParameters(r: ResultRecord): Parameter[] {
  return [
    { name: 'target', value: r.target },
    { name: 'site', value: r.site },
  ];
}

export const allureName = caseName;

export function allureDescription(r: ResultRecord): string {
  return `${r.statement}\n\nSource: ${sourceLine(r)}`;
}

/** The status message: the reason, marked when the verdict is a WARN (Allure shows it as passed) or a waived FAIL. */
export function allureStatusDetails(r: Pick<ResultRecord, 'verdict' | 'reason' | 'waiver'>): StatusDetails {
  if (r.waiver)
    return { message: `FAIL, waived until ${r.waiver.expires} (${r.waiver.ticket}): ${r.reason}` };
  return { message: r.verdict === 'warn' ? `WARN: ${r.reason}` : r.reason };
}

/** Each evidence item as a step, with the finding it supports. */
export function evidenceSteps(r: ResultRecord): { name: string; status: Status }[] {
  return r.evidence.map((e) => ({
    name: `${e.label}: ${e.outcome}`,
    status: e.finding ? EVIDENCE_STATUS[e.finding] : Status.PASSED,
  }));
}

/** Names Allure's status buckets in the report's own terms (its defaults say "product/test defects"). */
export const ALLURE_CATEGORIES: Category[] = [
  { name: 'FAIL: not compliant', matchedStatuses: [Status.FAILED] },
  { name: 'INCONCLUSIVE: compliance could not be established', matchedStatuses: [Status.BROKEN] },
  {
    name: 'WARN: recommendation not met',
    matchedStatuses: [Status.PASSED],
    messageRegex: '^WARN: [\\s\\S]*',
  },
];

export function allureEnvironment(report: Pick<RunReport, 'harness' | 'run'>): Record<string, string> {
  const { run, harness } = report;
  const p = run.provenance;
  return {
    ...(p
      ? {
          ...(p.harness.commit ? { 'harness.commit': p.harness.commit } : {}),
          node: p.node,
          openssl: p.openssl,
          host: p.host,
          user: p.user,
          ...Object.fromEntries(
            p.targets.map((t) => [`profile.${t.name}`, `${t.profile} sha256:${t.sha256}`]),
          ),
          ...(p.faults ? { 'reference.faults': p.faults.join(', ') } : {}),
        }
      : {}),
    harness: harness.name,
    'harness.version': harness.version,
    targets: run.targets.join(', '),
    'reference.target': String(run.reference),
    suites: run.suites.map((s) => s.id).join(', '),
    'run.startedAt': run.startedAt,
    'run.finishedAt': run.finishedAt,
    'run.complete': String(run.complete),
    'exit.status': String(run.exitCode),
  };
}

/** The labels a Playwright test carries so that VERDICT_STATUS can set its Allure status. */
export function verdictLabels(r: Pick<ResultRecord, 'verdict' | 'reason'>): Label[] {
  return [{ name: REASON, value: r.reason }];
}

/**
 * allure-playwright derives a status from Playwright's alone: an INCONCLUSIVE (a failed test)
 * would read "failed" like a FAIL, and a WARN "passed" with no word of the warning. This listener
 * gives a result that carries an Attesta verdict the status and message ALLURE_STATUS says.
 */
export const VERDICT_STATUS: LifecycleListener = {
  beforeTestResultWrite(result) {
    const verdict = result.labels.find((l) => l.name === VERDICT)?.value;
    const reason = result.labels.find((l) => l.name === REASON)?.value;
    result.labels = result.labels.filter((l) => l.name !== REASON);
    const key = (Object.keys(VERDICT_LABEL) as Verdict[]).find((v) => VERDICT_LABEL[v] === verdict);
    if (!key || reason === undefined) return;
    result.status = ALLURE_STATUS[key];
    result.statusDetails = { ...result.statusDetails, ...allureStatusDetails({ verdict: key, reason }) };
  },
};

/** Allure's executor.json: the CI job that ran the report, when it ran in CI. */
export function allureExecutor(report: Pick<RunReport, 'run'>): object | undefined {
  const ci = report.run.provenance?.ci;
  if (!ci) return undefined;
  return {
    name: ci.provider,
    type: ci.provider.toLowerCase().replace(/\W+/g, '-'),
    ...(ci.jobUrl ? { buildUrl: ci.jobUrl } : {}),
  };
}
