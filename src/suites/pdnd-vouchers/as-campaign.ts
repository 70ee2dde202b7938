import { jwsForEvidence } from '../../jose/private-jwk.js';
import type { Evidence } from '../../core/evidence.js';
import type { CheckContext } from '../../core/suite.js';
import { limiter } from '../../core/limit.js';
import { runCampaign } from '../../checks/campaign/campaign.js';
import { auditDigest, createAuditJwt } from '../../jose/audit.js';
import { assertionParts, type ClientKey } from '../../jose/client-assertion.js';
import { CLIENT_ASSERTION_MUTATIONS } from '../../jose/client-assertion-mutations.js';
import { generateDpopKey, type DpopKey } from '../../jose/dpop.js';
import { DPOP_MUTATIONS, type DpopMutationId } from '../../jose/dpop-mutations.js';
import { signCompact } from '../../jose/jws.js';
import { tokenRequest } from '../../oauth/token-request.js';
import { exchange, newNonceState, type NonceState } from './exchange.js';
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
const TOKEN_PROOF_MUTATIONS: DpopMutationId[] = ['wrong-htm', 'wrong-htu', 'invalid-signature'];

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
        ]),
      ]);
      extra = { dpop: { ...dpop, key }, ...(api ? { api } : {}) };
      return negatives;
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

/** Every row of the client-assertion table, as a token request (PDND-VOUCHER-02). */
function assertionTrials(t: PdndVouchersTarget, nonce: NonceState, timeoutMs: number, limit: Send) {
  return Object.entries(CLIENT_ASSERTION_MUTATIONS).map(([id, m]) =>
    limit(async (): Promise<Trial> => {
      let assertion = '';
      const answer = await exchange(
        async () => {
          assertion = await m.build(validAssertionParts(t), t.client);
          return tokenRequest(tokenEndpoint(t), t.client.clientId, assertion);
        },
        { nonce, timeoutMs },
      );
      return { id, label: m.label, answer, sent: { clientAssertion: jwsForEvidence(assertion) } };
    }),
  );
}

/** A valid token request with a mutated DPoP proof (PDND-DPOP-03). */
function proofTrials(t: PdndVouchersTarget, key: DpopKey, nonce: NonceState, timeoutMs: number, limit: Send) {
  return TOKEN_PROOF_MUTATIONS.map((m) =>
    limit(async (): Promise<Trial> => {
      let proof = '';
      const answer = await exchange(
        async (n) => {
          const parts = validAssertionParts(t);
          const assertion = await signCompact(parts.header, parts.claims, t.client.privateKey);
          [proof = ''] = await DPOP_MUTATIONS[m].proofs(key, {
            htm: 'POST',
            htu: t.as.tokenEndpoint,
            nonce: n,
          });
          return tokenRequest(tokenEndpoint(t), t.client.clientId, assertion, [proof]);
        },
        { nonce, timeoutMs },
      );
      return {
        id: `proof-${m}`,
        label: `DPoP token request, proof mutated: ${DPOP_MUTATIONS[m].label}`,
        answer,
        sent: { dpopProof: jwsForEvidence(proof) },
      };
    }),
  );
}
