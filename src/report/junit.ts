import type { ResultRecord } from '../core/suite.js';
import type { Verdict } from '../core/verdict.js';
import { caseName, evidenceText, groupBy, sourceLine, VERDICT_LABEL } from './describe.js';
import { escapeAttribute as attr, escapeMarkup as text } from './escape.js';
import type { FinishedReport, ResultHead } from './model.js';
import type { Reporter } from './reporter.js';

/**
 * JUnit XML for CI dashboards: one testsuite per suite and target, one testcase per result.
 * FAIL is a failure, INCONCLUSIVE an error (the harness could not decide), NOT APPLICABLE and
 * MANUAL are skipped, WARN passes with the warning in system-out.
 */
export const junitReporter: Reporter = {
  paths: ['junit.xml'],
  *files(report) {
    yield { path: 'junit.xml', content: renderJunit(report) };
  },
};

function* renderJunit(report: FinishedReport): Generator<string> {
  const all = report.heads;
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<testsuites name="${attr(`${report.harness.name} ${report.harness.version}`)}" tests="${all.length}"`,
    ` failures="${count(all, 'fail')}" errors="${count(all, 'inconclusive')}" skipped="${count(all, 'not-applicable', 'manual')}"`,
    ` time="${elapsed(report)}" timestamp="${attr(report.run.startedAt)}">\n`,
  ].join('');
  for (const [name, heads] of groupBy(all, (r) => `${r.suite}.${r.target}`)) {
    let first = true;
    for (const r of report.read(heads)) {
      // The suite's properties come from its first result, read with it.
      if (first) yield testsuiteOpening(report, name, heads, r);
      first = false;
      yield testcase(r);
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

function testsuiteOpening(
  report: FinishedReport,
  name: string,
  heads: readonly ResultHead[],
  first: ResultRecord,
): string {
  return [
    `  <testsuite name="${attr(name)}" tests="${heads.length}" failures="${count(heads, 'fail')}" errors="${count(heads, 'inconclusive')}"`,
    ` skipped="${count(heads, 'not-applicable', 'manual')}" time="${seconds(heads)}" timestamp="${attr(report.run.startedAt)}">\n`,
    '    <properties>\n',
    `      <property name="suite" value="${attr(first.suite)}"/>\n`,
    `      <property name="target" value="${attr(first.target)}"/>\n`,
    `      <property name="source" value="${attr(first.source)}"/>\n`,
    ...provenanceProperties(report).map(
      ([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>\n`,
    ),
    '    </properties>\n',
  ].join('');
}

/** Who ran the report, with what and against which profile: the auditor's provenance, as properties. */
function provenanceProperties({ run }: FinishedReport): [string, string][] {
  const p = run.provenance;
  if (!p) return [];
  return [
    ['attesta.version', p.harness.version],
    ...(p.harness.commit ? [['attesta.commit', p.harness.commit] as [string, string]] : []),
    ['node', p.node],
    ['openssl', p.openssl],
    ['host', p.host],
    ['user', p.user],
    ...(p.ci ? [['ci', [p.ci.provider, p.ci.jobUrl].filter(Boolean).join(' ')] as [string, string]] : []),
    ...p.targets.map((t): [string, string] => [`profile.${t.name}`, `${t.profile} sha256:${t.sha256}`]),
    ...(p.faults ? [['reference.faults', p.faults.join(', ')] as [string, string]] : []),
  ];
}

function count(heads: readonly ResultHead[], ...verdicts: Verdict[]): number {
  return heads.filter((r) => verdicts.includes(r.verdict)).length;
}

function testcase(r: ResultRecord): string {
  const open = `    <testcase name="${attr(caseName(r))}" classname="${attr(`${r.suite}.${r.target}`)}" time="${(r.durationMs / 1000).toFixed(3)}">\n`;
  const body = `${r.level} ${r.id} (${sourceLine(r)}): ${r.statement}\n${VERDICT_LABEL[r.verdict]}: ${r.reason}`;
  const out = `      <system-out>${text(`${body}${waiverText(r)}\n\nEvidence:\n${evidenceText(r.evidence)}`)}</system-out>\n`;
  return `${open}${caseProperties(r)}${outcomeElement(r)}${out}    </testcase>\n`;
}

/** The verdict in words (a WARN passes in JUnit's terms, and must still be told from a PASS) and a waiver's fields. */
function caseProperties(r: ResultRecord): string {
  const props: [string, string][] = [
    ['verdict', VERDICT_LABEL[r.verdict]],
    ...Object.entries(r.waiver ?? {}).map(([k, v]): [string, string] => [`waiver.${k}`, String(v)]),
  ];
  return `      <properties>\n${props.map(([k, v]) => `        <property name="${attr(k)}" value="${attr(v)}"/>\n`).join('')}      </properties>\n`;
}

function waiverText(r: ResultRecord): string {
  const w = r.waiver;
  return w ? `\nWAIVED until ${w.expires} (${w.ticket}, ${w.owner}): ${w.justification}` : '';
}

function outcomeElement(r: ResultRecord): string {
  switch (r.verdict) {
    case 'fail':
      return `      <failure message="${attr(r.reason)}" type="${r.waiver ? 'FAIL, waived' : 'FAIL'}">${text(r.reason)}</failure>\n`;
    case 'inconclusive':
      return `      <error message="${attr(r.reason)}" type="INCONCLUSIVE">${text(r.reason)}</error>\n`;
    case 'not-applicable':
    case 'manual':
      return `      <skipped message="${attr(`${VERDICT_LABEL[r.verdict]}: ${r.reason}`)}"/>\n`;
    case 'pass':
    case 'warn':
      return '';
  }
}

/** The run's real elapsed time (checks run in parallel: their durations add up to more). */
function elapsed({ run }: FinishedReport): string {
  return ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(3);
}

function seconds(results: readonly ResultHead[]): string {
  return (results.reduce((sum, r) => sum + r.durationMs, 0) / 1000).toFixed(3);
}
