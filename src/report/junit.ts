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
    ` time="${seconds(all)}" timestamp="${attr(report.run.startedAt)}">\n`,
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
    '    </properties>\n',
  ].join('');
}

function count(heads: readonly ResultHead[], ...verdicts: Verdict[]): number {
  return heads.filter((r) => verdicts.includes(r.verdict)).length;
}

function testcase(r: ResultRecord): string {
  const open = `    <testcase name="${attr(caseName(r))}" classname="${attr(`${r.suite}.${r.target}`)}" time="${(r.durationMs / 1000).toFixed(3)}">\n`;
  const body = `${r.level} ${r.id} (${sourceLine(r)}): ${r.statement}\n${VERDICT_LABEL[r.verdict]}: ${r.reason}`;
  const out = `      <system-out>${text(`${body}\n\nEvidence:\n${evidenceText(r.evidence)}`)}</system-out>\n`;
  return `${open}${outcomeElement(r)}${out}    </testcase>\n`;
}

function outcomeElement(r: ResultRecord): string {
  switch (r.verdict) {
    case 'fail':
      return `      <failure message="${attr(r.reason)}" type="FAIL">${text(r.reason)}</failure>\n`;
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

function seconds(results: readonly ResultHead[]): string {
  return (results.reduce((sum, r) => sum + r.durationMs, 0) / 1000).toFixed(3);
}
