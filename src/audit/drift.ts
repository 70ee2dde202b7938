import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { ResultRecord } from '../core/suite.js';
import type { Verdict } from '../core/verdict.js';

type Keyed = Pick<ResultRecord, 'target' | 'suite' | 'id' | 'site' | 'verdict'> & { waiver?: unknown };

/** A verdict that changed between two runs, for one requirement, target and site. */
export interface VerdictChange {
  target: string;
  suite: string;
  id: string;
  site: string;
  /** Absent where the requirement is new (appeared) or gone (disappeared). */
  before?: Verdict;
  after?: Verdict;
  /** The new verdict is a FAIL covered by a waiver in force: agreed, so not a regression. */
  waived?: true;
}

/** What changed since a baseline run. */
export interface Drift {
  /** The baseline: when it ran. */
  baseline: { startedAt: string };
  /** FAIL now, not FAIL before (a new requirement that fails included). */
  newFails: VerdictChange[];
  /** FAIL before, not FAIL now (and still checked). */
  fixed: VerdictChange[];
  /** Any other change of verdict. */
  changed: VerdictChange[];
  appeared: VerdictChange[];
  disappeared: VerdictChange[];
}

const keyOf = (r: Keyed) => `${r.target}\n${r.suite}\n${r.id}\n${r.site}`;

const change = (r: Keyed, before?: Verdict, after?: Verdict): VerdictChange => ({
  target: r.target,
  suite: r.suite,
  id: r.id,
  site: r.site,
  ...(before ? { before } : {}),
  ...(after ? { after } : {}),
  ...(r.waiver && after ? { waived: true as const } : {}),
});

/**
 * Compares a run with a baseline, requirement by requirement, target and site. A new FAIL is a
 * regression whether the requirement is new or its verdict was something else; a verdict that is
 * no longer reported is "disappeared", never "fixed".
 */
export function driftSince(
  baseline: { startedAt: string; results: readonly Keyed[] },
  current: readonly Keyed[],
): Drift {
  const before = new Map(baseline.results.map((r) => [keyOf(r), r]));
  const now = new Map(current.map((r) => [keyOf(r), r]));
  const drift: Drift = {
    baseline: { startedAt: baseline.startedAt },
    newFails: [],
    fixed: [],
    changed: [],
    appeared: [],
    disappeared: [],
  };
  for (const [key, r] of now) {
    const old = before.get(key);
    if (!old) drift.appeared.push(change(r, undefined, r.verdict));
    if (r.verdict === 'fail' && old?.verdict !== 'fail')
      drift.newFails.push(change(r, old?.verdict, r.verdict));
    else if (old && old.verdict === 'fail' && r.verdict !== 'fail')
      drift.fixed.push(change(r, old.verdict, r.verdict));
    else if (old && old.verdict !== r.verdict) drift.changed.push(change(r, old.verdict, r.verdict));
  }
  for (const [key, r] of before)
    if (!now.has(key)) drift.disappeared.push(change({ ...r, waiver: undefined }, r.verdict, undefined));
  return drift;
}

/** A regression: a new FAIL, or a MUST that could be decided before and no longer can. */
export function regressions(drift: Drift): VerdictChange[] {
  return [
    ...drift.newFails,
    ...drift.changed.filter((c) => c.after === 'inconclusive' && c.before === 'pass'),
  ];
}

/** An earlier run's compliance-report.json, as far as drift needs it. */
export interface Baseline {
  startedAt: string;
  results: Keyed[];
}

/** Reads a baseline report: exit 2 naming the file when it is not an Attesta compliance report. */
export async function readBaseline(file: string): Promise<Baseline> {
  const abs = path.resolve(file);
  let data: { run?: { startedAt?: unknown }; results?: unknown };
  try {
    data = JSON.parse(await readFile(abs, 'utf8')) as typeof data;
  } catch (e) {
    const why =
      e instanceof SyntaxError ? 'is not JSON' : `cannot be read (${(e as NodeJS.ErrnoException).code})`;
    throw new ConfigError(why, abs, '--baseline');
  }
  const keyed = (r: unknown): r is Keyed =>
    typeof r === 'object' &&
    r !== null &&
    ['target', 'suite', 'id', 'site', 'verdict'].every(
      (k) => typeof (r as Record<string, unknown>)[k] === 'string',
    );
  if (!Array.isArray(data.results) || !data.results.every(keyed) || typeof data.run?.startedAt !== 'string')
    throw new ConfigError(
      'is not an Attesta compliance-report.json (run.startedAt and results[] expected)',
      abs,
      '--baseline',
    );
  return { startedAt: data.run.startedAt, results: data.results };
}
