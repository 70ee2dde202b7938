/**
 * Control and bidirectional characters from peers are shown as `\uXXXX` in every report form and
 * on the terminal, never passed on raw (they reorder or hide text, repaint a terminal, forge a
 * line) and never silently dropped (an auditor must see that the peer sent them).
 */
import { expect, test } from '../support/fixtures.js';
import { printSummary } from '../../src/cli/summary.js';
import type { RunReport } from '../../src/report/model.js';
import { terminalLine } from '../../src/report/escape.js';
import { buildReport, HOSTILE, readTree, runCollecting, testAssembly, writeFixture } from './fixture.js';

/** Each planted character and how a reader must see it. */
export const SHOWN: [raw: string, shown: string][] = [
  ['\u0007', '\\u0007'],
  ['\u001b', '\\u001B'],
  ['\u0000', '\\u0000'],
  ['\u202E', '\\u202E'],
  ['\u202C', '\\u202C'],
  ['\u2066', '\\u2066'],
  ['\u2069', '\\u2069'],
  ['\u200E', '\\u200E'],
  ['\u200F', '\\u200F'],
  ['\u061C', '\\u061C'],
  ['\u0085', '\\u0085'],
  ['\u009b', '\\u009B'],
];

/** Every planted character that is in the text raw. */
export function rawIn(text: string): string[] {
  return SHOWN.filter(([raw]) => text.includes(raw)).map(([raw]) => `U+${raw.charCodeAt(0).toString(16)}`);
}

test('HTML, JUnit, Allure and the JSON report carry no control or bidirectional character raw, and show each', async () => {
  const files = await readTree(await writeFixture());
  for (const [name, text] of files) expect(rawIn(text), name).toEqual([]);
  const html = files.get('compliance-report.html')!;
  const junit = files.get('junit.xml')!;
  for (const [, shown] of SHOWN) {
    expect(html, `${shown} in HTML`).toContain(shown);
    expect(junit, `${shown} in JUnit`).toContain(shown);
  }
  // Allure shows the strings it parses: those must hold the escapes themselves.
  const allure = [...files]
    .filter(([name]) => name.startsWith('allure-results/') && name.endsWith('.json'))
    .map(([, text]) => JSON.stringify(JSON.parse(text)));
  for (const [raw, shown] of SHOWN) {
    expect(
      allure.some((text) => text.includes(JSON.stringify(shown).slice(1, -1))),
      `${shown} in Allure`,
    ).toBe(true);
    expect(
      allure.some((text) => text.includes(raw)),
      `${shown} raw in Allure`,
    ).toBe(false);
  }
  // compliance-report.json writes them as JSON escapes: it still parses to what the peer sent.
  const json = JSON.parse(files.get('compliance-report.json')!) as RunReport;
  expect(
    json.results.some((r) => r.reason.includes('override\u202Egnp.exe\u202C isolate\u2066x\u2069')),
  ).toBe(true);
});

test('a terminal line escapes line breaks too, so a peer cannot forge a line of its own', () => {
  const line = terminalLine(
    `FAIL  X-01  acme/primary  server said ${HOSTILE.controls}\r\nPASS  X-01  forged`,
  );
  expect(rawIn(line)).toEqual([]);
  expect(line).not.toMatch(/[\r\n]/);
  expect(line).toContain('\\u000D\\u000APASS  X-01  forged');
});

test('the summary printed at the end of a run escapes names on the terminal', () => {
  const report = buildReport();
  const assembly = testAssembly();
  for (const r of report.results)
    assembly.add({ ...r, target: `acme\u202Eevil\u001b[2J`, site: 'primary\nPASS' });
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(' '));
  try {
    printSummary({ report: assembly.finish(report), outDir: '/tmp/out\u2066', exitCode: 1 });
  } finally {
    console.log = log;
  }
  const text = printed.join('\n');
  expect(rawIn(text)).toEqual([]);
  expect(text).toContain('acme\\u202Eevil\\u001B[2J');
  expect(text).toContain('primary\\u000APASS');
  expect(text).toContain('/tmp/out\\u2066');
});

test('a peer sending them in a body and a header: shown in every form and on the terminal, verdicts unchanged', async ({
  launchReference,
}) => {
  const suites = ['pagopa-connectivity'];
  const plain = await runCollecting(await launchReference({ faults: ['pagopa.tls-terminator'], suites }));
  const hostile = await runCollecting(
    await launchReference({ faults: ['pagopa.tls-terminator', 'pagopa.hostile-text'], suites }),
  );
  for (const [name, text] of hostile.files) expect(rawIn(text), name).toEqual([]);
  for (const line of hostile.lines) {
    expect(rawIn(line), line).toEqual([]);
    expect(line).not.toMatch(/[\r\n]/);
  }
  // A reason quoting the root CA's name shows what the peer's certificate says, and forges no line.
  expect(hostile.lines.join('\n')).toContain(
    'Root CA \\u202Egnp.exe\\u202C\\u2066x\\u2069\\u200F\\u061C\\u0085\\u009B31m, O=Attesta',
  );
  const html = hostile.files.get('compliance-report.html')!;
  const junit = hostile.files.get('junit.xml')!;
  for (const text of [html, junit]) {
    expect(text).toContain('\\u202Egnp.exe');
    // The challenge header's C1 controls (a header carries Latin-1 only).
    expect(text).toContain('\\u009B2J');
    expect(text).toContain('\\u0085');
  }
  const allure = [...hostile.files]
    .filter(([name]) => name.startsWith('allure-results/') && name.endsWith('.json'))
    .map(([, text]) => JSON.stringify(JSON.parse(text)));
  expect(allure.some((text) => text.includes('\\\\u202Egnp.exe'))).toBe(true);
  expect(hostile.verdicts).toEqual(plain.verdicts);
});
