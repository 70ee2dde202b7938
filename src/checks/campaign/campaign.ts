import type { Evidence } from '../../core/evidence.js';
import { limiter } from '../../core/limit.js';

/**
 * A campaign is the positive control, every negative, and the positive control again: a negative
 * (no certificate, a wrong key, a tampered voucher) means something only if the same request done
 * right succeeds just before and just after it (DESIGN.md, "Positive control first and last").
 *
 * The words, the same for every standard that runs one:
 * - a **probe** is what is sent (a handshake and request, an HTTP request);
 * - a **mutation** is one named way a negative probe differs from the control; each standard keeps
 *   its mutations in one table at module level, and the suite YAML names the ones that decide a
 *   requirement (`with: { mutations: [...] }`);
 * - an **answer** is what came back (each standard has its own type for it);
 * - a **trial** is one probe with its answer, or why it was not sent;
 * - the **control** is the probe done right, sent before and after the negatives;
 * - a **reading** (./judge.ts) is how a negative's answer is classified, and the one rule that
 *   turns readings and controls into a verdict lives there too.
 */
export interface Trial<A> {
  /** The mutation id the suite YAML names (`control-before` / `control-after` for the control). */
  id: string;
  /** What was sent, or what was sent differently from the control, in a report's words. */
  label: string;
  /** What came back; absent when the probe was not sent. */
  answer?: A;
  /** What differed, as evidence may show it (tokens cut, never a secret). */
  sent?: Record<string, unknown>;
  /** Why the probe was not sent where it cannot apply (never counted as a pass). */
  notApplicable?: string;
  /** Why our own side could not send it: never a verdict on the peer. */
  inconclusive?: string;
  /**
   * Why a negative that applies could not be sent for lack of means the profile or the target must
   * give (a test signer, a second identity, a Bearer voucher): the PASS it would support is partial.
   */
  notRun?: string;
}

export interface Campaign<T extends Trial<unknown>> {
  before: T;
  /** The trials of each mutation of the standard's table, in the order they were sent. */
  negatives: ReadonlyMap<string, readonly T[]>;
  /** Absent only when the campaign was blocked before its negatives. */
  after?: T;
  /** Requests every judgement shares (the voucher used, a challenge answered). */
  setup: Evidence[];
  /** Why the campaign could not start at all (no voucher, say). */
  blocked?: string;
}

export interface CampaignSteps<T extends Trial<unknown>> {
  /** The ids of the standard's mutation table: the names a suite may judge, run or not. */
  mutations: readonly string[];
  control(when: 'before' | 'after'): Promise<T>;
  /** Sends the negatives (in parallel where safe, see `inParallel`) once the control before is known. */
  negatives(before: T): Promise<readonly T[]>;
}

/** Runs the control, then the negatives, then the control again; nothing of a campaign overlaps a control. */
export async function runCampaign<T extends Trial<unknown>>(steps: CampaignSteps<T>): Promise<Campaign<T>> {
  const before = await steps.control('before');
  const trials = await steps.negatives(before);
  const after = await steps.control('after');
  return { before, negatives: groupByMutation(steps.mutations, trials), after, setup: [] };
}

/** The trials under their mutation id, every id of the table present (a mutation that did not apply has none). */
export function groupByMutation<T extends Trial<unknown>>(
  mutations: readonly string[],
  trials: readonly T[],
): Map<string, T[]> {
  const grouped = new Map<string, T[]>(mutations.map((m) => [m, []]));
  for (const t of trials) {
    const list = grouped.get(t.id);
    if (list) list.push(t);
    else grouped.set(t.id, [t]);
  }
  return grouped;
}

/** Runs every task, at most `limit` at once (each negative on its own connection). */
export function inParallel<R>(tasks: readonly (() => Promise<R>)[], limit = tasks.length || 1): Promise<R[]> {
  const run = limiter(limit);
  return Promise.all(tasks.map((task) => run(task)));
}

/**
 * The JSON Schema of a negative kind's `with: { mutations: [...] }`: ids of the standard's table
 * only, so a suite naming an unknown negative is refused when the catalogue loads.
 */
export function mutationsParam(ids: readonly string[]): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['mutations'],
    properties: { mutations: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...ids] } } },
  };
}

/** The `with.mutations` a suite names (validated against `mutationsParam` when the catalogue loads). */
export function namedMutations(params: Record<string, unknown>): string[] {
  const named = params['mutations'];
  return Array.isArray(named) ? named.map(String) : [];
}
