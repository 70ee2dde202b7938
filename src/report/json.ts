import { jsonText } from './escape.js';
import type { FinishedReport } from './model.js';
import type { Reporter } from './reporter.js';

/** compliance-report.json: the model itself, the contract of DESIGN.md and the source of every other format. */
export const jsonReporter: Reporter = {
  paths: ['compliance-report.json'],
  *files(report) {
    yield { path: 'compliance-report.json', content: jsonChunks(report) };
  },
};

/** JSON.stringify(RunReport, null, 2) of the whole report, written as it streams: result by result. */
function* jsonChunks(report: FinishedReport): Generator<string> {
  const { schemaVersion, harness, run, summary } = report;
  const head = jsonText({ schemaVersion, harness, run }, 2);
  yield `${head.slice(0, -'\n}'.length)},\n  "results": ${report.heads.length ? '[' : '[]'}`;
  let separator = '\n';
  for (const result of report.read(report.heads)) {
    yield `${separator}    ${nested(result, '    ')}`;
    separator = ',\n';
  }
  yield `${report.heads.length ? '\n  ]' : ''},\n  "summary": ${nested(summary, '  ')}\n}\n`;
}

/** A value's JSON as JSON.stringify writes it `indent` deep in a document. */
function nested(value: unknown, indent: string): string {
  return jsonText(value, 2).replace(/\n/g, `\n${indent}`);
}
