import { randomBytes } from 'node:crypto';
import type { Server } from 'node:https';
import type { PagopaSwitch } from './faults.js';
import { HOSTS, type ReferencePki } from './pki.js';
import { listen, platformServer, type PlatformOptions } from './servers.js';
import { LEGACY } from './sites.js';

const PLATFORM_PATH = '/nodo/nodo-per-pa/v1/ping';

export interface ApiKeys {
  primary: string;
  secondary: string;
  revoked: string;
}

export function newApiKeys(): ApiKeys {
  const key = () => randomBytes(16).toString('hex');
  return { primary: key(), secondary: key(), revoked: key() };
}

/** The status the payment node answers for a request's api-key (undefined: no header). */
function apiKeyStatus(on: PagopaSwitch, keys: ApiKeys): (key: string | undefined) => number {
  let calls = 0;
  return (key) => {
    if (on('pagopa.platform-rate-limited') && calls++ === 0) return 429;
    if (on('pagopa.apikey-not-checked')) return 200;
    if (key === undefined) return on('pagopa.apikey-missing-accepted') ? 200 : 401;
    if (key === keys.primary) return 200;
    if (key === '' && on('pagopa.apikey-empty-accepted')) return 200;
    if (on('pagopa.apikey-prefix-match') && key.slice(0, 24) === keys.primary.slice(0, 24)) return 200;
    if (key === keys.secondary) return on('pagopa.secondary-key-rejected') ? 401 : 200;
    if (key === keys.revoked) return on('pagopa.apikey-revoked-accepted') ? 200 : 401;
    return on('pagopa.apikey-wrong-403') ? 403 : 401;
  };
}

/**
 * The redirects of the variants: every request moved once on the same origin (a client follows
 * it, verdicts unchanged), or the secondary key's request sent to another origin (`elsewhere`),
 * where a client must not take the key.
 */
function redirects(on: PagopaSwitch, keys: ApiKeys, elsewhere: string): PlatformOptions['redirectFor'] {
  return (path, key) => {
    if (on('pagopa.platform-redirects-same-origin') && path === PLATFORM_PATH)
      return { status: 307, location: `${PLATFORM_PATH}/` };
    if (on('pagopa.secondary-key-redirected') && key === keys.secondary)
      return { status: 302, location: `${elsewhere}${PLATFORM_PATH}` };
    return undefined;
  };
}

/** The payment node's api-key protected endpoint. */
export async function startPlatform(
  pki: ReferencePki,
  on: PagopaSwitch,
  keys: ApiKeys,
  elsewhere: string,
): Promise<{ server: Server; url: string }> {
  const leaf = await pki.server(HOSTS.platform, 'good');
  const server = platformServer({
    key: leaf.keyPem,
    cert: leaf.certPem + pki.serverCa.certPem,
    ...(on('pagopa.platform-tls11-only')
      ? { ...LEGACY, maxVersion: 'TLSv1.1' as const }
      : { minVersion: 'TLSv1.2' as const }),
    statusFor: apiKeyStatus(on, keys),
    redirectFor: redirects(on, keys, elsewhere),
    echoKey: on('pagopa.platform-echoes-key'),
    hostileText: on('pagopa.hostile-text'),
  });
  const port = await listen(server);
  return { server, url: `https://${HOSTS.platform}:${port}${PLATFORM_PATH}` };
}
