import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { ACCEPT_ENCODING, decodeContent } from './content-coding.js';
import { exceeded, LIMITS, timedOut } from './limits.js';
import { methodAfter, nextHop, type UnfollowedRedirect } from './redirect.js';
import { currentMeter, httpsOrigin } from './traffic.js';
import type { ConnectionPool } from './pool.js';

export interface HttpTls {
  /** Trust anchors (PEM); undefined means Node's public root store. */
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
}

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Connect to this address instead of resolving the URL's host (SNI and Host stay the URL's). */
  address?: string;
  tls?: HttpTls;
  timeoutMs: number;
  /**
   * Send over this pool's keep-alive connections of the named identity (./pool.ts); absent, the
   * request has a connection of its own, as a negative on the connection itself needs.
   */
  keepAlive?: { pool: ConnectionPool; identity: string };
  /** Same-origin redirects to follow (default MAX_REDIRECTS); 0 for a check that judges the redirect itself. */
  maxRedirects?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** The body with its content codings removed: what schemas and problem details are read from. */
  body: Buffer;
  /**
   * The body as received, content-coded: what an RFC 3230 Digest covers (src/modi/digest.ts).
   * Absent where no content coding was applied (then it is `body`).
   */
  encodedBody?: Buffer;
  elapsedMs: number;
  /** A 3xx that was not followed (./redirect.ts): the status is neither service nor refusal. */
  redirect?: UnfollowedRedirect;
}

export type HttpResult =
  | { ok: true; response: HttpResponse }
  /** `limit`: the answer exceeded a limit of our own client (./limits.ts), never the target's fault. */
  | { ok: false; error: string; code?: string; limit?: boolean };

/** The connect options of an undici Agent, counting each new connection into the run's meter. */
export function connectOptions(req: Pick<HttpRequest, 'tls' | 'address' | 'timeoutMs'>) {
  const connector = buildConnector({
    ...req.tls,
    rejectUnauthorized: true,
    timeout: req.timeoutMs,
    ...(req.address ? { lookup: fixedLookup(req.address) } : {}),
  } as buildConnector.BuildOptions);
  const meter = currentMeter();
  return ((opts, callback) => {
    meter?.connection(
      opts.protocol === 'https:'
        ? httpsOrigin(opts.hostname, opts.port)
        : `http://${opts.hostname}:${opts.port}`,
    );
    return connector(opts, callback);
  }) as buildConnector.connector;
}

/**
 * One HTTP request and its same-origin redirects (./redirect.ts). Without `keepAlive`, a new
 * undici Agent per call: no TLS session or connection is shared between a positive control and a
 * negative. Transport errors and our own limits are returned, not thrown: whether they prove
 * anything is the check's call.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResult> {
  const started = Date.now();
  const own = req.keepAlive
    ? undefined
    : new Agent({ pipelining: 0, maxCachedSessions: 0, connect: connectOptions(req) });
  const dispatcher = own ?? req.keepAlive!.pool.agent(req.keepAlive!.identity, req);
  try {
    let hop = { url: req.url, method: req.method ?? 'GET', body: req.body };
    for (let hops = 0; ; hops++) {
      const r = await sendOnce({ ...req, ...hop }, dispatcher, started);
      if (!r.ok) return r;
      const location = headerValue(r.response.headers, 'location');
      const next = nextHop(hop.url, r.response.status, location, hops, req.maxRedirects);
      if (!next) return r;
      if ('unfollowed' in next) return { ok: true, response: { ...r.response, redirect: next.unfollowed } };
      const method = methodAfter(r.response.status, hop.method);
      hop = { url: next.url, method, body: method === hop.method ? hop.body : undefined };
    }
  } finally {
    await own?.destroy().catch(() => undefined);
  }
}

async function sendOnce(req: HttpRequest, dispatcher: Agent, started: number): Promise<HttpResult> {
  currentMeter()?.request(new URL(req.url).origin);
  try {
    const headers = withAcceptEncoding(req.headers);
    const res = await request(req.url, {
      method: req.method as 'GET',
      headers,
      body: req.body,
      dispatcher,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > LIMITS.body.bytes) {
        res.body.destroy();
        return { ok: false, error: exceeded(LIMITS.body), limit: true };
      }
      chunks.push(chunk as Buffer);
    }
    const responseHeaders = res.headers as Record<string, string | string[]>;
    const encodedBody = Buffer.concat(chunks);
    const decoded = decodeContent(encodedBody, headerValue(responseHeaders, 'content-encoding'));
    if (!decoded.ok) return { ok: false, error: decoded.error, ...(decoded.limit ? { limit: true } : {}) };
    return {
      ok: true,
      response: {
        status: res.statusCode,
        headers: responseHeaders,
        body: decoded.body,
        ...(decoded.body !== encodedBody ? { encodedBody } : {}),
        elapsedMs: Date.now() - started,
      },
    };
  } catch (e) {
    return transportError(e, req.timeoutMs);
  }
}

/** A real client's Accept-Encoding, unless the caller chose one. */
function withAcceptEncoding(headers: HttpRequest['headers']): Record<string, string | string[]> {
  const chosen = Object.keys(headers ?? {}).some((h) => h.toLowerCase() === 'accept-encoding');
  return chosen ? { ...headers } : { ...headers, 'accept-encoding': ACCEPT_ENCODING };
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** An error as one plain sentence; our own limits (header size, timeout) are marked as such. */
function transportError(e: unknown, timeoutMs: number): HttpResult {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = typeof err.cause?.code === 'string' ? err.cause.code : err.code;
  if (code === 'UND_ERR_HEADERS_OVERFLOW')
    return { ok: false, error: exceeded(LIMITS.header), code, limit: true };
  if (err.name === 'TimeoutError' || (code && TIMEOUTS.has(code)))
    return { ok: false, error: timedOut(timeoutMs), code: code ?? 'TimeoutError', limit: true };
  const message = err.cause?.message ?? err.message;
  return { ok: false, error: code ? `${code}: ${message}` : message, ...(code ? { code } : {}) };
}

function fixedLookup(address: string) {
  const family = isIP(address) || 4;
  return (
    hostname: string,
    options: { all?: boolean },
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    void hostname;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** A header value as one string (undici gives arrays for repeated headers). */
export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}
