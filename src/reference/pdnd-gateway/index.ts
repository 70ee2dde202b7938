import { createPublicKey, generateKeyPair as generateNodeKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { stringify } from 'yaml';
import { verifyDpopProof } from '../../jose/dpop-verify.js';
import { JtiCache } from '../../jose/jti-cache.js';
import type { OpenApiDocument } from '../../openapi/document.js';
import {
  eventOperations,
  matchOperation,
  operationsOf,
  paginatedOperations,
  responseFor,
  type Operation,
} from '../../openapi/operations.js';
import type { ReferencePart } from '../index.js';
import type { ReferenceAuthorizationServer } from '../pdnd/authorization-server.js';
import { headerValues, listenLoopback, readBody } from '../pdnd/http.js';
import { RATE_LIMIT, sendSigned, type SigningKey } from './integrity.js';
import { GATEWAY_OPENAPI } from './openapi.js';
import { sampleOf } from './sample.js';

/** Faults of the reference v3 gateway, each breaking exactly one rule of pdnd-interop-v3. */
export const PDND_GATEWAY_FAULTS = [
  /** Digest in hex instead of base64 (PDND3-INT-01). */
  'gateway.digest-hex',
  /** Digest computed over other bytes than those sent (PDND3-INT-02). */
  'gateway.digest-other-bytes',
  /** Errors carry neither Digest nor Agid-JWT-Signature (PDND3-INT-01/03/04). */
  'gateway.no-integrity-on-errors',
  /** Agid-JWT-Signature signed by a key that is not the published one (PDND3-INT-03). */
  'gateway.signature-other-key',
  /** signed_headers leaves out content-type (PDND3-INT-04). */
  'gateway.signed-headers-without-content-type',
  /** No X-Rate-Limit-* headers (PDND3-RATE-01). */
  'gateway.no-rate-limit-headers',
  /** The first requests answer 429 with Retry-After: 1 (a challenge to wait, not a failure). */
  'gateway.rate-limited',
  /** limit=51 accepted on offset/limit operations (PDND3-PAGE-01). */
  'gateway.limit-51-accepted',
  /** offset=-1 accepted (PDND3-PAGE-01). */
  'gateway.offset-negative-accepted',
  /** A missing limit defaults instead of being refused (PDND3-PAGE-01). */
  'gateway.missing-limit-accepted',
  /** DELETE answers 204 with no body instead of 200 {} (PDND3-SCHEMA-03). */
  'gateway.delete-204',
  /** User carries an extra property, against additionalProperties false (PDND3-USERS-01, PDND3-SCHEMA-01). */
  'gateway.user-extra-property',
  /** KeySeed use is matched case-insensitively: "sig" accepted (PDND3-SCHEMA-02). */
  'gateway.keyseed-lowercase-use-accepted',
  /** Writes on keys allowed to a non-admin client (PDND3-RBAC-01). */
  'gateway.rbac-not-enforced',
  /** A Bearer voucher is accepted like a DPoP one (PDND3-AUTH-01). */
  'gateway.bearer-accepted',
  /** /v2 redirects to /v3 (PDND3-BASE-01). */
  'gateway.v2-redirect',
  /**
   * Every request whose DPoP proof lacks the current nonce, Bearer ones included, answers a
   * use_dpop_nonce challenge (which PDND does not issue): a challenge to answer, never a refusal.
   */
  'gateway.dpop-nonce-required',
] as const;

const ADMIN_ROLE = 'm2m-admin';
/** Where the reference publishes its Agid-JWT-Signature keys. */
export const JWKS_PATH = '/.well-known/jwks.json';
const RATE_LIMITED_REQUESTS = 3;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

interface Owner {
  idField: 'clientId' | 'producerKeychainId';
  keys: Map<string, JWK>;
}

export interface PdndGatewayOptions {
  /** Serve this description instead of the gateway's own: generic collections for its paginated and event operations. */
  description?: OpenApiDocument;
  /** Called for every request received (self-tests count the load a run puts on the gateway). */
  onRequest?: (method: string, path: string) => void;
}

/** The nonce claim of the only DPoP proof, unverified: the proof itself is verified afterwards. */
function nonceOf(proofs: string[]): unknown {
  if (proofs.length !== 1) return undefined;
  try {
    return decodeJwt(proofs[0] ?? '')['nonce'];
  } catch {
    return undefined;
  }
}

async function rsaKeyPair(): Promise<{ privateKey: CryptoKey; publicJwk: JWK; pem: string }> {
  const { privateKey, publicKey } = await promisify(generateNodeKeyPair)('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKey: privateKey as unknown as CryptoKey, publicJwk: await exportJWK(publicKey), pem };
}

/**
 * A PDND-like v3 gateway on loopback: DPoP vouchers of the reference authorization server, the
 * users and keys operations with their real shapes, generic collections for every other
 * paginated operation of its description, and integrity and rate-limit headers on every response.
 */
export async function startPdndGatewayReference(
  dir: string,
  faults: ReadonlySet<string>,
  as: ReferenceAuthorizationServer,
  options: PdndGatewayOptions = {},
): Promise<ReferencePart> {
  const doc = options.description ?? (GATEWAY_OPENAPI as unknown as OpenApiDocument);
  const ops = operationsOf(doc);
  const paginated = new Set(paginatedOperations(ops).map((p) => p.operation));
  const events = new Set(eventOperations(ops).map((e) => e.operation));
  const signing = await generateKeyPair('RS256', { extractable: true });
  const kid = `gateway-${randomUUID()}`;
  const key: SigningKey = { privateKey: signing.privateKey, kid };
  // Same kid, other key: what a gateway signing with a stale or wrong key looks like.
  const otherKey: SigningKey = { privateKey: (await generateKeyPair('RS256')).privateKey, kid };
  const jwks = { keys: [{ ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const voucherKeys = createLocalJWKSet(as.jwks);
  const proofJtis = new JtiCache(5 * 60_000);
  const dpopNonce = randomUUID();

  const firstUser = { userId: randomUUID(), name: 'Ada', familyName: 'Lovelace', roles: ['admin'] };
  const users = [
    firstUser,
    { userId: randomUUID(), name: 'Alan', familyName: 'Turing', roles: ['security'] },
    { userId: randomUUID(), name: 'Grace', familyName: 'Hopper', roles: ['api'] },
  ];
  const clientObjectId = randomUUID();
  const keychainId = randomUUID();
  const owners = new Map<string, Owner>([
    [`/clients/${clientObjectId}`, { idField: 'clientId', keys: new Map() }],
    [`/producerKeychains/${keychainId}`, { idField: 'producerKeychainId', keys: new Map() }],
  ]);

  // The API clients of the suite: an administrator and a plain m2m client, keys written to dir.
  const clients = await Promise.all(
    ['admin', 'non-admin'].map(async (who) => {
      const k = await rsaKeyPair();
      const clientId = randomUUID();
      const ckid = `${who}-${randomUUID().slice(0, 8)}`;
      as.registerClient({
        clientId,
        keys: [{ ...k.publicJwk, kid: ckid, alg: 'RS256', use: 'sig' }],
        role: who === 'admin' ? ADMIN_ROLE : 'm2m',
      });
      const file = path.join(dir, `pdnd-gateway-${who}-client.key`);
      await writeFile(file, k.pem, { mode: 0o600 });
      return { clientId, kid: ckid, privateKey: `file:${file}` };
    }),
  );

  let served = 0;
  let origin = '';
  const send = (res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) =>
    sendSigned(res, {
      status,
      body: JSON.stringify(value),
      contentType: 'application/json',
      headers: extra,
      key,
      otherKey,
      issuer: origin,
      faults,
      served,
    });
  const problem = (res: ServerResponse, e: HttpError) =>
    sendSigned(res, {
      status: e.status,
      body: JSON.stringify({
        type: 'about:blank',
        status: e.status,
        title: e.title,
        detail: e.message,
        correlationId: randomUUID(),
      }),
      contentType: 'application/problem+json',
      headers: e.headers,
      key,
      otherKey,
      issuer: origin,
      faults,
      served,
    });

  async function authenticate(req: IncomingMessage, url: URL): Promise<JWTPayload> {
    const authorization = headerValues(req, 'authorization');
    const proofs = headerValues(req, 'dpop');
    if (faults.has('gateway.dpop-nonce-required') && nonceOf(proofs) !== dpopNonce)
      throw new HttpError(401, 'Unauthorized', 'a DPoP proof with the current nonce is required', {
        'www-authenticate': 'DPoP error="use_dpop_nonce", algs="ES256 RS256"',
        'dpop-nonce': dpopNonce,
      });
    if (authorization.length !== 1)
      throw new HttpError(400, 'Bad Request', 'exactly one Authorization header is required');
    const [scheme, token] = authorization.join('').split(' ');
    const unauthorized = (detail: string) =>
      new HttpError(401, 'Unauthorized', detail, {
        'www-authenticate': 'DPoP error="invalid_token", algs="ES256 RS256"',
      });
    const bearer = scheme === 'Bearer' && faults.has('gateway.bearer-accepted');
    if (scheme !== 'DPoP' && !bearer)
      throw new HttpError(400, 'Bad Request', `the Authorization scheme must be DPoP, not ${scheme}`);
    if (!token) throw new HttpError(400, 'Bad Request', 'no access token');
    let claims: JWTPayload;
    try {
      claims = (
        await jwtVerify(token, voucherKeys, {
          issuer: as.issuer,
          audience: as.m2mAudience,
          algorithms: ['RS256'],
        })
      ).payload;
    } catch (e) {
      throw unauthorized(`the voucher is not valid (${(e as Error).message})`);
    }
    if (bearer) return claims;
    if (proofs.length !== 1)
      throw new HttpError(400, 'Bad Request', 'exactly one DPoP proof header is required');
    const proof = await verifyDpopProof(proofs.join(''), {
      htm: req.method ?? 'GET',
      url: url.toString(),
      accessToken: token,
      replay: proofJtis,
      ...(faults.has('gateway.dpop-nonce-required') ? { nonceValid: (n) => n === dpopNonce } : {}),
    });
    if (!proof.ok) throw unauthorized(proof.description);
    const jkt = (claims['cnf'] as { jkt?: unknown } | undefined)?.jkt;
    if (jkt !== proof.thumbprint) throw unauthorized('the voucher is not bound to the key of the proof');
    return claims;
  }

  /** Query parameters checked against their schemas, as PDND's request validation does. */
  function validateQuery(op: Operation, url: URL): Record<string, number> {
    const values: Record<string, number> = {};
    const shared = paginated.has(op);
    for (const p of op.parameters.filter((x) => x.in === 'query')) {
      const raw = url.searchParams.get(p.name);
      const s = p.schema;
      if (s['type'] !== 'integer') continue;
      let required = p.required;
      let max = typeof s['maximum'] === 'number' ? s['maximum'] : undefined;
      let min = typeof s['minimum'] === 'number' ? s['minimum'] : undefined;
      if (shared && p.name === 'limit' && faults.has('gateway.limit-51-accepted')) max = undefined;
      if (shared && p.name === 'offset' && faults.has('gateway.offset-negative-accepted')) min = undefined;
      if (shared && p.name === 'limit' && faults.has('gateway.missing-limit-accepted')) required = false;
      if (raw === null) {
        if (required) throw new HttpError(400, 'Bad Request', `query parameter ${p.name} is required`);
        if (p.name === 'limit') values[p.name] = max ?? 50;
        continue;
      }
      if (!/^-?\d+$/.test(raw))
        throw new HttpError(400, 'Bad Request', `query parameter ${p.name} must be an integer`);
      const n = Number(raw);
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        throw new HttpError(
          400,
          'Bad Request',
          `query parameter ${p.name} must be within ${min ?? '-inf'}..${max ?? 'inf'}`,
        );
      }
      values[p.name] = n;
    }
    return values;
  }

  function page<T>(items: T[], q: Record<string, number>) {
    const offset = q['offset'] ?? 0;
    const limit = q['limit'] ?? 50;
    return {
      results: items.slice(offset, offset + limit),
      pagination: { offset, limit, totalCount: items.length },
    };
  }

  function keySeed(body: string): { jwk: JWK; use: string; alg: string } {
    let seed: Record<string, unknown>;
    try {
      seed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new HttpError(400, 'Bad Request', 'the body is not JSON');
    }
    const bad = (d: string) => new HttpError(400, 'Bad Request', d);
    if (!seed || typeof seed !== 'object' || Array.isArray(seed)) throw bad('KeySeed must be an object');
    const extra = Object.keys(seed).filter((k) => !['key', 'use', 'alg', 'name'].includes(k));
    if (extra.length) throw bad(`unknown KeySeed properties: ${extra.join(', ')}`);
    const { key: b64, use, alg, name } = seed;
    if (typeof name !== 'string' || name.length < 5 || name.length > 60)
      throw bad('name must have 5 to 60 characters');
    const useOk =
      typeof use === 'string' &&
      ['SIG', 'ENC'].includes(faults.has('gateway.keyseed-lowercase-use-accepted') ? use.toUpperCase() : use);
    if (!useOk) throw bad('use must be SIG or ENC');
    if (typeof alg !== 'string' || !alg) throw bad('alg is required');
    if (typeof b64 !== 'string') throw bad('key is required');
    try {
      const pub = createPublicKey(Buffer.from(b64, 'base64').toString('utf8'));
      return {
        jwk: pub.export({ format: 'jwk' }) as JWK,
        use: use.toUpperCase() === 'SIG' ? 'sig' : 'enc',
        alg,
      };
    } catch {
      throw bad('key is not a base64-encoded PEM public key');
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const rest = url.pathname.slice('/v3'.length) || '/';
    const op = matchOperation(ops, method, rest);
    if (!op) throw new HttpError(404, 'Not Found', `no resource at ${url.pathname}`);
    const claims = await authenticate(req, url);
    const q = validateQuery(op, url);
    const isAdmin = claims['role'] === ADMIN_ROLE || faults.has('gateway.rbac-not-enforced');
    const body = method === 'POST' ? await readBody(req) : '';

    if (op.path === '/users') return send(res, 200, page(users.map(userOut), q));
    if (op.path === '/users/{userId}') {
      const u = users.find((x) => x.userId === decodeURIComponent(rest.split('/')[2] ?? ''));
      if (!u) throw new HttpError(404, 'Not Found', 'no such user');
      return send(res, 200, userOut(u));
    }
    const keysMatch = /^\/(clients|producerKeychains)\/([^/]+)\/keys(?:\/([^/]+))?$/.exec(rest);
    if (keysMatch && (op.path.endsWith('/keys') || op.path.endsWith('/keys/{keyId}'))) {
      const [, collection = '', ownerId = '', keyId = ''] = keysMatch;
      const owner = owners.get(`/${collection}/${ownerId}`);
      if (!owner) throw new HttpError(404, 'Not Found', 'no such client or producer keychain');
      if (method === 'GET') return send(res, 200, page([...owner.keys.values()], q));
      if (!isAdmin) throw new HttpError(403, 'Forbidden', 'only an administrator may change keys');
      if (method === 'POST') {
        const { jwk, use, alg } = keySeed(body);
        const kid = randomUUID();
        const stored: JWK = {
          kty: jwk.kty ?? 'RSA',
          ...(jwk.n ? { n: jwk.n, e: jwk.e } : {}),
          ...(jwk.crv ? { crv: jwk.crv, x: jwk.x, y: jwk.y } : {}),
          kid,
          use,
          alg,
        };
        owner.keys.set(kid, stored);
        return send(res, 200, { [owner.idField]: ownerId, jwk: stored });
      }
      if (method === 'DELETE') {
        if (!owner.keys.delete(decodeURIComponent(keyId)))
          throw new HttpError(404, 'Not Found', 'no such key');
        if (faults.has('gateway.delete-204')) {
          return sendSigned(res, { status: 204, key, otherKey, issuer: origin, faults, served });
        }
        return send(res, 200, {});
      }
    }
    if (method === 'GET' && (paginated.has(op) || events.has(op))) {
      const schema = responseFor(op, 200)?.content['application/json'];
      return send(
        res,
        200,
        sampleOf(doc, schema, {
          offset: q['offset'] ?? 0,
          limit: Math.min(q['limit'] ?? 1, 50),
          totalCount: 0,
        }),
      );
    }
    throw new HttpError(404, 'Not Found', `${method} ${op.path} is not implemented by the reference`);
  }

  const userOut = (u: (typeof users)[number]) =>
    faults.has('gateway.user-extra-property')
      ? { ...u, email: `${u.name.toLowerCase()}@example.invalid` }
      : u;

  const http = await listenLoopback(async (req, res) => {
    served++;
    options.onRequest?.(req.method ?? 'GET', req.url ?? '/');
    // The URL as the client addressed it (Host), so a profile may name the gateway by a host name
    // and connect through its address override; DPoP proofs are checked against that URL.
    const url = new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : origin);
    try {
      if (req.method === 'GET' && url.pathname === '/openapi.yaml') {
        res.writeHead(200, { 'content-type': 'application/yaml' });
        res.end(stringify(doc));
        return;
      }
      // The published Agid-JWT-Signature keys, for profiles that give a JWKS URL.
      if (req.method === 'GET' && url.pathname === JWKS_PATH) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(jwks));
        return;
      }
      if (faults.has('gateway.rate-limited') && served <= RATE_LIMITED_REQUESTS) {
        throw new HttpError(429, 'Too Many Requests', 'rate limit exceeded', {
          'retry-after': '1',
          'x-rate-limit-remaining': '0',
        });
      }
      if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) {
        if (faults.has('gateway.v2-redirect')) {
          res.writeHead(308, { location: `${origin}/v3${url.pathname.slice(3)}${url.search}` });
          res.end();
          return;
        }
        throw new HttpError(404, 'Not Found', 'API v2 is not served by this gateway');
      }
      if (url.pathname !== '/v3' && !url.pathname.startsWith('/v3/'))
        throw new HttpError(404, 'Not Found', `no resource at ${url.pathname}`);
      await route(req, res, url);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      await problem(res, e);
    }
  });
  origin = http.origin;

  const openapiFile = path.join(dir, 'pdnd-gateway-openapi.yaml');
  const jwksFile = path.join(dir, 'pdnd-gateway-jwks.json');
  await writeFile(openapiFile, stringify(doc));
  await writeFile(jwksFile, JSON.stringify(jwks));
  const [admin, nonAdmin] = clients as [(typeof clients)[number], (typeof clients)[number]];
  return {
    profile: {
      pdndInterop: {
        url: `${origin}/v3`,
        openapi: openapiFile,
        gatewayKeys: { jwksFile },
        voucher: { tokenEndpoint: as.tokenEndpoint, assertionAudience: as.assertionAudience, ...admin },
        nonAdmin,
        ids: { clientId: clientObjectId, keychainId, userId: firstUser.userId },
        allowWrites: true,
        load: { requestBudget: 600, concurrency: 8, maxRateLimitWaits: 3, maxRateLimitWaitMs: 5_000 },
      },
    },
    stop: http.close,
  };
}

export { RATE_LIMIT };
