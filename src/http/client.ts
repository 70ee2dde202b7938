import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';

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
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  elapsedMs: number;
}

export type HttpResult = { ok: true; response: HttpResponse } | { ok: false; error: string; code?: string };

const MAX_BODY = 4 * 1024 * 1024;

/**
 * One HTTP request on a fresh connection: a new undici Agent per call, so no TLS session or
 * keep-alive connection is ever shared between a positive control and a negative check.
 * Transport errors are returned, not thrown: whether they prove anything is the check's call.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResult> {
  const started = Date.now();
  const agent = new Agent({
    pipelining: 0,
    maxCachedSessions: 0,
    connect: {
      ...req.tls,
      rejectUnauthorized: true,
      timeout: req.timeoutMs,
      ...(req.address ? { lookup: fixedLookup(req.address) } : {}),
    },
  });
  try {
    const res = await request(req.url, {
      method: (req.method ?? 'GET') as 'GET',
      headers: req.headers,
      body: req.body,
      dispatcher: agent,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) break;
      chunks.push(chunk as Buffer);
    }
    return {
      ok: true,
      response: {
        status: res.statusCode,
        headers: res.headers as Record<string, string | string[]>,
        body: Buffer.concat(chunks),
        elapsedMs: Date.now() - started,
      },
    };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = err.cause?.code ?? err.code;
    const message = err.cause?.message ?? err.message;
    return { ok: false, error: code ? `${code}: ${message}` : message, code };
  } finally {
    await agent.destroy().catch(() => undefined);
  }
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
