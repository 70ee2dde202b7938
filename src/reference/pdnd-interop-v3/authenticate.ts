import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { verifyDpopProof, type DpopRule } from '../../jose/dpop-verify.js';
import { JtiCache } from '../../jose/jti-cache.js';
import { headerValues } from '../services/http.js';
import type { ReferenceAuthorizationServer } from '../services/pdnd-authorization-server/index.js';
import type { GatewayFault } from './faults.js';
import { badRequest, HttpError } from './http-error.js';

/** The nonce claim of the only DPoP proof, unverified: the proof itself is verified afterwards. */
function nonceOf(proofs: string[]): unknown {
  if (proofs.length !== 1) return undefined;
  try {
    return decodeJwt(proofs[0] ?? '')['nonce'];
  } catch {
    return undefined;
  }
}

/** Each fault that turns off one check of a DPoP proof. */
const PROOF_RULE_FAULTS: [GatewayFault, DpopRule][] = [
  ['gateway.replay-not-detected', 'replay'],
  ['gateway.htu-path-only', 'htu-origin'],
  ['gateway.iat-not-checked', 'iat'],
  ['gateway.ath-optional', 'ath-required'],
];

const unauthorized = (detail: string) =>
  new HttpError(401, 'Unauthorized', detail, {
    'www-authenticate': 'DPoP error="invalid_token", algs="ES256 RS256"',
  });

/**
 * The gateway's check of a request's credentials, as PDND's: a DPoP voucher of the authorization
 * server for PDND's own APIs, and its proof (method, URL, access token hash, binding, replay).
 */
export class Authenticator {
  private readonly voucherKeys: JWTVerifyGetKey;
  private readonly proofJtis = new JtiCache(5 * 60_000);
  private readonly dpopNonce = randomUUID();

  constructor(
    private readonly as: ReferenceAuthorizationServer,
    private readonly on: (fault: GatewayFault) => boolean,
  ) {
    this.voucherKeys = createLocalJWKSet(as.jwks);
  }

  /** The voucher's claims; throws the HttpError the request gets otherwise. */
  async claims(req: IncomingMessage, url: URL): Promise<JWTPayload> {
    const authorization = headerValues(req, 'authorization');
    const proofs = headerValues(req, 'dpop');
    if (this.on('gateway.dpop-nonce-required') && nonceOf(proofs) !== this.dpopNonce)
      throw new HttpError(401, 'Unauthorized', 'a DPoP proof with the current nonce is required', {
        'www-authenticate': 'DPoP error="use_dpop_nonce", algs="ES256 RS256"',
        'dpop-nonce': this.dpopNonce,
      });
    if (authorization.length !== 1) throw badRequest('exactly one Authorization header is required');
    const [scheme, token] = authorization.join('').split(' ');
    const bearer = scheme === 'Bearer' && this.on('gateway.bearer-accepted');
    if (scheme !== 'DPoP' && !bearer)
      throw badRequest(`the Authorization scheme must be DPoP, not ${scheme}`);
    if (!token) throw badRequest('no access token');
    const claims = await this.voucher(token);
    if (bearer) return claims;
    if (proofs.length !== 1) throw badRequest('exactly one DPoP proof header is required');
    await this.checkProof(proofs.join(''), req, url, token, claims);
    return claims;
  }

  private async voucher(token: string): Promise<JWTPayload> {
    if (this.on('gateway.signature-not-checked')) return this.unverifiedClaims(token);
    try {
      const verified = await jwtVerify(token, this.voucherKeys, {
        issuer: this.as.issuer,
        audience: this.as.m2mAudience,
        algorithms: ['RS256'],
      });
      return verified.payload;
    } catch (e) {
      throw unauthorized(`the voucher is not valid (${(e as Error).message})`);
    }
  }

  /** The fault: the voucher's issuer, audience and expiry are checked, its signature is not. */
  private unverifiedClaims(token: string): JWTPayload {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch (e) {
      throw unauthorized(`the voucher is not valid (${(e as Error).message})`);
    }
    const fresh = typeof claims.exp === 'number' && claims.exp > Date.now() / 1000;
    if (claims.iss !== this.as.issuer || ![claims.aud].flat().includes(this.as.m2mAudience) || !fresh)
      throw unauthorized('the voucher is not valid (issuer, audience or expiry)');
    return claims;
  }

  private async checkProof(
    proof: string,
    req: IncomingMessage,
    url: URL,
    token: string,
    claims: JWTPayload,
  ): Promise<void> {
    const nonce = this.dpopNonce;
    const result = await verifyDpopProof(proof, {
      ignore: new Set(PROOF_RULE_FAULTS.filter(([fault]) => this.on(fault)).map(([, rule]) => rule)),
      htm: req.method ?? 'GET',
      url: url.toString(),
      accessToken: token,
      replay: this.proofJtis,
      ...(this.on('gateway.dpop-nonce-required')
        ? { nonceValid: (n: string | undefined) => n === nonce }
        : {}),
    });
    if (!result.ok) throw unauthorized(result.description);
    const jkt = (claims['cnf'] as { jkt?: unknown } | undefined)?.jkt;
    if (jkt !== result.thumbprint && !this.on('gateway.binding-not-checked'))
      throw unauthorized('the voucher is not bound to the key of the proof');
  }
}
