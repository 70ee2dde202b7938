import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { auditDigest, AUDIT_HEADER } from '../../jose/audit.js';
import { verifyDpopProof, type DpopRule } from '../../jose/dpop-verify.js';
import { JtiCache } from '../../jose/jti-cache.js';
import { decodeJws } from '../../jose/jws.js';
import { headerValues, listenLoopback, sendJson, sendProblem } from './http.js';

/** Faults of the producer's e-service, each breaking one rule. */
export const ESERVICE_FAULTS = [
  /** Voucher signatures are not verified (PDND-PRODUCER-01). */
  'vouchers.signature-not-checked',
  /** Vouchers with alg none are accepted (PDND-PRODUCER-01). */
  'vouchers.alg-none-accepted',
  /** Expired vouchers are accepted (PDND-PRODUCER-01). */
  'vouchers.expired-accepted',
  /** Vouchers for another audience are accepted (PDND-PRODUCER-01). */
  'vouchers.audience-not-checked',
  /** The audit JWT is not compared with the voucher's digest (PDND-AUDIT-01). */
  'vouchers.audit-digest-not-compared',
  /** A DPoP-bound voucher is accepted under the Bearer scheme without a proof (PDND-DPOP-01). */
  'vouchers.dpop-not-required',
  /** The proof key is not compared with cnf.jkt (PDND-DPOP-01). */
  'vouchers.jkt-not-checked',
  /** The proof's htm is not checked (PDND-DPOP-01). */
  'vouchers.htm-not-checked',
  /** The proof's htu is not checked (PDND-DPOP-01). */
  'vouchers.htu-not-checked',
  /** The proof's ath is not checked (PDND-DPOP-01). */
  'vouchers.ath-not-checked',
  /** The proof's iat is not checked (PDND-DPOP-01). */
  'vouchers.iat-not-checked',
  /** The proof header is not checked: typ, alg, private jwk (PDND-DPOP-01). */
  'vouchers.proof-header-not-checked',
  /** Proofs are not remembered, so a replay is accepted (PDND-DPOP-02). */
  'vouchers.no-replay-cache',
  /** Nonces are issued but any nonce value is accepted (PDND-DPOP-04). */
  'vouchers.nonce-not-verified',
  /** Nonces are issued and checked, but every nonce ever issued stays valid (PDND-DPOP-04). */
  'vouchers.stale-nonce-accepted',
] as const;

/** An issuer whose vouchers the e-service accepts: PDND, and optionally a producer's test issuer. */
export interface TrustedIssuer {
  issuer: string;
  jwks: JSONWebKeySet;
}

export interface EServiceOptions {
  faults: ReadonlySet<string>;
  trusted: TrustedIssuer[];
  /** Purposes the e-service serves: a valid voucher for another purpose gets 403. */
  purposes: ReadonlySet<string>;
  voucherType: 'bearer' | 'dpop';
  /** AUDIT_REST_02: the call carries an audit JWT whose SHA-256 is the voucher's digest. */
  audit: boolean;
  /**
   * Issue and require DPoP nonces (PDND does not; a producer may). The nonce is replaced after
   * every accepted call; the one it replaced stays valid too, so calls in flight are not
   * challenged again, and older ones are stale.
   */
  nonces?: boolean;
}

export interface ReferenceEService {
  /** The resource a positive control calls. */
  url: string;
  /** The aud its vouchers must carry. */
  audience: string;
  stop(): Promise<void>;
}

const RESOURCE = '/api/v1/status';
const DPOP_ALGS = 'ES256 RS256';

/** A rejected call: status, the WWW-Authenticate error, and why. */
class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly error: string,
    detail: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/**
 * A producer's e-service that enforces PDND vouchers: RS256 signature by a trusted issuer, aud,
 * exp, purpose; for DPoP vouchers the proof per PDND's rules (strict header, htm, htu without
 * query, iat, ath, cnf.jkt, jti replay cache); for AUDIT_REST_02 the audit JWT's digest.
 */
export async function startEService(o: EServiceOptions): Promise<ReferenceEService> {
  const f = (name: (typeof ESERVICE_FAULTS)[number]) => o.faults.has(name);
  const jwks = new Map(o.trusted.map((t) => [t.issuer, createLocalJWKSet(t.jwks)]));
  const replay = new JtiCache(5 * 60_000);
  const nonces = o.nonces || f('vouchers.nonce-not-verified') || f('vouchers.stale-nonce-accepted');
  const newNonce = () => randomBytes(16).toString('base64url');
  let nonce = newNonce();
  let previous: string | undefined;
  /** Every nonce issued, for the fault that keeps them all valid (bounded: a run issues few). */
  const issued = new Set([nonce]);
  const rotate = () => {
    previous = nonce;
    nonce = newNonce();
    if (issued.size < 10_000) issued.add(nonce);
  };
  const nonceValid = (n: string | undefined) =>
    n !== undefined &&
    (f('vouchers.nonce-not-verified') ||
      n === nonce ||
      n === previous ||
      (f('vouchers.stale-nonce-accepted') && issued.has(n)));
  const scheme = o.voucherType === 'dpop' ? 'DPoP' : 'Bearer';
  let origin = '';
  let audience = '';

  const http = await listenLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    try {
      await authorize(req, url);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      return refuse(res, e);
    }
    if (url.pathname !== RESOURCE)
      return sendProblem(res, 404, 'Not found', `no resource at ${url.pathname}`);
    if (nonces) rotate();
    sendJson(res, 200, { status: 'ok' }, nonces ? { 'dpop-nonce': nonce } : {});
  });
  origin = http.origin;
  audience = `${origin}/api/v1`;

  function refuse(res: ServerResponse, e: Refusal): void {
    const params = [`error="${e.error}"`, `error_description="${e.message.replace(/"/g, "'")}"`];
    if (scheme === 'DPoP') params.unshift(`algs="${DPOP_ALGS}"`);
    sendProblem(res, e.status, e.error, e.message, {
      ...(e.status === 401 ? { 'www-authenticate': `${scheme} ${params.join(', ')}` } : {}),
      ...e.extraHeaders,
    });
  }

  async function authorize(req: IncomingMessage, url: URL): Promise<void> {
    const authorization = headerValues(req, 'authorization');
    if (authorization.length !== 1)
      throw new Refusal(401, 'invalid_request', 'exactly one Authorization header is required');
    const match = /^(\S+) (\S+)$/.exec(authorization[0] ?? '');
    if (!match) throw new Refusal(401, 'invalid_token', 'the Authorization header is not "<scheme> <token>"');
    const [, given = '', token = ''] = match;
    const voucher = await verifyVoucher(token);
    const bound = (voucher['cnf'] as { jkt?: unknown } | undefined)?.jkt;
    if (o.voucherType === 'dpop') {
      if (given.toLowerCase() === 'bearer' && typeof bound === 'string' && f('vouchers.dpop-not-required'))
        return;
      if (given !== 'DPoP')
        throw new Refusal(401, 'invalid_token', `the ${given} scheme is not accepted: use DPoP`);
      if (typeof bound !== 'string')
        throw new Refusal(401, 'invalid_token', 'the voucher is not DPoP-bound (no cnf.jkt)');
      await verifyProof(req, url, token, bound);
    } else if (given !== 'Bearer' || bound !== undefined) {
      throw new Refusal(401, 'invalid_token', 'a Bearer voucher under the Bearer scheme is required');
    }
    const purposeId = voucher['purposeId'];
    if (typeof purposeId !== 'string' || !o.purposes.has(purposeId)) {
      throw new Refusal(
        403,
        'insufficient_scope',
        `purpose ${String(purposeId)} is not served by this e-service`,
      );
    }
    if (o.audit) checkAudit(req, voucher);
  }

  async function verifyVoucher(token: string): Promise<JWTPayload> {
    const decoded = decodeJws(token);
    if (!decoded) throw new Refusal(401, 'invalid_token', 'the voucher is not a JWT');
    if (decoded.header['alg'] === 'none' && f('vouchers.alg-none-accepted')) return decoded.claims;
    if (f('vouchers.signature-not-checked')) return decoded.claims;
    const keys = jwks.get(String(decoded.claims['iss']));
    if (!keys) throw new Refusal(401, 'invalid_token', 'the voucher is not from a trusted issuer');
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256', 'ES256'],
        ...(f('vouchers.audience-not-checked') ? {} : { audience }),
        requiredClaims: ['exp', 'iat', 'jti'],
      });
      return payload;
    } catch (e) {
      // jose reports expiry last, after the signature and every other claim passed.
      if (e instanceof errors.JWTExpired && f('vouchers.expired-accepted')) return e.payload;
      throw new Refusal(401, 'invalid_token', `the voucher is not valid: ${(e as Error).message}`);
    }
  }

  async function verifyProof(req: IncomingMessage, url: URL, token: string, jkt: string): Promise<void> {
    const proofs = headerValues(req, 'dpop');
    const [proof, ...more] = proofs;
    // PDND answers 400 to a missing or repeated DPoP header, 401 to a bad proof.
    if (proof === undefined) throw new Refusal(400, 'invalid_request', 'the DPoP header is missing');
    if (more.length) throw new Refusal(400, 'invalid_request', 'more than one DPoP header');
    const ignore = new Set<DpopRule>();
    const rule: [string, DpopRule][] = [
      ['vouchers.htm-not-checked', 'htm'],
      ['vouchers.htu-not-checked', 'htu'],
      ['vouchers.ath-not-checked', 'ath'],
      ['vouchers.iat-not-checked', 'iat'],
      ['vouchers.proof-header-not-checked', 'header'],
      ['vouchers.no-replay-cache', 'replay'],
    ];
    for (const [fault, r] of rule) if (o.faults.has(fault)) ignore.add(r);
    const result = await verifyDpopProof(proof, {
      htm: req.method ?? 'GET',
      url: url.href,
      accessToken: token,
      replay,
      ignore,
      ...(nonces ? { nonceValid } : {}),
    });
    if (!result.ok) {
      const extra: Record<string, string> = nonces ? { 'dpop-nonce': nonce } : {};
      throw new Refusal(401, result.error, result.description, extra);
    }
    if (result.thumbprint !== jkt && !f('vouchers.jkt-not-checked')) {
      throw new Refusal(
        401,
        'invalid_dpop_proof',
        'the proof key is not the key the voucher is bound to (cnf.jkt)',
      );
    }
  }

  function checkAudit(req: IncomingMessage, voucher: JWTPayload): void {
    const [audit, ...more] = headerValues(req, AUDIT_HEADER.toLowerCase());
    if (audit === undefined || more.length)
      throw new Refusal(401, 'invalid_request', `exactly one ${AUDIT_HEADER} header is required`);
    const digest = voucher['digest'] as { alg?: unknown; value?: unknown } | undefined;
    if (digest?.alg !== 'SHA256' || typeof digest.value !== 'string') {
      throw new Refusal(401, 'invalid_token', 'the voucher carries no audit digest');
    }
    if (!decodeJws(audit)) throw new Refusal(401, 'invalid_request', 'the audit JWT is not a JWT');
    if (!f('vouchers.audit-digest-not-compared') && auditDigest(audit) !== digest.value.toLowerCase()) {
      throw new Refusal(401, 'invalid_request', 'the audit JWT does not match the digest in the voucher');
    }
  }

  return {
    url: `${origin}${RESOURCE}`,
    get audience() {
      return audience;
    },
    stop: http.close,
  };
}
