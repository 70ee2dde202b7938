import { parseArgs } from 'node:util';
import { driftSince, readBaseline, regressions, type VerdictChange } from '../audit/drift.js';
import { ConfigError } from '../core/errors.js';
import { terminalLine } from '../report/escape.js';

const line = (c: VerdictChange) =>
  `  ${c.id} ${c.target}/${c.site}: ${c.before ?? '(new)'} -> ${c.after ?? '(gone)'}`;

/**
 * `attesta diff BASELINE CURRENT`: what changed between two compliance reports. Exit 0 when
 * nothing regressed, 1 when something did (a new FAIL, or a PASS now INCONCLUSIVE), 2 for
 * unusable arguments: a nightly job can fail on regressions alone, the report listing every FAIL.
 */
export async function diff(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  if (positionals.length !== 2)
    throw new ConfigError('give two reports: BASELINE.json CURRENT.json', undefined, 'diff');
  const [before, after] = await Promise.all(positionals.map((f) => readBaseline(f)));
  const drift = driftSince(before!, after!.results);
  const print = (title: string, changes: readonly VerdictChange[]) => {
    if (!changes.length) return;
    console.log(`${title} (${changes.length}):`);
    for (const c of changes) console.log(terminalLine(line(c)));
  };
  const regressed = regressions(drift);
  print('Regressions', regressed);
  print('Fixed', drift.fixed);
  print(
    'Other changes',
    drift.changed.filter((c) => !regressed.includes(c)),
  );
  print('Appeared', drift.appeared);
  print('Disappeared', drift.disappeared);
  console.log(
    regressed.length
      ? `${regressed.length} regression(s) since ${before!.startedAt}`
      : `No regression since ${before!.startedAt}`,
  );
  return regressed.length ? 1 : 0;
}
