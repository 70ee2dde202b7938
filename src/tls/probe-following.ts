import { methodAfter, nextHop } from '../http/redirect.js';
import { httpsOrigin } from '../http/traffic.js';
import { tlsProbe, type TlsProbeOptions, type TlsProbeResult } from './probe.js';

/**
 * A TLS probe whose request follows same-origin redirects (src/http/redirect.ts), each hop a new
 * handshake with the same client identity; a redirect it does not follow is marked on the answer.
 * The result is the last hop's: what the endpoint finally did with the request.
 */
export async function tlsProbeFollowing(opts: TlsProbeOptions): Promise<TlsProbeResult> {
  let current = opts;
  for (let hops = 0; ; hops++) {
    const r = await tlsProbe(current);
    const request = current.request;
    if (!r.response || !request) return r;
    const from = `${httpsOrigin(opts.servername, opts.port)}${request.path}`;
    const next = nextHop(from, r.response.status, r.response.headers['location'], hops);
    if (!next) return r;
    if ('unfollowed' in next) return { ...r, response: { ...r.response, redirect: next.unfollowed } };
    const to = new URL(next.url);
    const method = methodAfter(r.response.status, request.method);
    current = {
      ...current,
      request: {
        ...request,
        method,
        path: to.pathname + to.search,
        ...(method === request.method ? {} : { body: undefined }),
      },
    };
  }
}
