import type { RunOutcome } from '../run.js';
import { VERDICTS } from '../core/verdict.js';
import { exitMeaning } from '../report/describe.js';

/** The short per-requirement summary printed at the end of a run. */
export function printSummary({ report, outDir, exitCode }: RunOutcome): void {
  const byId = new Map<string, string[]>();
  for (const r of report.results) {
    const key = `${r.target}  ${r.id}`;
    byId.set(key, [...(byId.get(key) ?? []), `${r.site}=${r.verdict}`]);
  }
  console.log('\nSummary per requirement:');
  for (const [key, verdicts] of byId) console.log(`  ${key.padEnd(40)} ${verdicts.join('  ')}`);
  const counts = VERDICTS.map((v) => `${report.summary[v]} ${v}`).join(', ');
  console.log(`\n${counts}${report.run.complete ? '' : ' (run interrupted)'}`);
  console.log(`Result: ${exitMeaning(exitCode)} (exit ${exitCode})`);
  console.log(`Reports: ${outDir}`);
}
