import { jwsForEvidence } from '../../jose/private-jwk.js';
import type { Evidence } from '../../core/evidence.js';
import type { CheckContext } from '../../core/suite.js';
import { inParallel, runCampaign } from '../../checks/campaign/campaign.js';
import { AUDIT_HEADER, auditDigest, auditParts } from '../../jose/audit.js';
import { createDpopProof, generateDpopKey, type DpopKey, type DpopProofClaims } from '../../jose/dpop.js';
import {
  DPOP_MUTATIONS,
  DPOP_NONCE_MUTATIONS,
  freshnessByNonce,
  type DpopMutation,
} from '../../jose/dpop-mutations.js';
import { signCompact } from '../../jose/jws.js';
import type { HttpRequest } from '../../http/client.js';
import { VOUCHER_MUTATIONS, type VoucherMutation } from '../../oauth/voucher-mutations.js';
import {
  exchange,
  newNonceState,
  responseDetails,
  statusLine,
  type NonceState,
  type Observation,
} from './exchange.js';
import { accepted, type Campaign, type Trial } from './judge.js';
import type { PdndVouchersTarget } from './target.js';
import { requestVoucher, type IssuedVoucher } from './voucher.js';

/** One call to the e-service: what goes in Authorization, DPoP and the audit header. */
interface Call {
  /** Undefined: no Authorization header. */
  token?: string;
  scheme: string;
  /** DPoP header values for the current nonce (none for a Bearer e-service). */
  proofs(nonce: string | undefined, token: string): Promise<string[]>;
  audit?: string;
}

/** A mutation: the call it sends, or why it cannot apply here or could not be made. */
type Planned = Call | { notApplicable: string } | { inconclusive: string } | { notRun: string };
type Mutation = { id: string; label: string; call: () => Promise<Planned> };
type Sent = { answer: Observation; proofs: string[] };

/** Everything the mutations of the e-service call vary: the valid call and how it was made. */
interface Calls {
  t: PdndVouchersTarget;
  timeoutMs: number;
  /** DPoP nonces of the authorization server and of the e-service, kept apart. */
  asNonce: NonceState;
  nonce: NonceState;
  key?: DpopKey;
  voucher: IssuedVoucher;
  valid: Call;
  auditOf(claims: Record<string, unknown>): Promise<string>;
  send(call: Call, answerChallenge?: boolean): Promise<Sent>;
  /** The e-service's answer to the unchanged voucher re-signed by the test signer, once sent. */
  signerControl?: Observation;
  /** An unbound (Bearer) voucher of the same client and purpose, asked for once by the DPoP rows that need it. */
  unbound?: Promise<{ token?: string; why: string }>;
}

const BEARER_ESERVICE = 'the e-service expects Bearer vouchers';

/**
 * The e-service campaign (endpoint): obtain the voucher the e-service expects, call it as the
 * positive control, then every mutation (PDND-PRODUCER-01, PDND-AUDIT-01, PDND-DPOP-01/02/04),
 * then the positive control again.
 */
export async function runProducerCampaign(ctx: CheckContext<PdndVouchersTarget>): Promise<Campaign> {
  const t = ctx.target;
  const timeoutMs = ctx.settings.probeTimeoutMs;
  const asNonce = newNonceState();
  const key = t.eservice.voucherType === 'dpop' ? await generateDpopKey(t.eservice.dpopAlg) : undefined;
  const auditOf = auditSigner(t);
  const audit = t.eservice.audit ? await auditOf(t.eservice.auditClaims) : undefined;
  const obtained = await requestVoucher(t, voucherRequest(t, key, audit), asNonce, timeoutMs);
  const setup: Evidence[] = [voucherEvidence(obtained)];
  const before: Trial = { id: 'control-before', label: 'valid call (positive control)' };
  if (!obtained.voucher) {
    const why = statusLine(obtained.probe.answer ?? {});
    return {
      before,
      negatives: new Map(),
      setup,
      blocked: `No voucher could be obtained from the authorization server (${why}), so the e-service could not be probed.`,
    };
  }
  const nonce = newNonceState();
  const voucher = obtained.voucher;
  const c: Calls = {
    t,
    timeoutMs,
    asNonce,
    nonce,
    voucher,
    auditOf,
    send: callSender(t, nonce, timeoutMs),
    valid: { token: voucher.token, scheme: key ? 'DPoP' : 'Bearer', proofs: validProofs(t, key), audit },
    ...(key ? { key } : {}),
  };
  const campaign = await runCampaign<Trial>({
    mutations: [],
    control: async (when) =>
      when === 'before'
        ? {
            ...before,
            answer: (await c.send(c.valid)).answer,
            sent: { voucher: jwsForEvidence(voucher.token) },
          }
        : {
            id: 'control-after',
            label: 'valid call (positive control, repeated)',
            answer: (await c.send(c.valid)).answer,
          },
    negatives: (control) => negatives(c, control),
  });
  if (nonce.seen) setup.push(nonceEvidence(nonce));
  return { ...campaign, setup };
}

/** The negatives in their order: the signer control, every mutation and the replay, then the nonce negatives. */
async function negatives(c: Calls, before: Trial): Promise<Trial[]> {
  const signer = c.t.eservice.testSigner && accepted(before.answer, c.t.eservice.acceptStatus);
  const signerTrial = signer ? [await testSignerControl(c)] : [];
  const mutations = [...voucherMutations(c), ...dpopMutations(c), ...auditMutations(c)];
  const main = await inParallel<Trial[]>(
    [...mutations.map((m) => async () => [await trial(c, m)]), () => replay(c)],
    6,
  );
  // Nonce negatives: after the others, once the e-service has shown whether it issues nonces.
  const nonced = await inParallel(nonceMutations(c).map((m) => () => trial(c, m, true)));
  return [...signerTrial, ...main.flat(), ...nonced];
}

function auditSigner(t: PdndVouchersTarget) {
  const audience = t.eservice.audience ?? t.eservice.url;
  return (claims: Record<string, unknown>) => {
    const p = auditParts(t.client, { audience, purposeId: t.client.purposeId, claims });
    return signCompact(p.header, p.claims, t.client.privateKey);
  };
}

function voucherRequest(t: PdndVouchersTarget, key: DpopKey | undefined, audit: string | undefined) {
  return {
    label: `${key ? 'DPoP' : 'Bearer'} voucher for the e-service${audit ? ' (AUDIT_REST_02 digest)' : ''}`,
    key: t.client,
    purposeId: t.client.purposeId,
    auditDigest: audit ? auditDigest(audit) : undefined,
    dpopKey: key,
  };
}

function voucherEvidence(obtained: { probe: Trial; voucher?: IssuedVoucher }): Evidence {
  const { probe, voucher } = obtained;
  return {
    label: probe.label,
    outcome: voucher ? `issued (${voucher.tokenType})` : `not issued: ${statusLine(probe.answer ?? {})}`,
    finding: voucher ? 'info' : 'inconclusive',
    details: { ...probe.sent, ...(probe.answer ? responseDetails(probe.answer) : {}) },
  };
}

function nonceEvidence(nonce: NonceState): Evidence {
  return {
    label: 'DPoP nonce at the e-service',
    outcome: `the e-service issues DPoP nonces; ${nonce.challenges} use_dpop_nonce challenge(s) answered, each by one retry with the nonce and a fresh jti`,
    finding: 'info',
    details: {},
  };
}

const proofClaims = (t: PdndVouchersTarget, token: string, nonce: string | undefined): DpopProofClaims => ({
  htm: t.eservice.method,
  htu: t.eservice.url,
  accessToken: token,
  nonce,
});

function validProofs(t: PdndVouchersTarget, key: DpopKey | undefined): Call['proofs'] {
  return async (n, token) => (key ? [await createDpopProof(key, proofClaims(t, token, n))] : []);
}

/** Sends a call to the e-service; the DPoP proofs are made for the nonce of each attempt. */
function callSender(t: PdndVouchersTarget, nonce: NonceState, timeoutMs: number): Calls['send'] {
  const es = t.eservice;
  return async (call, answerChallenge = true) => {
    let proofs: string[] = [];
    const answer = await exchange(
      async (n): Promise<Omit<HttpRequest, 'timeoutMs'>> => {
        proofs = await call.proofs(n, call.token ?? '');
        const headers: Record<string, string | string[]> = { ...es.headers };
        if (call.token !== undefined) headers['authorization'] = `${call.scheme} ${call.token}`;
        if (proofs.length) headers['dpop'] = proofs.length === 1 ? (proofs[0] ?? '') : proofs;
        if (call.audit !== undefined) headers[AUDIT_HEADER] = call.audit;
        return { url: es.url, method: es.method, headers, body: es.body, address: es.address, tls: es.tls };
      },
      { nonce, timeoutMs, answerChallenge },
    );
    return { answer, proofs };
  };
}

/** The voucher re-signed by the profile's test signer with some claims changed, so expiry and audience can be. */
function resign(c: Calls, claims: Record<string, unknown>): Promise<string> {
  const signer = c.t.eservice.testSigner;
  if (!signer) return Promise.resolve('');
  const { header, claims: issued } = c.voucher;
  return signCompact(
    { alg: signer.alg, kid: signer.kid, typ: header?.['typ'] ?? 'at+jwt' },
    { ...issued, iss: signer.issuer ?? issued?.['iss'], ...claims },
    signer.privateKey,
  );
}

/** The unchanged voucher re-signed by the test signer: whether the e-service trusts that signer at all. */
async function testSignerControl(c: Calls): Promise<Trial> {
  const token = await resign(c, {});
  c.signerControl = (await c.send({ ...c.valid, token })).answer;
  return {
    id: 'test-signer-control',
    label: 'voucher re-signed by the test signer, otherwise unchanged (control)',
    answer: c.signerControl,
    sent: { voucher: jwsForEvidence(token) },
  };
}

function voucherMutations(c: Calls): Mutation[] {
  return Object.entries(VOUCHER_MUTATIONS).map(([id, m]: [string, VoucherMutation]) => ({
    id,
    label: m.label,
    call: async (): Promise<Planned> => {
      if ('token' in m) return { ...c.valid, token: await m.token(c.voucher.token) };
      if (!c.t.eservice.testSigner)
        return { notRun: 'the profile gives no test signer the e-service trusts (eservice.testSigner)' };
      if (!accepted(c.signerControl, c.t.eservice.acceptStatus)) {
        return {
          inconclusive: `the e-service did not accept an unchanged voucher of the test signer (${statusLine(c.signerControl ?? {})})`,
        };
      }
      return { ...c.valid, token: await resign(c, m.resignedClaims()) };
    },
  }));
}

/** Every row of the DPoP table, on the e-service call; a proof mutation is labelled as one. */
function dpopMutations(c: Calls): Mutation[] {
  return Object.entries(DPOP_MUTATIONS).map(([id, m]: [string, DpopMutation]) => ({
    id,
    label: m.proof ? `DPoP proof: ${m.label}` : m.label,
    call: async (): Promise<Planned> => {
      const key = c.key;
      if (!key) return { notApplicable: BEARER_ESERVICE };
      // Made per attempt: a challenge answered gets fresh proofs with the nonce.
      const proofs: Call['proofs'] = (n, token) => m.proofs(key, proofClaims(c.t, token, n));
      const scheme = m.scheme ?? c.valid.scheme;
      if (!m.unbound) return { ...c.valid, scheme, proofs };
      const unbound = await unboundVoucher(c);
      return unbound.token ? { ...c.valid, token: unbound.token, scheme, proofs } : { notRun: unbound.why };
    },
  }));
}

/**
 * A Bearer voucher of the same client, purpose and audit digest (no cnf), asked for once: what a
 * DPoP-only e-service must refuse. An authorization server that issues none leaves its rows not run.
 */
function unboundVoucher(c: Calls): Promise<{ token?: string; why: string }> {
  c.unbound ??= requestVoucher(
    c.t,
    voucherRequest(c.t, undefined, c.valid.audit),
    c.asNonce,
    c.timeoutMs,
  ).then((r) => {
    const why = `the authorization server issued no Bearer voucher for the same client and purpose (${statusLine(r.probe.answer ?? {})})`;
    const unbound = r.voucher && !r.voucher.claims?.['cnf'] ? r.voucher.token : undefined;
    return unbound
      ? { token: unbound, why }
      : { why: r.voucher ? 'the Bearer voucher issued carries cnf' : why };
  });
  return c.unbound;
}

/** AUDIT_REST_02 mutations: the audit JWT changed, missing, or not hashed into the voucher. */
function auditMutations(c: Calls): Mutation[] {
  const es = c.t.eservice;
  const needsAudit =
    (call: () => Promise<Planned>): (() => Promise<Planned>) =>
    async () =>
      es.audit ? call() : { notApplicable: 'the e-service does not require AUDIT_REST_02' };
  return [
    {
      id: 'tampered-audit',
      label:
        'audit JWT with a changed claim, re-signed by the client (no longer the one hashed into the voucher)',
      call: needsAudit(async () => ({
        ...c.valid,
        audit: await c.auditOf({
          ...es.auditClaims,
          [Object.keys(es.auditClaims)[0] ?? 'userID']: 'attesta-tampered',
        }),
      })),
    },
    {
      id: 'missing-audit',
      label: `no ${AUDIT_HEADER} header`,
      call: needsAudit(async () => ({ ...c.valid, audit: undefined })),
    },
    {
      id: 'voucher-without-digest',
      label: 'voucher issued without digest, sent with the audit JWT',
      call: needsAudit(async () => {
        const plain = await requestVoucher(
          c.t,
          {
            label: 'voucher without digest',
            key: c.t.client,
            purposeId: c.t.client.purposeId,
            dpopKey: c.key,
          },
          c.asNonce,
          c.timeoutMs,
        );
        return plain.voucher
          ? { ...c.valid, token: plain.voucher.token }
          : {
              inconclusive: `no voucher without digest was issued (${statusLine(plain.probe.answer ?? {})})`,
            };
      }),
    },
  ];
}

/** The nonce negatives (PDND-DPOP-04): only where the e-service issues nonces. */
function nonceMutations(c: Calls): Mutation[] {
  return Object.entries(DPOP_NONCE_MUTATIONS).map(([id, m]) => ({
    id,
    label: m.label,
    call: async (): Promise<Planned> => {
      const key = c.key;
      if (!key) return { notApplicable: BEARER_ESERVICE };
      if (!c.nonce.seen) return { notApplicable: 'the e-service issued no DPoP nonce' };
      const value = m.nonce(c.nonce);
      if (typeof value === 'object') return { notApplicable: value.notYet };
      return {
        ...c.valid,
        proofs: async (_n, token) => [await createDpopProof(key, proofClaims(c.t, token, value))],
      };
    },
  }));
}

/** Sends one mutation; a nonce negative is sent without answering a challenge: the challenge is its refusal. */
async function trial(c: Calls, m: Mutation, nonceNegative = false): Promise<Trial> {
  const call = await m.call();
  if ('notApplicable' in call || 'inconclusive' in call || 'notRun' in call)
    return { id: m.id, label: m.label, ...call };
  const { answer, proofs } = await c.send(call, !nonceNegative);
  const sent: Record<string, unknown> = {};
  if (call.token === undefined) sent['authorization'] = 'absent';
  else if (call.token !== c.voucher.token || call.scheme !== c.valid.scheme)
    sent['authorization'] = `${call.scheme} ${jwsForEvidence(call.token)}`;
  if (proofs.length) sent['dpop'] = proofs.map(jwsForEvidence);
  if (call.audit !== c.valid.audit)
    sent[AUDIT_HEADER] = call.audit === undefined ? 'absent' : jwsForEvidence(call.audit);
  const byNonce = freshnessByNonce(m.id, proofs);
  return {
    id: m.id,
    label: m.label,
    answer,
    sent,
    ...(nonceNegative ? { nonceNegative } : {}),
    ...(byNonce ? { notApplicable: byNonce } : {}),
  };
}

/** PDND-DPOP-02: one valid proof sent twice; the first use must be accepted, the second refused. */
async function replay(c: Calls): Promise<Trial[]> {
  const firstLabel = 'first use of a DPoP proof';
  const againLabel = 'the same DPoP proof (same jti) sent again';
  if (!c.key) {
    return [
      { id: 'replay-first', label: firstLabel, notApplicable: BEARER_ESERVICE },
      { id: 'replay', label: againLabel, notApplicable: BEARER_ESERVICE },
    ];
  }
  const first = await c.send(c.valid);
  const sent = { dpop: first.proofs.map(jwsForEvidence) };
  const again = await c.send({ ...c.valid, proofs: async () => first.proofs }, false);
  return [
    { id: 'replay-first', label: firstLabel, answer: first.answer, sent },
    { id: 'replay', label: againLabel, answer: again.answer, sent },
  ];
}
