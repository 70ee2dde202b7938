import type { RunOutcome } from '../run.js';
import { VERDICTS } from '../core/verdict.js';
import { exitMeaning, groupBy } from '../report/describe.js';
import { terminalLine } from '../report/escape.js';

/**
 * The short per-requirement summary printed at the end of a run, from the heads of the results
 * (verdicts and names: the reasons and evidence stay in the report files). Target and site names
 * come from profiles, the report folder from the command line: each line is escaped for the
 * terminal all the same.
 */
export function printSummary({ report, outDir, exitCode }: RunOutcome): void {
  const print = (line: string) => console.log(terminalLine(line));
  console.log('\nSummary per requirement:');
  for (const [key, heads] of groupBy(report.heads, (r) => `${r.target}  ${r.id}`)) {
    print(`  ${key.padEnd(40)} ${heads.map((r) => `${r.site}=${r.verdict}`).join('  ')}`);
  }
  const counts = VERDICTS.map((v) => `${report.summary[v]} ${v}`).join(', ');
  console.log();
  print(`${counts}${report.run.complete ? '' : ' (run interrupted)'}`);
  print(`Result: ${exitMeaning(exitCode)} (exit ${exitCode})`);
  print(`Reports: ${outDir}`);
}

/**
 * With --quiet no progress line is printed, but a FAIL or INCONCLUSIVE is not worth much without
 * its reason: each is printed with it (already redacted in the report, escaped for the terminal).
 */
export function printReasons({ report }: RunOutcome): void {
  const shown = report.heads.filter((r) => r.verdict === 'fail' || r.verdict === 'inconclusive');
  if (!shown.length) return;
  console.log('Failed and inconclusive:');
  for (const r of shown)
    console.log(terminalLine(`  ${r.verdict.toUpperCase()} ${r.id} ${r.target}/${r.site}: ${r.reason}`));
}
