import { jwsForEvidence } from '../../jose/private-jwk.js';
import type { CheckContext } from '../../core/suite.js';
import { limiter } from '../../core/limit.js';
import { AUDIT_HEADER, auditDigest, auditParts } from '../../jose/audit.js';
import { createDpopProof, generateDpopKey, type DpopKey } from '../../jose/dpop.js';
import { mutatedDpopProof, PROOF_MUTATIONS, type ProofMutation } from '../../jose/dpop-mutations.js';
import { signCompact, tamperSignature, unsecuredJws } from '../../jose/jws.js';
import type { HttpRequest } from '../../http/client.js';
import { staleNonce } from '../../oauth/exchange.js';
import { exchange, newNonceState, responseDetails, statusLine, type Observation } from './exchange.js';
import { accepted, type Campaign, type Probe } from './judge.js';
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

/** A mutation: the call it sends and what it changed, or why it cannot apply here. */
type Planned = Call | { notApplicable: string } | { inconclusive: string };
type Mutation = { label: string; call: () => Promise<Planned> };

const OTHER_AUDIENCE = 'https://attesta.invalid/other-eservice';

/**
 * The e-service campaign (endpoint): obtain the voucher the e-service expects, call it as the
 * positive control, then every mutation (PDND-PRODUCER-01, PDND-AUDIT-01, PDND-DPOP-01/02/04),
 * then the positive control again.
 */
export async function runProducerCampaign(ctx: CheckContext<PdndVouchersTarget>): Promise<Campaign> {
  const t = ctx.target;
  const es = t.eservice;
  const timeoutMs = ctx.settings.probeTimeoutMs;
  const asNonce = newNonceState();
  const nonce = newNonceState();
  const dpop = es.voucherType === 'dpop';
  const key: DpopKey | undefined = dpop ? await generateDpopKey(es.dpopAlg) : undefined;
  const audience = es.audience ?? es.url;
  const auditOf = (claims: Record<string, unknown>) => {
    const p = auditParts(t.client, { audience, purposeId: t.client.purposeId, claims });
    return signCompact(p.header, p.claims, t.client.privateKey);
  };
  const audit = es.audit ? await auditOf(es.auditClaims) : undefined;
  const obtained = await requestVoucher(
    t,
    {
      label: `${dpop ? 'DPoP' : 'Bearer'} voucher for the e-service${audit ? ' (AUDIT_REST_02 digest)' : ''}`,
      key: t.client,
      purposeId: t.client.purposeId,
      auditDigest: audit ? auditDigest(audit) : undefined,
      dpopKey: key,
    },
    asNonce,
    timeoutMs,
  );
  const setup = [
    {
      label: obtained.probe.label,
      outcome: obtained.voucher
        ? `issued (${obtained.voucher.tokenType})`
        : `not issued: ${statusLine(obtained.probe.obs ?? {})}`,
      finding: obtained.voucher ? ('info' as const) : ('inconclusive' as const),
      details: { ...obtained.probe.sent, ...(obtained.probe.obs ? responseDetails(obtained.probe.obs) : {}) },
    },
  ];
  const control: Probe = { id: 'control-before', label: 'valid call (positive control)' };
  if (!obtained.voucher) {
    return {
      before: control,
      probes: new Map(),
      setup,
      blocked: `No voucher could be obtained from the authorization server (${statusLine(obtained.probe.obs ?? {})}), so the e-service could not be probed.`,
    };
  }
  const voucher: IssuedVoucher = obtained.voucher;
  const scheme = dpop ? 'DPoP' : 'Bearer';
  const validProofs = async (n: string | undefined, token: string) =>
    key ? [await createDpopProof(key, { htm: es.method, htu: es.url, accessToken: token, nonce: n })] : [];
  const valid: Call = { token: voucher.token, scheme, proofs: validProofs, audit };

  const send = async (
    call: Call,
    answerChallenge = true,
  ): Promise<{ obs: Observation; proofs: string[] }> => {
    let proofs: string[] = [];
    const obs = await exchange(
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
    return { obs, proofs };
  };

  const before: Probe = {
    ...control,
    obs: (await send(valid)).obs,
    sent: { voucher: jwsForEvidence(voucher.token) },
  };
  const probes = new Map<string, Probe>();

  // A voucher re-signed by the profile's test signer, so expiry and audience can be changed.
  const signer = es.testSigner;
  const resign = (claims: Record<string, unknown>) =>
    signer
      ? signCompact(
          { alg: signer.alg, kid: signer.kid, typ: voucher.header?.['typ'] ?? 'at+jwt' },
          { ...voucher.claims, iss: signer.issuer ?? voucher.claims?.['iss'], ...claims },
          signer.privateKey,
        )
      : Promise.resolve('');
  let signerControl: Observation | undefined;
  if (signer && accepted(before.obs, es.acceptStatus)) {
    const token = await resign({});
    signerControl = (await send({ ...valid, token })).obs;
    probes.set('test-signer-control', {
      id: 'test-signer-control',
      label: 'voucher re-signed by the test signer, otherwise unchanged (control)',
      obs: signerControl,
      sent: { voucher: jwsForEvidence(token) },
    });
  }
  const bySigner = async (claims: Record<string, unknown>): Promise<Planned> => {
    if (!signer)
      return { notApplicable: 'the profile gives no test signer the e-service trusts (eservice.testSigner)' };
    if (!accepted(signerControl, es.acceptStatus)) {
      return {
        inconclusive: `the e-service did not accept an unchanged voucher of the test signer (${statusLine(signerControl ?? {})})`,
      };
    }
    return { ...valid, token: await resign(claims) };
  };
  const needsDpop = (c: () => Promise<Planned> | Planned) => async () =>
    dpop ? c() : { notApplicable: 'the e-service expects Bearer vouchers' };
  const needsAudit = (c: () => Promise<Planned> | Planned) => async () =>
    es.audit ? c() : { notApplicable: 'the e-service does not require AUDIT_REST_02' };
  const now = () => Math.floor(Date.now() / 1000);

  const mutations: Record<string, Mutation> = {
    'no-authorization': {
      label: 'no Authorization header',
      call: async () => ({ ...valid, token: undefined }),
    },
    'malformed-token': {
      label: 'a token that is not a JWT',
      call: async () => ({ ...valid, token: 'attesta-not-a-voucher' }),
    },
    'tampered-signature': {
      label: 'voucher with one signature byte flipped',
      call: async () => ({ ...valid, token: tamperSignature(voucher.token) }),
    },
    'alg-none-voucher': {
      label: 'voucher re-encoded with alg none and no signature',
      call: async () => ({ ...valid, token: unsecuredJws(voucher.header ?? {}, voucher.claims ?? {}) }),
    },
    'expired-voucher': {
      label: 'voucher expired 10 minutes ago (signed by the test signer)',
      call: () => bySigner({ iat: now() - 1200, nbf: now() - 1200, exp: now() - 600 }),
    },
    'other-audience': {
      label: `voucher for another audience, ${OTHER_AUDIENCE} (signed by the test signer)`,
      call: () => bySigner({ aud: OTHER_AUDIENCE }),
    },
    'no-dpop-header': {
      label: 'no DPoP header',
      call: needsDpop(() => ({ ...valid, proofs: async () => [] })),
    },
    'bearer-scheme': {
      label: 'DPoP-bound voucher sent as Authorization: Bearer',
      call: needsDpop(() => ({ ...valid, scheme: 'Bearer' })),
    },
    'two-dpop-headers': {
      label: 'two DPoP headers (two valid proofs)',
      call: needsDpop(() => ({
        ...valid,
        proofs: async (n, token) => [...(await validProofs(n, token)), ...(await validProofs(n, token))],
      })),
    },
    ...Object.fromEntries(
      (Object.keys(PROOF_MUTATIONS) as ProofMutation[]).map((m): [string, Mutation] => [
        m,
        {
          label: `DPoP proof: ${PROOF_MUTATIONS[m]}`,
          call: needsDpop(() => ({
            ...valid,
            proofs: async (n, token) =>
              key
                ? [
                    await mutatedDpopProof(
                      key,
                      { htm: es.method, htu: es.url, accessToken: token, nonce: n },
                      m,
                    ),
                  ]
                : [],
          })),
        },
      ]),
    ),
    'tampered-audit': {
      label:
        'audit JWT with a changed claim, re-signed by the client (no longer the one hashed into the voucher)',
      call: needsAudit(async () => ({
        ...valid,
        audit: await auditOf({
          ...es.auditClaims,
          [Object.keys(es.auditClaims)[0] ?? 'userID']: 'attesta-tampered',
        }),
      })),
    },
    'missing-audit': {
      label: `no ${AUDIT_HEADER} header`,
      call: needsAudit(() => ({ ...valid, audit: undefined })),
    },
    'voucher-without-digest': {
      label: 'voucher issued without digest, sent with the audit JWT',
      call: needsAudit(async () => {
        const plain = await requestVoucher(
          t,
          { label: 'voucher without digest', key: t.client, purposeId: t.client.purposeId, dpopKey: key },
          asNonce,
          timeoutMs,
        );
        return plain.voucher
          ? { ...valid, token: plain.voucher.token }
          : { inconclusive: `no voucher without digest was issued (${statusLine(plain.probe.obs ?? {})})` };
      }),
    },
  };

  /** A nonce negative is sent without answering a challenge: the challenge is its refusal. */
  const run = async (id: string, m: Mutation, nonceNegative = false) => {
    const call = await m.call();
    if ('notApplicable' in call || 'inconclusive' in call)
      return probes.set(id, { id, label: m.label, ...call });
    const { obs, proofs } = await send(call, !nonceNegative);
    const sent: Record<string, unknown> = {};
    if (call.token === undefined) sent['authorization'] = 'absent';
    else if (call.token !== voucher.token || call.scheme !== scheme)
      sent['authorization'] = `${call.scheme} ${jwsForEvidence(call.token)}`;
    if (proofs.length) sent['dpop'] = proofs.map(jwsForEvidence);
    if (call.audit !== audit)
      sent[AUDIT_HEADER] = call.audit === undefined ? 'absent' : jwsForEvidence(call.audit);
    probes.set(id, { id, label: m.label, obs, sent, ...(nonceNegative ? { nonceNegative } : {}) });
  };

  const limit = limiter(6);
  await Promise.all([
    ...Object.entries(mutations).map(([id, m]) => limit(() => run(id, m))),
    limit(() => replay(send, valid, dpop, probes)),
  ]);
  // Nonce negatives: after the control, once the e-service has shown whether it issues nonces.
  const nonceCall =
    (n: () => string | undefined, stale = false) =>
    async (): Promise<Planned> => {
      if (!dpop || !key) return { notApplicable: 'the e-service expects Bearer vouchers' };
      if (!nonce.seen) return { notApplicable: 'the e-service issued no DPoP nonce' };
      const value = n();
      if (stale && value === undefined)
        return {
          notApplicable: `the e-service supplied ${nonce.issued.length} distinct nonce(s) during the campaign; a nonce is surely stale only once it and its successor have both been replaced (3 seen), since a server may keep the previous nonce valid`,
        };
      return {
        ...valid,
        proofs: async (_n: string | undefined, token: string) => [
          await createDpopProof(key, { htm: es.method, htu: es.url, accessToken: token, nonce: value }),
        ],
      };
    };
  await Promise.all([
    run(
      'wrong-nonce',
      {
        label: 'DPoP proof with a nonce the server never issued',
        call: nonceCall(() => 'attesta-wrong-nonce'),
      },
      true,
    ),
    run(
      'missing-nonce',
      { label: 'DPoP proof without the nonce the server issued', call: nonceCall(() => undefined) },
      true,
    ),
    run(
      'stale-nonce',
      {
        label:
          'DPoP proof with a stale nonce (the first the server issued in this run, replaced twice since)',
        call: nonceCall(() => staleNonce(nonce), true),
      },
      true,
    ),
  ]);
  const after: Probe = {
    id: 'control-after',
    label: 'valid call (positive control, repeated)',
    obs: (await send(valid)).obs,
  };
  if (nonce.seen)
    setup.push({
      label: 'DPoP nonce at the e-service',
      outcome: `the e-service issues DPoP nonces; ${nonce.challenges} use_dpop_nonce challenge(s) answered, each by one retry with the nonce and a fresh jti`,
      finding: 'info',
      details: {},
    });
  return { before, after, probes, setup };
}

/** PDND-DPOP-02: one valid proof sent twice; the first use must be accepted, the second refused. */
async function replay(
  send: (call: Call, answerChallenge?: boolean) => Promise<{ obs: Observation; proofs: string[] }>,
  valid: Call,
  dpop: boolean,
  probes: Map<string, Probe>,
): Promise<void> {
  if (!dpop) {
    const notApplicable = 'the e-service expects Bearer vouchers';
    probes.set('replay-first', { id: 'replay-first', label: 'first use of a DPoP proof', notApplicable });
    probes.set('replay', { id: 'replay', label: 'the same DPoP proof (same jti) sent again', notApplicable });
    return;
  }
  const first = await send(valid);
  probes.set('replay-first', {
    id: 'replay-first',
    label: 'first use of a DPoP proof',
    obs: first.obs,
    sent: { dpop: first.proofs.map(jwsForEvidence) },
  });
  const again = await send({ ...valid, proofs: async () => first.proofs }, false);
  probes.set('replay', {
    id: 'replay',
    label: 'the same DPoP proof (same jti) sent again',
    obs: again.obs,
    sent: { dpop: first.proofs.map(jwsForEvidence) },
  });
}
