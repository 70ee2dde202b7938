import type { Server } from 'node:https';
import { closedPort } from '../services/ports.js';
import type { PagopaSwitch } from './faults.js';
import { HOSTS, type ReferencePki, type ServerVariant } from './pki.js';
import { endpointServer, listen, type ClientAuthMode, type EndpointOptions } from './servers.js';

const CONTEXT_PATH = '/pagopa/paForNode';
/** What a server needs to accept TLS 1.0/1.1 on OpenSSL 3. */
export const LEGACY = { minVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT@SECLEVEL=0' };

export type Site = 'primary' | 'secondary';
export interface SiteAddress {
  url: string;
  address: string;
}

/** The first switched-on fault names the server certificate; none: a good one. */
const SERVER_CERTIFICATE: [Parameters<PagopaSwitch>[0], ServerVariant][] = [
  ['pagopa.untrusted-server-ca', 'untrusted'],
  ['pagopa.wrong-cn', 'wrong-cn'],
  ['pagopa.no-san', 'no-san'],
  ['pagopa.expired-certificate', 'expired'],
  ['pagopa.expiring-certificate', 'expiring'],
];

/** The first switched-on fault or variant names how client certificates are treated; none: by TLS. */
const CLIENT_AUTH: [Parameters<PagopaSwitch>[0], ClientAuthMode][] = [
  ['pagopa.client-cert-optional', 'optional'],
  ['pagopa.any-client-ca', 'any-ca'],
  ['pagopa.client-issuer-name-only', 'issuer-name'],
  ['pagopa.expired-client-accepted', 'ignore-expiry'],
  ['pagopa.silent-without-certificate', 'silent'],
  ['pagopa.tls-terminator', 'terminator'],
];

function serverVariant(on: PagopaSwitch): ServerVariant {
  return SERVER_CERTIFICATE.find(([f]) => on(f))?.[1] ?? 'good';
}

function clientAuthMode(on: PagopaSwitch): ClientAuthMode {
  return CLIENT_AUTH.find(([f]) => on(f))?.[1] ?? 'tls';
}

/** The entity's endpoint at one site, unless the site is down: then an address nothing listens at. */
export async function startSite(
  site: Site,
  pki: ReferencePki,
  on: PagopaSwitch,
): Promise<{ address: SiteAddress; server?: Server }> {
  const host = site === 'primary' && on('pagopa.url-without-fqdn') ? HOSTS.bareHost : HOSTS[site];
  if (site === 'secondary' && on('pagopa.secondary-site-down')) {
    return { address: { url: `https://${host}:${await closedPort()}${CONTEXT_PATH}`, address: '127.0.0.1' } };
  }
  const variant = serverVariant(on);
  const leaf = await pki.server(host, host === HOSTS.bareHost ? 'bare-host' : variant);
  const issuerPem = variant === 'untrusted' ? pki.otherCa.certPem : pki.serverCa.certPem;
  const legacy =
    on('pagopa.tls11-accepted') || (site === 'secondary' && on('pagopa.secondary-tls11-accepted'));
  const server = endpointServer({
    key: leaf.keyPem,
    cert: on('pagopa.missing-intermediate') ? leaf.certPem : leaf.certPem + issuerPem,
    clientCas: on('pagopa.no-platform-ca')
      ? [pki.clientCa.certPem]
      : [pki.clientCa.certPem, pki.platformCa.certPem],
    clientAuth: clientAuthMode(on),
    minVersion: 'TLSv1.2',
    ...(legacy ? LEGACY : {}),
    ...variantPaths(on),
    hostileText: on('pagopa.hostile-text'),
  });
  const port = await listen(server);
  return { address: { url: `https://${host}:${port}${CONTEXT_PATH}`, address: '127.0.0.1' }, server };
}

/** The same-origin redirect and oversized-header variants: where the served path is and how it answers. */
function variantPaths(on: PagopaSwitch): Pick<EndpointOptions, 'path' | 'redirectFrom' | 'servedHeaders'> {
  return {
    ...(on('pagopa.platform-redirects-same-origin')
      ? { path: `${CONTEXT_PATH}/`, redirectFrom: CONTEXT_PATH }
      : { path: CONTEXT_PATH }),
    ...(on('pagopa.oversized-control-header')
      ? { servedHeaders: { 'x-padding': 'x'.repeat(80 * 1024) } }
      : {}),
  };
}
