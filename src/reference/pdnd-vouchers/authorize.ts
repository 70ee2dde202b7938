import type { IncomingMessage } from 'node:http';
import {
  errors,
  importJWK,
  importX509,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { auditDigest, AUDIT_HEADER } from '../../jose/audit.js';
import { verifyDpopProof, type DpopRule } from '../../jose/dpop-verify.js';
import type { JtiCache } from '../../jose/jti-cache.js';
import { decodeJws } from '../../jose/jws.js';
import { headerValues } from '../services/http.js';
import type { EServiceFault } from './faults.js';
import type { Nonces } from './nonces.js';

/** A rejected call: status, the WWW-Authenticate error, and why. */
export class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly error: string,
    detail: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** What the e-service enforces, and the state its checks keep. */
export interface EServiceRules {
  on(fault: EServiceFault): boolean;
  /** Keys of each trusted issuer. */
  issuers: Map<string, JWTVerifyGetKey>;
  audience: string;
  purposes: ReadonlySet<string>;
  voucherType: 'bearer' | 'dpop';
  audit: boolean;
  replay: JtiCache;
  /** Set when the e-service issues and requires DPoP nonces. */
  nonces?: Nonces;
}

/** Each fault that turns off one check of a DPoP proof. */
const PROOF_RULE_FAULTS: [EServiceFault, DpopRule][] = [
  ['vouchers.htm-not-checked', 'htm'],
  ['vouchers.htu-not-checked', 'htu'],
  ['vouchers.htu-path-only', 'htu-origin'],
  ['vouchers.ath-optional', 'ath-required'],
  ['vouchers.ath-not-checked', 'ath'],
  ['vouchers.iat-not-checked', 'iat'],
  ['vouchers.proof-header-not-checked', 'header'],
  ['vouchers.no-replay-cache', 'replay'],
];

/** Throws the Refusal a call gets, or returns when it is to be served. */
export async function authorize(rules: EServiceRules, req: IncomingMessage, url: URL): Promise<void> {
  const authorization = headerValues(req, 'authorization');
  if (authorization.length !== 1)
    throw new Refusal(401, 'invalid_request', 'exactly one Authorization header is required');
  const match = /^(\S+) (\S+)$/.exec(authorization[0] ?? '');
  if (!match) throw new Refusal(401, 'invalid_token', 'the Authorization header is not "<scheme> <token>"');
  const [, given = '', token = ''] = match;
  const voucher = await verifyVoucher(rules, token);
  const bound = (voucher['cnf'] as { jkt?: unknown } | undefined)?.jkt;
  // The fault: an unbound voucher skips the DPoP rules altogether, under either scheme.
  const unboundServed = bound === undefined && rules.on('vouchers.unbound-accepted');
  if (rules.voucherType === 'dpop' && !unboundServed) {
    if (
      given.toLowerCase() === 'bearer' &&
      typeof bound === 'string' &&
      rules.on('vouchers.dpop-not-required')
    )
      return;
    if (given !== 'DPoP')
      throw new Refusal(401, 'invalid_token', `the ${given} scheme is not accepted: use DPoP`);
    if (typeof bound !== 'string')
      throw new Refusal(401, 'invalid_token', 'the voucher is not DPoP-bound (no cnf.jkt)');
    await verifyProof(rules, req, url, token, bound);
  } else if (rules.voucherType === 'bearer' && (given !== 'Bearer' || bound !== undefined)) {
    throw new Refusal(401, 'invalid_token', 'a Bearer voucher under the Bearer scheme is required');
  }
  const purposeId = voucher['purposeId'];
  if (typeof purposeId !== 'string' || !rules.purposes.has(purposeId)) {
    throw new Refusal(
      403,
      'insufficient_scope',
      `purpose ${String(purposeId)} is not served by this e-service`,
    );
  }
  if (rules.audit) checkAudit(rules, req, voucher);
}

async function verifyVoucher(rules: EServiceRules, token: string): Promise<JWTPayload> {
  const decoded = decodeJws(token);
  if (!decoded) throw new Refusal(401, 'invalid_token', 'the voucher is not a JWT');
  if (decoded.header['alg'] === 'none' && rules.on('vouchers.alg-none-accepted')) return decoded.claims;
  if (rules.on('vouchers.signature-not-checked')) return decoded.claims;
  const trusted = rules.issuers.get(String(decoded.claims['iss']));
  if (!trusted) throw new Refusal(401, 'invalid_token', 'the voucher is not from a trusted issuer');
  const keys = (await headerKey(rules, decoded.header)) ?? trusted;
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['RS256', 'ES256'],
      ...(rules.on('vouchers.audience-not-checked') ? {} : { audience: rules.audience }),
      requiredClaims: ['exp', 'iat', 'jti'],
    });
    return payload;
  } catch (e) {
    // jose reports expiry last, after the signature and every other claim passed.
    if (e instanceof errors.JWTExpired && rules.on('vouchers.expired-accepted')) return e.payload;
    if (e instanceof errors.JWKSNoMatchingKey && rules.on('vouchers.unknown-kid-unverified'))
      return decoded.claims;
    throw new Refusal(401, 'invalid_token', `the voucher is not valid: ${(e as Error).message}`);
  }
}

/** The key a faulty e-service takes from the voucher's own header (jwk, x5c) instead of the AS's JWKS. */
async function headerKey(rules: EServiceRules, header: Record<string, unknown>) {
  const alg = String(header['alg']);
  const jwk = header['jwk'];
  if (rules.on('vouchers.jwk-header-trusted') && typeof jwk === 'object' && jwk !== null)
    return importJWK(jwk as JWK, alg);
  const [cert] = Array.isArray(header['x5c']) ? (header['x5c'] as unknown[]) : [];
  if (rules.on('vouchers.x5c-header-trusted') && typeof cert === 'string')
    return importX509(`-----BEGIN CERTIFICATE-----\n${cert}\n-----END CERTIFICATE-----`, alg);
  return undefined;
}

async function verifyProof(
  rules: EServiceRules,
  req: IncomingMessage,
  url: URL,
  token: string,
  jkt: string,
): Promise<void> {
  const [proof, ...more] = headerValues(req, 'dpop');
  // PDND answers 400 to a missing or repeated DPoP header, 401 to a bad proof.
  if (proof === undefined) throw new Refusal(400, 'invalid_request', 'the DPoP header is missing');
  if (more.length) throw new Refusal(400, 'invalid_request', 'more than one DPoP header');
  const ignore = new Set(PROOF_RULE_FAULTS.filter(([fault]) => rules.on(fault)).map(([, rule]) => rule));
  const nonces = rules.nonces;
  const result = await verifyDpopProof(proof, {
    htm: req.method ?? 'GET',
    url: url.href,
    accessToken: token,
    replay: rules.replay,
    ignore,
    ...(nonces ? { nonceValid: (n: string | undefined) => nonces.valid(n) } : {}),
  });
  if (!result.ok) {
    throw new Refusal(401, result.error, result.description, nonces ? { 'dpop-nonce': nonces.value } : {});
  }
  if (result.thumbprint !== jkt && !rules.on('vouchers.jkt-not-checked')) {
    throw new Refusal(
      401,
      'invalid_dpop_proof',
      'the proof key is not the key the voucher is bound to (cnf.jkt)',
    );
  }
}

function checkAudit(rules: EServiceRules, req: IncomingMessage, voucher: JWTPayload): void {
  const [audit, ...more] = headerValues(req, AUDIT_HEADER.toLowerCase());
  if (audit === undefined || more.length)
    throw new Refusal(401, 'invalid_request', `exactly one ${AUDIT_HEADER} header is required`);
  const digest = voucher['digest'] as { alg?: unknown; value?: unknown } | undefined;
  if (digest?.alg !== 'SHA256' || typeof digest.value !== 'string') {
    throw new Refusal(401, 'invalid_token', 'the voucher carries no audit digest');
  }
  if (!decodeJws(audit)) throw new Refusal(401, 'invalid_request', 'the audit JWT is not a JWT');
  if (!rules.on('vouchers.audit-digest-not-compared') && auditDigest(audit) !== digest.value.toLowerCase()) {
    throw new Refusal(401, 'invalid_request', 'the audit JWT does not match the digest in the voucher');
  }
}
