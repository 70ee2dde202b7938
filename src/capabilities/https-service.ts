import { judgeServerAuthentication } from '../checks/tls/server-auth.js';
import { httpRequest, type HttpResult } from '../http/client.js';
import { sendRespectingRateLimit } from '../http/rate-limit.js';
import { tlsProbe } from '../tls/probe.js';
import type { CapabilityKinds } from './capability.js';

/** A platform's HTTPS service that the user's side calls: where it is and which anchors to trust. */
export interface HttpsService {
  url: URL;
  /** Where to connect instead of the URL's host. */
  address?: string;
  /** PEM anchors; undefined means the public root store. */
  ca?: string[];
}

/** A service's positive-control request, as its authentication kinds send it. */
export interface ServiceRequest extends HttpsService {
  request: { method: string; headers: Record<string, string>; body?: string };
}

/**
 * Sends the service's request with `headers` added (a credential, or none), over TLS 1.2 or
 * later to the configured anchors, waiting out one 429 (../http/rate-limit.ts).
 */
export function sendToService(
  s: ServiceRequest,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpResult> {
  return sendRespectingRateLimit(
    () =>
      httpRequest({
        url: s.url.href,
        method: s.request.method,
        headers: { ...s.request.headers, ...headers },
        ...(s.request.body !== undefined ? { body: s.request.body } : {}),
        ...(s.address ? { address: s.address } : {}),
        tls: { ...(s.ca ? { ca: s.ca } : {}), minVersion: 'TLSv1.2' },
        timeoutMs,
      }),
    timeoutMs,
  );
}

export const HTTPS_SERVICE_KINDS: CapabilityKinds<HttpsService> = {
  /** The service proves its identity: a chain to a trusted anchor, for the URL's host name. */
  'platform-server-auth': {
    check: async (ctx) => {
      const s = ctx.target;
      const host = s.url.hostname;
      const probe = await tlsProbe({
        address: s.address ?? host,
        port: Number(s.url.port || 443),
        servername: host,
        minVersion: 'TLSv1.2',
        ...(s.ca ? { ca: s.ca } : {}),
        timeoutMs: ctx.settings.probeTimeoutMs,
      });
      return judgeServerAuthentication(probe, host);
    },
  },
};
