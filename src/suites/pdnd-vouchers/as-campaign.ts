import { jwsForEvidence } from '../../jose/private-jwk.js';
import type { Evidence } from '../../core/evidence.js';
import type { CheckContext } from '../../core/suite.js';
import { limiter } from '../../core/limit.js';
import { runCampaign } from '../../checks/campaign/campaign.js';
import { auditDigest, createAuditJwt } from '../../jose/audit.js';
import { assertionParts, type ClientKey } from '../../jose/client-assertion.js';
import { CLIENT_ASSERTION_MUTATIONS } from '../../jose/client-assertion-mutations.js';
import { createDpopProof, generateDpopKey, type DpopKey } from '../../jose/dpop.js';
import { DPOP_MUTATIONS, freshnessByNonce, type DpopMutationId } from '../../jose/dpop-mutations.js';
import { decodeJws, signCompact } from '../../jose/jws.js';
import { tokenRequest } from '../../oauth/token-request.js';
import { exchange, newNonceState, statusLine, type NonceState } from './exchange.js';
import type { Campaign, Trial } from './judge.js';
import type { PdndVouchersTarget } from './target.js';
import { requestVoucher, tokenEndpoint, type IssuedVoucher, type VoucherRequest } from './voucher.js';

/**
 * The authorization-server campaign (platform): a valid Bearer token request before and after,
 * a valid DPoP token request, a PDND-API voucher where an API client is configured, then every
 * mutation of the client assertion (PDND-VOUCHER-02) and of the token-request proof (PDND-DPOP-03).
 */
export interface AsCampaign extends Campaign {
  control?: IssuedVoucher;
  dpop: { probe: Trial; key: DpopKey; voucher?: IssuedVoucher };
  api?: { probe: Trial; voucher?: IssuedVoucher };
  /** The AUDIT_REST_02 digest the control asked for, where the e-service requires it. */
  auditDigest?: string;
  nonce: NonceState;
}

/** The rows of the DPoP table sent as token-request proofs (ids `proof-<row>` in the suite YAML). */
const TOKEN_PROOF_MUTATIONS: DpopMutationId[] = [
  'wrong-htm',
  'wrong-htu',
  'invalid-signature',
  'typ-not-dpop',
  'iat-old',
];

type Ctx = CheckContext<PdndVouchersTarget>;
type Send = <T>(task: () => Promise<T>) => Promise<T>;

export async function runAsCampaign(ctx: Ctx): Promise<AsCampaign> {
  const t = ctx.target;
  const timeoutMs = ctx.settings.probeTimeoutMs;
  const nonce = newNonceState();
  const audit = t.eservice.audit ? auditDigest(await createAuditJwt(t.client, auditClaims(t))) : undefined;
  const client: VoucherRequest = {
    label: 'valid Bearer token request (positive control)',
    key: t.client,
    purposeId: t.client.purposeId,
    auditDigest: audit,
  };
  const key = await generateDpopKey(t.eservice.dpopAlg);
  let control: IssuedVoucher | undefined;
  let extra: Pick<AsCampaign, 'dpop' | 'api'> | undefined;
  const campaign = await runCampaign<Trial>({
    mutations: [],
    control: async (when) => {
      const label =
        when === 'before' ? client.label : 'valid Bearer token request (positive control, repeated)';
      const issued = await requestVoucher(t, { ...client, label }, nonce, timeoutMs);
      if (when === 'before') control = issued.voucher;
      return { ...issued.probe, id: `control-${when}` };
    },
    negatives: async () => {
      const limit = limiter(6);
      const [dpop, api, negatives] = await Promise.all([
        limit(() =>
          requestVoucher(
            t,
            { ...client, auditDigest: undefined, label: 'valid DPoP token request', dpopKey: key },
            nonce,
            timeoutMs,
          ),
        ),
        apiVoucher(t, nonce, timeoutMs, limit),
        Promise.all([
          ...assertionTrials(t, nonce, timeoutMs, limit),
          ...proofTrials(t, key, nonce, timeoutMs, limit),
          ...replayCases(t, key).map((c) => limit(() => replayTrials(c, nonce, timeoutMs))),
        ]),
      ]);
      extra = { dpop: { ...dpop, key }, ...(api ? { api } : {}) };
      return negatives.flat();
    },
  });
  return {
    ...campaign,
    setup: nonce.seen ? [nonceEvidence(nonce)] : [],
    control,
    auditDigest: audit,
    ...extra!,
    nonce,
  };
}

function auditClaims(t: PdndVouchersTarget) {
  return {
    audience: t.eservice.audience ?? t.eservice.url,
    purposeId: t.client.purposeId,
    claims: t.eservice.auditClaims,
  };
}

function apiVoucher(t: PdndVouchersTarget, nonce: NonceState, timeoutMs: number, limit: Send) {
  if (!t.apiClient) return undefined;
  const request = {
    label: 'valid token request of the PDND API client (no purposeId)',
    key: t.apiClient as ClientKey,
  };
  return limit(() => requestVoucher(t, request, nonce, timeoutMs));
}

function nonceEvidence(nonce: NonceState): Evidence {
  return {
    label: 'DPoP nonce at the token endpoint',
    outcome: `the authorization server issues DPoP nonces; ${nonce.challenges} use_dpop_nonce challenge(s) answered, each by one retry with the nonce and a fresh jti`,
    finding: 'info',
  };
}

const validAssertionParts = (t: PdndVouchersTarget) =>
  assertionParts(t.client, { audience: t.as.assertionAudience, purposeId: t.client.purposeId });

/** The client_id a token request sends with an assertion: its sub, as a client naming itself would. */
const clientIdOf = (t: PdndVouchersTarget, assertion: string) => {
  const sub = decodeJws(assertion)?.claims['sub'];
  return typeof sub === 'string' ? sub : t.client.clientId;
};

/** Every row of the client-assertion table, as a token request (PDND-VOUCHER-02). */
function assertionTrials(t: PdndVouchersTarget, nonce: NonceState, timeoutMs: number, limit: Send) {
  const ctx = t.apiClient ? { otherClientId: t.apiClient.clientId } : {};
  return Object.entries(CLIENT_ASSERTION_MUTATIONS).map(([id, m]) =>
    limit(async (): Promise<Trial> => {
      const built = await m.build(validAssertionParts(t), t.client, ctx);
      if (typeof built !== 'string') return { id, label: m.label, ...built };
      let assertion = built;
      const answer = await exchange(
        async () => {
          // A retry after a challenge gets a fresh assertion, as a client would send (new jti).
          if (assertion === '') assertion = (await m.build(validAssertionParts(t), t.client, ctx)) as string;
          const request = tokenRequest(tokenEndpoint(t), clientIdOf(t, assertion), assertion);
          assertion = '';
          return request;
        },
        { nonce, timeoutMs },
      );
      return { id, label: m.label, answer, sent: { clientAssertion: jwsForEvidence(built) } };
    }),
  );
}

type Request = ReturnType<typeof tokenRequest>;

/** A valid client assertion of the control's client, with a fresh jti. */
function freshAssertion(t: PdndVouchersTarget): Promise<string> {
  const parts = validAssertionParts(t);
  return signCompact(parts.header, parts.claims, t.client.privateKey);
}

/** A valid request sent, then sent again reusing one part of it (the assertion, the proof). */
interface ReplayCase {
  id: string;
  label: string;
  /** The first use, built anew per attempt (a challenge answered); what its last attempt sent is reused. */
  first(nonce?: string): Promise<{ request: Request; reused: string; sent: Record<string, unknown> }>;
  again(reused: string): Promise<Request>;
}

/**
 * The same client assertion (same jti) sent twice, and a DPoP token request sent twice with the
 * same proof (same jti) but a fresh assertion: each first use must be served, each second refused
 * (RFC 7523 section 3 item 7; RFC 9449 section 11.1).
 */
function replayCases(t: PdndVouchersTarget, key: DpopKey): ReplayCase[] {
  const endpoint = tokenEndpoint(t);
  const id = t.client.clientId;
  const proof = (n?: string) =>
    createDpopProof(key, { htm: 'POST', htu: t.as.tokenEndpoint, ...(n !== undefined ? { nonce: n } : {}) });
  return [
    {
      id: 'replayed-assertion',
      label: 'the same client assertion (same jti) sent again',
      first: async () => {
        const a = await freshAssertion(t);
        return {
          request: tokenRequest(endpoint, id, a),
          reused: a,
          sent: { clientAssertion: jwsForEvidence(a) },
        };
      },
      again: async (a) => tokenRequest(endpoint, id, a),
    },
    {
      id: 'proof-replayed-jti',
      label: 'DPoP token request with a fresh client assertion and the same DPoP proof (same jti) sent again',
      first: async (n) => {
        const p = await proof(n);
        const request = tokenRequest(endpoint, id, await freshAssertion(t), [p]);
        return { request, reused: p, sent: { dpopProof: jwsForEvidence(p) } };
      },
      again: async (p) => tokenRequest(endpoint, id, await freshAssertion(t), [p]),
    },
  ];
}

/** One replay case: its first use (`<id>-first`), then the replay, judged only if the first was served. */
async function replayTrials(c: ReplayCase, nonce: NonceState, timeoutMs: number): Promise<Trial[]> {
  let used: Awaited<ReturnType<ReplayCase['first']>> | undefined;
  const firstAnswer = await exchange(
    async (n) => {
      used = await c.first(n);
      return used.request;
    },
    { nonce, timeoutMs },
  );
  const sent = used?.sent ?? {};
  const first: Trial = { id: `${c.id}-first`, label: `first use: ${c.label}`, answer: firstAnswer, sent };
  if (firstAnswer.status !== 200 || !used) {
    const why = `its first use was not served (${statusLine(firstAnswer)})`;
    return [first, { id: c.id, label: c.label, sent, inconclusive: why }];
  }
  const reused = used.reused;
  // The replay is the refusal looked for: a challenge is not answered with a fresh proof.
  const answer = await exchange(() => c.again(reused), { nonce, timeoutMs, answerChallenge: false });
  return [first, { id: c.id, label: c.label, answer, sent }];
}

/** A valid token request with a mutated DPoP proof (PDND-DPOP-03). */
function proofTrials(t: PdndVouchersTarget, key: DpopKey, nonce: NonceState, timeoutMs: number, limit: Send) {
  return TOKEN_PROOF_MUTATIONS.map((m) =>
    limit(async (): Promise<Trial> => {
      let proof = '';
      const answer = await exchange(
        async (n) => {
          const assertion = await freshAssertion(t);
          [proof = ''] = await DPOP_MUTATIONS[m].proofs(key, {
            htm: 'POST',
            htu: t.as.tokenEndpoint,
            nonce: n,
          });
          return tokenRequest(tokenEndpoint(t), t.client.clientId, assertion, [proof]);
        },
        { nonce, timeoutMs },
      );
      const byNonce = freshnessByNonce(m, [proof]);
      return {
        ...(byNonce ? { notApplicable: byNonce } : {}),
        id: `proof-${m}`,
        label: `DPoP token request, proof mutated: ${DPOP_MUTATIONS[m].label}`,
        answer,
        sent: { dpopProof: jwsForEvidence(proof) },
      };
    }),
  );
}
