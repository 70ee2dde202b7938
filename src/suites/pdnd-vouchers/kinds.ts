import type { Evidence } from '../../core/evidence.js';
import { reachableSite } from '../../capabilities/reachable-site.js';
import type { Check, CheckContext, CheckKind, Outcome } from '../../core/suite.js';
import { worst } from '../../core/verdict.js';
import { mutationsParam, namedMutations } from '../../checks/campaign/campaign.js';
import { ASSERTION_NEGATIVES, runAsCampaign, TOKEN_PROOF_NEGATIVES, type AsCampaign } from './as-campaign.js';
import { accepted, controlEvidence, judgeNegatives, type Campaign, type RefusalRule } from './judge.js';
import { NONCE_NEGATIVES, PRODUCER_NEGATIVES, runProducerCampaign } from './producer-campaign.js';
import type { PdndVouchersTarget } from './target.js';
import { judgeBinding, judgeVoucher } from './voucher-claims.js';
import { verifyVoucherSignature } from './voucher.js';
import { responseDetails, statusLine } from './exchange.js';

type Ctx = CheckContext<PdndVouchersTarget>;

/** One campaign per target (and site), shared by every check that judges a part of it. */
const asCampaign = (ctx: Ctx) => ctx.memo('as-campaign', () => runAsCampaign(ctx));
const producerCampaign = (ctx: Ctx) => ctx.memo('producer-campaign', () => runProducerCampaign(ctx));

/** The `with:` members besides `mutations`: the refusal asked for, and the feature it is about. */
const RULE_PARAMS = {
  refuseWith: {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'integer', minimum: 400, maximum: 499 },
  },
  refuseErrors: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
  notProbed: { type: 'string', minLength: 1 },
  requires: { enum: ['dpop', 'audit'] },
};

/** The `with:` of a kind that judges the named rows of `ids`, checked when the catalogue loads. */
const negativesParams = (ids: readonly string[]) => mutationsParam(ids, RULE_PARAMS);

/**
 * The refusal a requirement asks for, from its `with:` (refuseWith, refuseErrors, notProbed);
 * success is a 200 at the authorization server, the profile's acceptStatus at the e-service.
 */
function rule(ctx: Ctx, side: 'as' | 'eservice'): RefusalRule {
  const p = ctx.params;
  return {
    refuseWith: Array.isArray(p['refuseWith']) ? p['refuseWith'].map(Number) : [400, 401],
    ...(Array.isArray(p['refuseErrors']) ? { refuseErrors: p['refuseErrors'].map(String) } : {}),
    ...(typeof p['notProbed'] === 'string' ? { notProbed: p['notProbed'] } : {}),
    acceptStatus: side === 'as' ? [200] : ctx.target.eservice.acceptStatus,
  };
}

/** `with.requires` in the suite YAML: the e-service feature a requirement is about. */
function notApplicable(ctx: Ctx): Outcome | undefined {
  const es = ctx.target.eservice;
  const requires = ctx.params['requires'];
  if (requires === 'dpop' && es.voucherType !== 'dpop') {
    return {
      finding: 'not-applicable',
      reason:
        'The e-service is configured for Bearer vouchers (eservice.voucherType), so DPoP is not in use.',
      evidence: [],
    };
  }
  if (requires === 'audit' && !es.audit) {
    return {
      finding: 'not-applicable',
      reason: 'The e-service does not require AUDIT_REST_02 (eservice.audit is false).',
      evidence: [],
    };
  }
  return undefined;
}

/** PDND-VOUCHER-01: the voucher of each requested type has the header and claims of that type. */
const voucherIssued: Check<PdndVouchersTarget> = async (ctx) => {
  const t = ctx.target;
  const c: AsCampaign = await asCampaign(ctx);
  const base = {
    clientId: t.client.clientId,
    issuer: t.as.issuer,
    audience: t.eservice.audience,
    purposeId: t.client.purposeId,
  };
  const judged = [judgeVoucher(c.before, c.control, { ...base, tokenType: 'Bearer', digest: c.auditDigest })];
  if (t.eservice.voucherType === 'dpop')
    judged.push(judgeVoucher(c.dpop.probe, c.dpop.voucher, { ...base, tokenType: 'DPoP' }));
  if (t.apiClient && c.api) {
    judged.push(
      judgeVoucher(c.api.probe, c.api.voucher, {
        clientId: t.apiClient.clientId,
        issuer: t.as.issuer,
        audience: t.apiClient.audience,
        purposeId: null,
        tokenType: 'Bearer',
      }),
    );
  }
  const evidence: Evidence[] = [...c.setup, ...judged.map((j) => j.evidence)];
  const findings = judged.map((j) => j.finding);
  let unverified = '';
  if (c.control) {
    const sig = await verifyVoucherSignature(t, c.control.token, ctx.settings.probeTimeoutMs);
    evidence.push({ label: 'voucher signature', outcome: sig.detail, finding: sig.finding });
    if (sig.finding !== 'info') findings.push(sig.finding);
    else unverified = ' Their signature was not verified: the profile gives no authorizationServer.jwksUri.';
  }
  const finding = worst(findings);
  const reasons = {
    pass: `The authorization server issued ${judged.length === 1 ? 'the requested voucher' : `all ${judged.length} requested vouchers`} with the header and claims of their type.${unverified}`,
    fail: `A voucher is missing or wrong: ${evidence
      .filter((e) => e.finding === 'fail')
      .map((e) => `${e.label}: ${e.outcome}`)
      .join(' | ')}.`,
    inconclusive: `Could not be established: ${evidence
      .filter((e) => e.finding === 'inconclusive')
      .map((e) => `${e.label}: ${e.outcome}`)
      .join(' | ')}.`,
  } as const;
  return {
    finding,
    reason: finding in reasons ? reasons[finding as keyof typeof reasons] : reasons.pass,
    evidence,
  };
};

/** PDND-VOUCHER-02: the named assertion mutations are refused. */
const assertionRefusals: Check<PdndVouchersTarget> = async (ctx) =>
  judgeNegatives(await asCampaign(ctx), namedMutations(ctx.params), rule(ctx, 'as'));

/** PDND-DPOP-03: cnf.jkt is the thumbprint of the proof key, and bad token-request proofs are refused. */
const dpopBinding: Check<PdndVouchersTarget> = async (ctx) => {
  const c = await asCampaign(ctx);
  const { probe, voucher, key } = c.dpop;
  const b = judgeBinding(probe, voucher, key.thumbprint);
  const bindingEvidence: Evidence = {
    label: probe.label,
    outcome: b.outcome,
    finding: b.finding,
    details: { ...probe.sent, ...(probe.answer ? responseDetails(probe.answer) : {}) },
  };
  const negatives = judgeNegatives(c, namedMutations(ctx.params), rule(ctx, 'as'));
  const prefix =
    b.finding === 'pass'
      ? 'The DPoP voucher is bound to the proof key (cnf.jkt is its RFC 7638 thumbprint).'
      : `Binding: ${b.outcome}.`;
  return {
    finding: worst([b.finding, negatives.finding]),
    reason: `${prefix} ${negatives.reason}`,
    evidence: [bindingEvidence, ...negatives.evidence],
  };
};

/** PDND-PRODUCER-01, PDND-AUDIT-01, PDND-DPOP-01: the named mutations of the call are refused. */
const producerNegatives: Check<PdndVouchersTarget> = async (ctx) => {
  const na = notApplicable(ctx);
  if (na) return na;
  const c = await producerCampaign(ctx);
  return judgeNegatives(c, namedMutations(ctx.params), rule(ctx, 'eservice'));
};

/** PDND-DPOP-02: the first use of a proof is accepted, its replay refused. */
const dpopReplay: Check<PdndVouchersTarget> = async (ctx) => {
  const na = notApplicable(ctx);
  if (na) return na;
  const c: Campaign = await producerCampaign(ctx);
  const first = c.negatives.get('replay-first')?.[0];
  if (
    first &&
    !c.blocked &&
    accepted(c.before.answer, ctx.target.eservice.acceptStatus) &&
    !accepted(first.answer, ctx.target.eservice.acceptStatus)
  ) {
    return {
      finding: 'inconclusive',
      reason: `The first use of the proof was not accepted (${statusLine(first.answer ?? {})}), so a refused replay proves nothing.`,
      evidence: [...c.setup, controlEvidence(first, false)],
    };
  }
  const outcome = judgeNegatives(c, ['replay'], rule(ctx, 'eservice'));
  return first?.answer
    ? { ...outcome, evidence: [...outcome.evidence, controlEvidence(first, true)] }
    : outcome;
};

/** PDND-DPOP-04: where the e-service issues nonces, a wrong or missing nonce is refused. */
const dpopNonce: Check<PdndVouchersTarget> = async (ctx) => {
  const na = notApplicable(ctx);
  if (na) return na;
  const c = await producerCampaign(ctx);
  const outcome = judgeNegatives(c, namedMutations(ctx.params), rule(ctx, 'eservice'));
  if (outcome.finding === 'not-applicable') {
    return {
      ...outcome,
      reason:
        'The e-service issued no DPoP nonce (no DPoP-Nonce header, no use_dpop_nonce challenge), as PDND does, so nonce enforcement does not apply.',
    };
  }
  return outcome;
};

/** The authorization server's kinds judge the platform; the e-service's probe the site, so are gated on it. */
export const kinds: Record<string, CheckKind<PdndVouchersTarget>> = {
  'voucher-issued': { check: voucherIssued, params: { type: 'object', additionalProperties: false } },
  'assertion-refusals': { check: assertionRefusals, params: negativesParams(ASSERTION_NEGATIVES) },
  'dpop-binding': { check: dpopBinding, params: negativesParams(TOKEN_PROOF_NEGATIVES) },
  'producer-negatives': {
    gate: reachableSite,
    check: producerNegatives,
    params: negativesParams(PRODUCER_NEGATIVES),
  },
  'dpop-replay': {
    gate: reachableSite,
    check: dpopReplay,
    params: { type: 'object', additionalProperties: false, properties: RULE_PARAMS },
  },
  'dpop-nonce': { gate: reachableSite, check: dpopNonce, params: negativesParams(NONCE_NEGATIVES) },
};
