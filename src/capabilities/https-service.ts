import { judgeServerAuthentication } from '../checks/tls/server-auth.js';
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
