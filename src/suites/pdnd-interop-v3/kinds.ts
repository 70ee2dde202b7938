import type { CheckContext, CheckKind, Outcome } from '../../core/suite.js';
import { mutationsParam, namedMutations } from '../../checks/campaign/campaign.js';
import { authCampaign, GATEWAY_NEGATIVES, judgeAuth } from './campaigns/auth.js';
import { baseCampaign, judgeBase } from './campaigns/base.js';
import { judgeKeySeed, judgeVoidObject, keysCampaign } from './campaigns/keys.js';
import { KEYSEED_MUTATION_IDS } from './keyseed-mutations.js';
import { judgePagination, paginationCampaign } from './campaigns/pagination.js';
import { provokeCampaign } from './campaigns/provoke.js';
import { judgeRbac, rbacCampaign } from './campaigns/rbac.js';
import { judgeUsers, usersCampaign } from './campaigns/users.js';
import { controlRefused, positiveControl, type Control } from './control.js';
import { gatewayKeys } from './gateway-keys.js';
import { inspect, judgeRule, RESPONSE_RULES } from './response-rules.js';
import { GatewaySession } from './session.js';
import type { PdndInteropTarget } from './target.js';

type Ctx = CheckContext<PdndInteropTarget>;

/**
 * One session per target and run: its budget, its vouchers and its log cover every campaign. The
 * gateway's keys are had first, so a JWKS URL is fetched within the budget, before the campaigns.
 */
const session = (ctx: Ctx) => ctx.memo('session', async () => new GatewaySession(ctx.target, ctx.settings));
const signingKeys = (ctx: Ctx) => ctx.memo('gateway-keys', async () => gatewayKeys(await session(ctx)));
const ready = async (ctx: Ctx) => {
  await signingKeys(ctx);
  return session(ctx);
};

/** The positive control, once per run, before the campaigns that need an accepted request. */
const control = (ctx: Ctx) => ctx.memo('control', async () => positiveControl(await ready(ctx)));

/** A campaign's result, or the refused control that kept it from running (no request sent for it). */
type Gated<T> = { ran: T } | { refused: Control & { refused: string } };

/** A campaign that needs the positive control: run once, and only when the control was accepted. */
const gated =
  <T>(name: string, run: (s: GatewaySession, c: Control) => Promise<T>) =>
  (ctx: Ctx): Promise<Gated<T>> =>
    ctx.memo(`campaign:${name}`, async () => {
      const c = await control(ctx);
      return c.refused !== undefined
        ? { refused: { ...c, refused: c.refused } }
        : { ran: await run(await ready(ctx), c) };
    });

/** Each campaign runs once, whichever check asks first; the others read its result. */
const campaigns = {
  auth: (ctx: Ctx) => ctx.memo('campaign:auth', async () => authCampaign(await ready(ctx))),
  provoke: (ctx: Ctx) => ctx.memo('campaign:provoke', async () => provokeCampaign(await ready(ctx))),
  base: gated('base', baseCampaign),
  users: gated('users', (s) => usersCampaign(s)),
  keys: gated('keys', (s) => keysCampaign(s)),
  rbac: gated('rbac', (s) => rbacCampaign(s)),
  /** Last, on what the others left of the request budget: it is by far the largest. */
  pagination: (ctx: Ctx) =>
    gated('pagination', async (s) => {
      await Promise.all([
        campaigns.auth(ctx),
        campaigns.base(ctx),
        campaigns.users(ctx),
        campaigns.provoke(ctx),
        campaigns.keys(ctx),
        campaigns.rbac(ctx),
      ]);
      return paginationCampaign(s);
    })(ctx),
};

/** Every campaign done, then every response they received inspected once. */
const inspection = (ctx: Ctx) =>
  ctx.memo('inspection', async () => {
    await Promise.all(Object.values(campaigns).map((c) => c(ctx)));
    return inspect(await session(ctx), await signingKeys(ctx), await control(ctx));
  });

/** Adds what a reader of any verdict needs: how many requests the run made and how often it waited. */
async function withLoad(ctx: Ctx, outcome: Outcome): Promise<Outcome> {
  const s = await session(ctx);
  return {
    ...outcome,
    evidence: [
      ...outcome.evidence,
      {
        label: 'load',
        outcome: `${s.requestsSent} of ${s.target.load.requestBudget} budgeted requests so far, ${s.rateLimitWaits} waits after 429`,
        details: { voucher: await s.voucherEvidence('admin') },
      },
    ],
  };
}

type Kind = CheckKind<PdndInteropTarget>;

/** The judge's outcome of a campaign that ran, or INCONCLUSIVE with what the refused control got. */
const ran = <T>(g: Gated<T>, judge: (c: T) => Outcome): Outcome =>
  'ran' in g ? judge(g.ran) : controlRefused(g.refused);

/** A kind that judges one campaign's result, with the session's load added to its evidence. */
const judged = (judge: (ctx: Ctx) => Promise<Outcome>): Kind => ({
  check: async (ctx) => withLoad(ctx, await judge(ctx)),
});

/** The rules every response of every campaign is held to: one kind each. */
const responseRules = Object.fromEntries(
  RESPONSE_RULES.map((rule): [string, Kind] => [
    rule,
    judged(async (ctx) => judgeRule(rule, await inspection(ctx))),
  ]),
);

/** The gateway is the platform: no site, so no kind is gated on one. */
export const kinds: Record<string, Kind> = {
  'dpop-required': {
    ...judged(async (ctx) => judgeAuth(await campaigns.auth(ctx), namedMutations(ctx.params))),
    params: mutationsParam(GATEWAY_NEGATIVES),
  },
  'base-path': judged(async (ctx) => ran(await campaigns.base(ctx), judgeBase)),
  ...responseRules,
  pagination: judged(async (ctx) => ran(await campaigns.pagination(ctx), judgePagination)),
  'keyseed-validation': {
    ...judged(async (ctx) =>
      ran(await campaigns.keys(ctx), (k) => judgeKeySeed(k, namedMutations(ctx.params))),
    ),
    params: mutationsParam(KEYSEED_MUTATION_IDS),
  },
  'void-object': judged(async (ctx) => {
    const [keys, rbac] = await Promise.all([campaigns.keys(ctx), campaigns.rbac(ctx)]);
    const s = await session(ctx);
    return ran(keys, (k) => ran(rbac, (r) => judgeVoidObject(k, r.deletes, s)));
  }),
  users: judged(async (ctx) => {
    const s = await session(ctx);
    return ran(await campaigns.users(ctx), (u) => judgeUsers(u, s));
  }),
  rbac: judged(async (ctx) => ran(await campaigns.rbac(ctx), judgeRbac)),
};
