import { createHash } from 'node:crypto';
import { httpRequest, type HttpRequest, type HttpResult, type HttpTls } from '../http/client.js';
import type { ConnectionPool } from '../http/pool.js';
import type { ClientIdentityPem } from '../tls/probe.js';

/** A request as the `http` fixture takes it: the identity and trust are the client's. */
export type FixtureRequest = Omit<HttpRequest, 'tls' | 'keepAlive' | 'timeoutMs'> & { timeoutMs?: number };

export interface HttpClient {
  /** Never throws for the peer's behaviour: a refusal, a reset or our own limit is an `ok: false`. */
  request(req: FixtureRequest): Promise<HttpResult>;
}

/**
 * Attesta's HTTP client (same-origin redirects, limits, content codings, traffic count) over
 * keep-alive connections of one TLS identity: a connection never carries two identities.
 */
export function httpClientFor(
  pool: ConnectionPool,
  identity?: ClientIdentityPem,
  trust?: string[],
): HttpClient {
  const tls: HttpTls = {
    ...(identity ? { cert: identity.cert, key: identity.key, passphrase: identity.passphrase } : {}),
    ...(trust ? { ca: trust } : {}),
  };
  const name = identity ? createHash('sha256').update(identity.cert).digest('hex') : 'anonymous';
  return {
    request: (req) => httpRequest({ timeoutMs: 10_000, ...req, tls, keepAlive: { pool, identity: name } }),
  };
}
