import type { CheckKind, Outcome, Site } from '../core/suite.js';

/**
 * What a suite's adapter makes of its resolved target: the capability's input, or the outcome
 * when the profile does not configure what the capability needs (a not-applicable, say).
 */
type Adapted<I> = { input: I } | { outcome: Outcome };

/** From one suite's resolved profile block (and the site being judged) to a capability's input. */
export type Adapter<T, I> = (target: T, site: Site | undefined) => Adapted<I>;

/** Check kinds over one input, usable by any suite that adapts its target to that input. */
export type CapabilityKinds<I> = Readonly<Record<string, CheckKind<I>>>;

/** The capability's kinds as kinds of a suite: each adapts the suite's target, then runs as declared. */
export function bindKinds<T, I>(
  kinds: CapabilityKinds<I>,
  adapter: Adapter<T, I>,
): Record<string, CheckKind<T>> {
  return Object.fromEntries(
    Object.entries(kinds).map(([name, kind]): [string, CheckKind<T>] => [
      name,
      {
        ...(kind.gate ? { gate: kind.gate } : {}),
        ...(kind.params ? { params: kind.params } : {}),
        check: async (ctx) => {
          const adapted = adapter(ctx.target, ctx.site);
          return 'outcome' in adapted ? adapted.outcome : kind.check({ ...ctx, target: adapted.input });
        },
      },
    ]),
  );
}
