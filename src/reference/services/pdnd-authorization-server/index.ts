import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { verifyDpopProof, type DpopRule } from '../../../jose/dpop-verify.js';
import { JtiCache } from '../../../jose/jti-cache.js';
import type { SharedService } from '../../part.js';
import { challengeQuoting, quoteReceived } from '../echo.js';
import { headerValues, listenLoopback, readBody, sendJson, sendProblem } from '../http.js';
import { readTokenRequest, verifyAssertion, type TokenRequest } from './assertion.js';
import type { AsFault } from './faults.js';
import { invalidClient, invalidRequest, TokenError } from './token-error.js';
import { issueVoucher, type VoucherSigner } from './voucher.js';

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

interface Client {
  keys: Map<string, JWK>;
  purposes: Set<string>;
  role: string;
}

/** The clients and purposes PDND knows, and what a token request may get from them. */
class Registry {
  readonly clients = new Map<string, Client>();
  readonly purposes = new Map<string, string>();

  register(c: { clientId: string; keys: JWK[]; purposes?: string[]; role?: string }): void {
    const keys = new Map<string, JWK>();
    for (const k of c.keys) {
      if (!k.kid) throw new Error(`client ${c.clientId}: every key needs a kid`);
      keys.set(k.kid, k);
    }
    this.clients.set(c.clientId, { keys, purposes: new Set(c.purposes ?? []), role: c.role ?? 'm2m' });
  }

  /**
   * The client and the registered key its assertion names; each fault here is a way real servers
   * get this lookup wrong: a kid found among every client's keys, a kid not found trusted anyway.
   */
  keyOf(request: TokenRequest, on: (f: AsFault) => boolean): { client: Client; jwk?: JWK } {
    const client = this.clients.get(request.clientId);
    const anyClient = on('as.iss-sub-not-checked')
      ? [...this.clients.values()].find((c) => c.keys.has(request.kid))
      : undefined;
    const jwk = (anyClient ?? client)?.keys.get(request.kid) ?? this.unregisteredKey(request, on);
    if (client && (jwk || on('as.unknown-kid-unverified'))) return { client, ...(jwk ? { jwk } : {}) };
    throw invalidClient(`no key ${request.kid} registered for client ${request.clientId}`);
  }

  private unregisteredKey(request: TokenRequest, on: (f: AsFault) => boolean): JWK | undefined {
    const jwk = request.header['jwk'];
    return on('as.assertion-key-by-header') && typeof jwk === 'object' && jwk !== null
      ? (jwk as JWK)
      : undefined;
  }

  /** The voucher's aud: the purpose's e-service for a consumer client naming one, else PDND's own APIs. */
  audienceFor(
    client: Client,
    request: TokenRequest,
    m2mAudience: string,
    on: (f: AsFault) => boolean,
  ): string {
    const { purposeId, clientId } = request;
    if (client.purposes.size === 0) {
      if (purposeId !== undefined) throw invalidRequest('an API client does not name a purposeId');
      return m2mAudience;
    }
    if (purposeId === undefined) {
      if (!on('as.purpose-id-optional')) throw invalidRequest('a consumer client must name the purposeId');
      return m2mAudience;
    }
    const aud = this.purposes.get(purposeId);
    if (!client.purposes.has(purposeId) || !aud)
      throw invalidClient(`purpose ${purposeId} is not active for client ${clientId}`);
    return aud;
  }
}

function quoteCredentials(form: URLSearchParams, req: IncomingMessage): string {
  return quoteReceived({
    client_assertion: form.get('client_assertion') ?? undefined,
    DPoP: headerValues(req, 'dpop').join(', '),
  });
}

const RATE_LIMIT_HEADERS = {
  'cache-control': 'no-cache, no-store',
  'x-rate-limit-limit': '100',
  'x-rate-limit-remaining': '99',
  'x-rate-limit-interval': '1000',
};

/** The token endpoint: a client assertion checked, then a Bearer or DPoP-bound voucher issued. */
class TokenEndpoint {
  readonly registry = new Registry();
  private readonly proofJtis = new JtiCache(5 * 60_000);
  /** Assertion jtis per client, for as long as an assertion may live (RFC 7523 section 3 item 7). */
  private readonly assertionJtis = new JtiCache(10 * 60_000);

  constructor(
    private readonly on: (fault: AsFault) => boolean,
    private readonly signer: Omit<VoucherSigner, 'issuer'>,
  ) {}

  async serve(as: ReferenceAuthorizationServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    try {
      const request = readTokenRequest(form);
      const { client, jwk } = this.registry.keyOf(request, this.on);
      await verifyAssertion(request, jwk, [as.assertionAudience, as.tokenEndpoint], this.on);
      const jti = `${request.clientId} ${String(request.claims.jti)}`;
      if (!this.on('as.assertion-replay') && !this.assertionJtis.claim(jti))
        throw invalidClient('the client assertion was already used (jti replay)');
      const audience = this.registry.audienceFor(client, request, as.m2mAudience, this.on);
      const jkt = await this.dpopBinding(as, headerValues(req, 'dpop'));
      const forPurpose = request.purposeId !== undefined && audience !== as.m2mAudience;
      const voucher = await issueVoucher(
        { request, audience, ...(forPurpose ? {} : { role: client.role }), ...(jkt ? { jkt } : {}) },
        { ...this.signer, issuer: as.issuer },
        this.on,
      );
      sendJson(res, 200, voucher, RATE_LIMIT_HEADERS);
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      this.refuse(res, e, this.on('as.echoes-assertion') ? quoteCredentials(form, req) : '');
    }
  }

  /** `quote`: the credentials received, which the echo variant adds to the detail and a challenge. */
  private refuse(res: ServerResponse, e: TokenError, quote: string): void {
    if (!quote) return sendProblem(res, e.status, e.title, e.message);
    const challenge = challengeQuoting(`Bearer error="${e.title}"`, quote);
    sendProblem(
      res,
      e.status,
      e.title,
      `${e.message} (${quote})`,
      challenge ? { 'www-authenticate': challenge } : {},
    );
  }

  /** The thumbprint of the proof key, when the token request carries a DPoP proof. */
  private async dpopBinding(
    as: ReferenceAuthorizationServer,
    headers: string[],
  ): Promise<string | undefined> {
    const [proof, ...more] = headers;
    if (proof === undefined) return undefined;
    if (more.length > 0) throw new TokenError(400, 'invalid_dpop_proof', 'more than one DPoP header');
    const ignore = new Set<DpopRule>([
      ...(this.on('as.dpop-proof-not-checked') ? (['signature', 'htm', 'htu'] as const) : []),
      ...(this.on('as.dpop-typ-not-checked') ? (['header'] as const) : []),
      ...(this.on('as.dpop-iat-not-checked') ? (['iat'] as const) : []),
      ...(this.on('as.dpop-replay-not-detected') ? (['replay'] as const) : []),
    ]);
    const result = await verifyDpopProof(proof, {
      htm: 'POST',
      url: as.tokenEndpoint,
      replay: this.proofJtis,
      ignore,
    });
    if (!result.ok) throw new TokenError(400, result.error, result.description);
    return result.thumbprint;
  }
}

export async function startAuthorizationServer(opts: {
  faults: ReadonlySet<string>;
}): Promise<ReferenceAuthorizationServer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `voucher-${randomUUID()}`;
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const endpoint = new TokenEndpoint((fault) => opts.faults.has(fault), {
    kid,
    privateKey: privateKey as CryptoKey,
  });
  const http = await listenLoopback(async (req, res) => {
    const path = new URL(req.url ?? '/', server.url).pathname;
    if (req.method === 'GET' && path === '/.well-known/jwks.json') return sendJson(res, 200, jwks);
    if (req.method === 'GET' && path === '/status')
      return sendProblem(res, 200, 'OK', 'The service is running');
    if (path !== '/token.oauth2') return sendProblem(res, 404, 'Not found', `no resource at ${path}`);
    if (req.method !== 'POST') return sendProblem(res, 405, 'Method not allowed', 'use POST');
    await endpoint.serve(server, req, res);
  });
  const origin = http.origin;
  const server: ReferenceAuthorizationServer = {
    url: origin,
    tokenEndpoint: `${origin}/token.oauth2`,
    issuer: origin,
    jwks,
    jwksUri: `${origin}/.well-known/jwks.json`,
    assertionAudience: `${origin}/client-assertion`,
    m2mAudience: `${origin}/m2m`,
    registerClient: (c) => endpoint.registry.register(c),
    registerPurpose: (purposeId, audience) => void endpoint.registry.purposes.set(purposeId, audience),
    stop: http.close,
  };
  return server;
}

/** The authorization server as a service shared by the PDND parts, as PDND's consumers and producers share it. */
export const PDND_AUTHORIZATION_SERVER: SharedService<ReferenceAuthorizationServer> = {
  name: 'PDND authorization server',
  start: (faults) => startAuthorizationServer({ faults }),
};
