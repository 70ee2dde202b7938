import type { RunOutcome } from '../run.js';
import type { VerdictChange } from '../audit/drift.js';
import type { Waiver } from '../audit/waivers.js';
import type { RunReport } from '../report/model.js';
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
  for (const l of auditLines(report.run)) print(l);
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

const waiverName = (w: Waiver) =>
  `${w.requirement} ${w.target}${w.site ? `/${w.site}` : ''} (${w.ticket}, until ${w.expires})`;

/** Waivers and drift in a few lines: what a nightly job's reader looks for first. */
function auditLines({ waivers, drift }: RunReport['run']): string[] {
  const lines: string[] = [];
  if (waivers) {
    const part = (what: string, list: readonly Waiver[]) =>
      list.length ? [`  ${list.length} ${what}: ${list.map(waiverName).join('; ')}`] : [];
    lines.push(
      `Waivers: ${waivers.applied.length} applied, ${waivers.expired.length} expired (no effect), ${waivers.stale.length} stale (no FAIL to cover)`,
      ...part('expired', waivers.expired),
      ...part('stale', waivers.stale),
    );
  }
  if (drift) {
    const ids = (list: readonly VerdictChange[]) =>
      list.map((c) => `${c.id} ${c.target}/${c.site}`).join(', ');
    lines.push(
      `Since the baseline of ${drift.baseline.startedAt}: ${drift.newFails.length} new FAIL, ${drift.fixed.length} fixed, ${drift.changed.length} other changes, ${drift.appeared.length} appeared, ${drift.disappeared.length} disappeared`,
      ...(drift.newFails.length ? [`  new FAIL: ${ids(drift.newFails)}`] : []),
      ...(drift.fixed.length ? [`  fixed: ${ids(drift.fixed)}`] : []),
    );
  }
  return lines;
}
