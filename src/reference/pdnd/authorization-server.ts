import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { verifyDpopProof, type DpopRule } from '../../jose/dpop-verify.js';
import { JtiCache } from '../../jose/jti-cache.js';
import { decodeJws } from '../../jose/jws.js';
import { JWT_BEARER_ASSERTION_TYPE } from '../../oauth/token-request.js';
import { headerValues, listenLoopback, readBody, sendJson, sendProblem } from './http.js';

/**
 * A PDND-like authorization server: the token endpoint of authorizationServerApi.yml
 * (client_credentials with a jwt-bearer client assertion signed RS256 by a registered key) issuing
 * Bearer vouchers, or DPoP vouchers bound with cnf.jkt when the request carries a DPoP proof.
 *
 * Audiences, as PDND uses them:
 * - client assertions are addressed to `assertionAudience` (`<url>/client-assertion`, like
 *   auth.interop.pagopa.it/client-assertion); the token endpoint URL is accepted too (RFC 7523);
 * - a voucher requested with a purposeId is for the producer's e-service that serves that purpose:
 *   its aud is the audience registered with `registerPurpose`;
 * - a voucher without purposeId is for PDND's own APIs (the v3 gateway): its aud is `m2mAudience`
 *   (`<url>/m2m`), and it carries the client's `role` (default "m2m").
 */
export interface ReferenceAuthorizationServer {
  url: string;
  tokenEndpoint: string;
  /** The iss of every voucher. */
  issuer: string;
  /** Public keys vouchers are signed with. */
  jwks: JSONWebKeySet;
  jwksUri: string;
  /** What client assertions must have as aud. */
  assertionAudience: string;
  /** The aud of vouchers for PDND's own APIs (no purposeId). */
  m2mAudience: string;
  registerClient(c: { clientId: string; keys: JWK[]; purposes?: string[]; role?: string }): void;
  /** A purpose of a producer's e-service: vouchers for it get this audience. */
  registerPurpose(purposeId: string, audience: string): void;
  stop(): Promise<void>;
}

/** Faults of the authorization server, each breaking one rule. */
export const AS_FAULTS = [
  /** Client assertions addressed to anyone are accepted (PDND-VOUCHER-02). */
  'as.assertion-audience-not-checked',
  /** Expired client assertions are accepted (PDND-VOUCHER-02). */
  'as.assertion-expiry-not-checked',
  /** The assertion signature is not verified, so unregistered keys pass (PDND-VOUCHER-02). */
  'as.assertion-signature-not-checked',
  /** A consumer client gets a voucher without naming a purpose (PDND-VOUCHER-02). */
  'as.purpose-id-optional',
  /** Vouchers for a purpose lack the purposeId claim (PDND-VOUCHER-01). */
  'as.voucher-without-purpose-id',
  /** A DPoP voucher is bound to no key: token_type DPoP but no cnf.jkt (PDND-DPOP-03). */
  'as.dpop-unbound',
  /** The DPoP proof of a token request is not verified: htm, htu, signature (PDND-DPOP-03). */
  'as.dpop-proof-not-checked',
] as const;

const VOUCHER_TTL_SEC = 600;
const DIGEST_VALUE = /^[0-9a-fA-F]{64}$/;

interface Client {
  keys: Map<string, JWK>;
  purposes: Set<string>;
  role: string;
}

class TokenError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

export async function startAuthorizationServer(opts: {
  faults: ReadonlySet<string>;
}): Promise<ReferenceAuthorizationServer> {
  const faults = opts.faults;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `voucher-${randomUUID()}`;
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const clients = new Map<string, Client>();
  const purposes = new Map<string, string>();
  const proofJtis = new JtiCache(5 * 60_000);

  let origin = '';
  const http = await listenLoopback(async (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'GET' && path === '/.well-known/jwks.json') return sendJson(res, 200, jwks);
    if (req.method === 'GET' && path === '/status')
      return sendProblem(res, 200, 'OK', 'The service is running');
    if (path !== '/token.oauth2') return sendProblem(res, 404, 'Not found', `no resource at ${path}`);
    if (req.method !== 'POST') return sendProblem(res, 405, 'Method not allowed', 'use POST');
    await token(req, res);
  });
  origin = http.origin;
  const server: ReferenceAuthorizationServer = {
    url: origin,
    tokenEndpoint: `${origin}/token.oauth2`,
    issuer: origin,
    jwks,
    jwksUri: `${origin}/.well-known/jwks.json`,
    assertionAudience: `${origin}/client-assertion`,
    m2mAudience: `${origin}/m2m`,
    registerClient(c) {
      const keys = new Map<string, JWK>();
      for (const k of c.keys) {
        if (!k.kid) throw new Error(`client ${c.clientId}: every key needs a kid`);
        keys.set(k.kid, k);
      }
      clients.set(c.clientId, { keys, purposes: new Set(c.purposes ?? []), role: c.role ?? 'm2m' });
    },
    registerPurpose(purposeId, audience) {
      purposes.set(purposeId, audience);
    },
    stop: http.close,
  };

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const form = new URLSearchParams(await readBody(req));
      const voucher = await issue(form, headerValues(req, 'dpop'));
      sendJson(res, 200, voucher, {
        'cache-control': 'no-cache, no-store',
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '99',
        'x-rate-limit-interval': '1000',
      });
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      sendProblem(res, e.status, e.title, e.message);
    }
  }

  async function issue(form: URLSearchParams, dpopHeaders: string[]) {
    const invalid = (detail: string) => new TokenError(400, 'invalid_request', detail);
    const unauthorized = (detail: string) => new TokenError(401, 'invalid_client', detail);
    if (form.get('grant_type') !== 'client_credentials')
      throw invalid('grant_type must be client_credentials');
    if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE)
      throw invalid(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}`);
    const assertion = form.get('client_assertion');
    if (!assertion) throw invalid('client_assertion is required');
    const decoded = decodeJws(assertion);
    if (!decoded) throw invalid('client_assertion is not a compact JWS');
    const { header, claims } = decoded;
    if (header['alg'] !== 'RS256')
      throw invalid(`the client assertion must be signed RS256, not ${String(header['alg'])}`);
    if (typeof header['kid'] !== 'string') throw invalid('the client assertion header has no kid');
    for (const c of ['iss', 'sub', 'aud', 'jti', 'iat', 'exp']) {
      if (claims[c] === undefined) throw invalid(`the client assertion has no ${c}`);
    }
    const clientId = claims['sub'];
    if (typeof clientId !== 'string' || claims['iss'] !== clientId)
      throw invalid('iss and sub must both be the client id');
    if (form.has('client_id') && form.get('client_id') !== clientId)
      throw invalid('client_id differs from the assertion sub');
    const purposeId = claims['purposeId'];
    if (purposeId !== undefined && typeof purposeId !== 'string') throw invalid('purposeId must be a string');
    const digest = claims['digest'] as { alg?: unknown; value?: unknown } | undefined;
    if (
      digest !== undefined &&
      (digest?.alg !== 'SHA256' || typeof digest.value !== 'string' || !DIGEST_VALUE.test(digest.value))
    ) {
      throw invalid('digest must be {alg: SHA256, value: 64 hex characters}');
    }
    const client = clients.get(clientId);
    const jwk = client?.keys.get(header['kid']);
    if (!client || !jwk) throw unauthorized(`no key ${header['kid']} registered for client ${clientId}`);
    const audiences = [server.assertionAudience, server.tokenEndpoint];
    if (!faults.has('as.assertion-signature-not-checked')) {
      try {
        await jwtVerify(assertion, await importJWK(jwk, 'RS256'), {
          algorithms: ['RS256'],
          ...(faults.has('as.assertion-audience-not-checked') ? {} : { audience: audiences }),
          clockTolerance: 5,
        });
      } catch (e) {
        // jose reports expiry last, after the signature and every other claim passed.
        const expiredOnly = e instanceof errors.JWTExpired && faults.has('as.assertion-expiry-not-checked');
        if (!expiredOnly) throw unauthorized(`client assertion rejected: ${(e as Error).message}`);
      }
    } else {
      // Without the signature check the other claim checks still apply: the fault breaks one rule.
      if (
        !faults.has('as.assertion-audience-not-checked') &&
        !audiences.some((a) => [claims['aud']].flat().includes(a))
      )
        throw unauthorized('the client assertion is not addressed to this authorization server');
      if (
        !faults.has('as.assertion-expiry-not-checked') &&
        typeof claims['exp'] === 'number' &&
        claims['exp'] < Date.now() / 1000 - 5
      )
        throw unauthorized('client assertion rejected: the assertion has expired');
    }
    let audience = server.m2mAudience;
    if (client.purposes.size > 0) {
      if (purposeId === undefined) {
        if (!faults.has('as.purpose-id-optional')) throw invalid('a consumer client must name the purposeId');
      } else {
        const aud = purposes.get(purposeId);
        if (!client.purposes.has(purposeId) || !aud)
          throw unauthorized(`purpose ${purposeId} is not active for client ${clientId}`);
        audience = aud;
      }
    } else if (purposeId !== undefined) {
      throw invalid('an API client does not name a purposeId');
    }
    const jkt = await dpopBinding(dpopHeaders);

    const now = Math.floor(Date.now() / 1000);
    const voucher: Record<string, unknown> = { client_id: clientId };
    if (purposeId !== undefined && audience !== server.m2mAudience) {
      if (!faults.has('as.voucher-without-purpose-id')) voucher['purposeId'] = purposeId;
      if (digest) voucher['digest'] = digest;
    } else {
      voucher['role'] = client.role;
    }
    if (jkt && !faults.has('as.dpop-unbound')) voucher['cnf'] = { jkt };
    const accessToken = await new SignJWT(voucher)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
      .setIssuer(server.issuer)
      .setSubject(clientId)
      .setAudience(audience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + VOUCHER_TTL_SEC)
      .sign(privateKey as CryptoKey);
    return { access_token: accessToken, token_type: jkt ? 'DPoP' : 'Bearer', expires_in: VOUCHER_TTL_SEC };
  }

  /** The thumbprint of the proof key, when the token request carries a DPoP proof. */
  async function dpopBinding(headers: string[]): Promise<string | undefined> {
    const [proof, ...more] = headers;
    if (proof === undefined) return undefined;
    if (more.length > 0) throw new TokenError(400, 'invalid_dpop_proof', 'more than one DPoP header');
    const ignore = new Set<DpopRule>(
      faults.has('as.dpop-proof-not-checked') ? ['signature', 'htm', 'htu'] : [],
    );
    const result = await verifyDpopProof(proof, {
      htm: 'POST',
      url: server.tokenEndpoint,
      replay: proofJtis,
      ignore,
    });
    if (!result.ok) throw new TokenError(400, result.error, result.description);
    return result.thumbprint;
  }

  return server;
}
