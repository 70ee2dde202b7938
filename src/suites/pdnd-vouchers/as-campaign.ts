import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { jwsForEvidence } from '../../jose/private-jwk.js';
import type { CheckContext } from '../../core/suite.js';
import { limiter } from '../../core/limit.js';
import { auditDigest, createAuditJwt } from '../../jose/audit.js';
import { assertionParts, type ClientKey } from '../../jose/client-assertion.js';
import { generateDpopKey, type DpopKey } from '../../jose/dpop.js';
import { mutatedDpopProof, PROOF_MUTATIONS, type ProofMutation } from '../../jose/dpop-mutations.js';
import { signCompact, tamperSignature, unsecuredJws } from '../../jose/jws.js';
import { exchange, newNonceState, type NonceState } from './exchange.js';
import type { Campaign, Probe } from './judge.js';
import type { PdndVouchersTarget } from './target.js';
import { tokenRequest } from '../../oauth/token-request.js';
import { requestVoucher, tokenEndpoint, type IssuedVoucher } from './voucher.js';

/**
 * The authorization-server campaign (platform): a valid Bearer token request before and after,
 * a valid DPoP token request, a PDND-API voucher where an API client is configured, then every
 * mutation of the client assertion (PDND-VOUCHER-02) and of the token-request proof (PDND-DPOP-03).
 */
export interface AsCampaign extends Campaign {
  control?: IssuedVoucher;
  dpop: { probe: Probe; key: DpopKey; voucher?: IssuedVoucher };
  api?: { probe: Probe; voucher?: IssuedVoucher };
  /** The AUDIT_REST_02 digest the control asked for, where the e-service requires it. */
  auditDigest?: string;
  nonce: NonceState;
}

type Parts = ReturnType<typeof assertionParts>;

/** Client assertions that differ from a valid one in exactly one respect. */
const ASSERTION_MUTATIONS: Record<
  string,
  { label: string; build(p: Parts, key: ClientKey): Promise<string> | string }
> = {
  'wrong-audience': {
    label: 'client assertion with aud https://attesta.invalid/other-audience',
    build: (p, key) =>
      signCompact(p.header, { ...p.claims, aud: 'https://attesta.invalid/other-audience' }, key.privateKey),
  },
  expired: {
    label: 'client assertion expired 5 minutes ago (iat 10 minutes ago)',
    build: (p, key) => {
      const now = Math.floor(Date.now() / 1000);
      return signCompact(p.header, { ...p.claims, iat: now - 600, exp: now - 300 }, key.privateKey);
    },
  },
  'unregistered-key': {
    label: 'client assertion signed with an unregistered RSA key under the registered kid',
    // Async generation: a synchronous RSA key generation would stall every probe in flight.
    build: async (p) => signCompact(p.header, p.claims, (await generateKeyPair('RS256')).privateKey),
  },
  'alg-none': {
    label: 'client assertion with alg none and no signature',
    build: (p) => unsecuredJws(p.header, p.claims),
  },
  'tampered-signature': {
    label: 'client assertion with one signature byte flipped',
    build: async (p, key) => tamperSignature(await signCompact(p.header, p.claims, key.privateKey)),
  },
  'missing-purpose-id': {
    label: 'client assertion of a consumer client without purposeId',
    build: (p, key) => {
      const claims = Object.entries(p.claims).filter(([name]) => name !== 'purposeId');
      return signCompact(p.header, Object.fromEntries(claims), key.privateKey);
    },
  },
  malformed: { label: 'client_assertion that is not a JWT', build: () => `not-a-jwt-${randomUUID()}` },
};

/** Token-request proofs that differ from a valid one in one respect (PDND-DPOP-03). */
const TOKEN_PROOF_MUTATIONS: ProofMutation[] = ['wrong-htm', 'wrong-htu', 'invalid-signature'];

export async function runAsCampaign(ctx: CheckContext<PdndVouchersTarget>): Promise<AsCampaign> {
  const t = ctx.target;
  const timeoutMs = ctx.settings.probeTimeoutMs;
  const nonce = newNonceState();
  const audit = t.eservice.audit
    ? auditDigest(
        await createAuditJwt(t.client, {
          audience: t.eservice.audience ?? t.eservice.url,
          purposeId: t.client.purposeId,
          claims: t.eservice.auditClaims,
        }),
      )
    : undefined;
  const client = {
    label: 'valid Bearer token request (positive control)',
    key: t.client,
    purposeId: t.client.purposeId,
    auditDigest: audit,
  };

  const first = await requestVoucher(t, client, nonce, timeoutMs);
  const before: Probe = { ...first.probe, id: 'control-before' };
  const key = await generateDpopKey(t.eservice.dpopAlg);
  const probes = new Map<string, Probe>();
  const limit = limiter(6);

  const dpopRun = limit(() =>
    requestVoucher(
      t,
      { ...client, auditDigest: undefined, label: 'valid DPoP token request', dpopKey: key },
      nonce,
      timeoutMs,
    ),
  );
  const apiRun = t.apiClient
    ? limit(() =>
        requestVoucher(
          t,
          {
            label: 'valid token request of the PDND API client (no purposeId)',
            key: t.apiClient as ClientKey,
          },
          nonce,
          timeoutMs,
        ),
      )
    : undefined;
  const negatives = [
    ...Object.entries(ASSERTION_MUTATIONS).map(([id, m]) =>
      limit(async () => {
        let assertion = '';
        const obs = await exchange(
          async () => {
            assertion = await m.build(
              assertionParts(t.client, { audience: t.as.assertionAudience, purposeId: t.client.purposeId }),
              t.client,
            );
            return tokenRequest(tokenEndpoint(t), t.client.clientId, assertion);
          },
          { nonce, timeoutMs },
        );
        probes.set(id, { id, label: m.label, obs, sent: { clientAssertion: jwsForEvidence(assertion) } });
      }),
    ),
    ...TOKEN_PROOF_MUTATIONS.map((m) =>
      limit(async () => {
        const id = `proof-${m}`;
        let proof = '';
        const obs = await exchange(
          async (n) => {
            const parts = assertionParts(t.client, {
              audience: t.as.assertionAudience,
              purposeId: t.client.purposeId,
            });
            const assertion = await signCompact(parts.header, parts.claims, t.client.privateKey);
            proof = await mutatedDpopProof(key, { htm: 'POST', htu: t.as.tokenEndpoint, nonce: n }, m);
            return tokenRequest(tokenEndpoint(t), t.client.clientId, assertion, [proof]);
          },
          { nonce, timeoutMs },
        );
        probes.set(id, {
          id,
          label: `DPoP token request, proof mutated: ${PROOF_MUTATIONS[m]}`,
          obs,
          sent: { dpopProof: jwsForEvidence(proof) },
        });
      }),
    ),
  ];
  const [dpop, api] = await Promise.all([dpopRun, apiRun, Promise.all(negatives)]);
  const last = await requestVoucher(
    t,
    { ...client, label: 'valid Bearer token request (positive control, repeated)' },
    nonce,
    timeoutMs,
  );
  const setup = nonce.seen
    ? [
        {
          label: 'DPoP nonce at the token endpoint',
          outcome: `the authorization server issues DPoP nonces; ${nonce.challenges} use_dpop_nonce challenge(s) answered, each by one retry with the nonce and a fresh jti`,
          finding: 'info' as const,
        },
      ]
    : [];
  return {
    before,
    after: { ...last.probe, id: 'control-after' },
    probes,
    setup,
    control: first.voucher,
    auditDigest: audit,
    dpop: { ...dpop, key },
    api,
    nonce,
  };
}
