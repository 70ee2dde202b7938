import type { ResultRecord } from '../core/suite.js';
import { caseName, evidenceText, groupBy, sourceLine, VERDICT_LABEL } from './describe.js';
import { escapeAttribute as attr, escapeMarkup as text } from './escape.js';
import type { RunReport } from './model.js';
import type { Reporter } from './reporter.js';

/**
 * JUnit XML for CI dashboards: one testsuite per suite and target, one testcase per result.
 * FAIL is a failure, INCONCLUSIVE an error (the harness could not decide), NOT APPLICABLE and
 * MANUAL are skipped, WARN passes with the warning in system-out.
 */
export const junitReporter: Reporter = {
  onEnd: (report) => [{ path: 'junit.xml', content: renderJunit(report) }],
};

function renderJunit(report: RunReport): string {
  const suites = groupBy(report.results, (r) => `${r.suite}.${r.target}`).map(([name, results]) => {
    const [first] = results;
    const cases = results.map(testcase);
    const count = (...v: string[]) => results.filter((r) => v.includes(r.verdict)).length;
    return [
      `  <testsuite name="${attr(name)}" tests="${results.length}" failures="${count('fail')}" errors="${count('inconclusive')}"`,
      ` skipped="${count('not-applicable', 'manual')}" time="${seconds(results)}" timestamp="${attr(report.run.startedAt)}">\n`,
      '    <properties>\n',
      `      <property name="suite" value="${attr(first.suite)}"/>\n`,
      `      <property name="target" value="${attr(first.target)}"/>\n`,
      `      <property name="source" value="${attr(first.source)}"/>\n`,
      '    </properties>\n',
      cases.join(''),
      '  </testsuite>\n',
    ].join('');
  });
  const all = report.results;
  const count = (...v: string[]) => all.filter((r) => v.includes(r.verdict)).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<testsuites name="${attr(`${report.harness.name} ${report.harness.version}`)}" tests="${all.length}"`,
    ` failures="${count('fail')}" errors="${count('inconclusive')}" skipped="${count('not-applicable', 'manual')}"`,
    ` time="${seconds(all)}" timestamp="${attr(report.run.startedAt)}">\n`,
    suites.join(''),
    '</testsuites>\n',
  ].join('');
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

function seconds(results: readonly ResultRecord[]): string {
  return (results.reduce((sum, r) => sum + r.durationMs, 0) / 1000).toFixed(3);
}
