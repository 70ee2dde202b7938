import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:https';
import path from 'node:path';
import type { ReferencePart } from '../index.js';
import { createPki, HOSTS, type ServerVariant } from './pki.js';
import { endpointServer, listen, platformServer, type ClientAuthMode } from './servers.js';

/** Each fault breaks one pagoPA rule (or, where said, is a compliant variant worth testing). */
export const PAGOPA_FAULT_DESCRIPTIONS = {
  'pagopa.tls11-accepted': 'both sites also accept TLS 1.1 (PAGOPA-TLS-01)',
  'pagopa.secondary-tls11-accepted':
    'only the secondary site accepts TLS 1.1 (PAGOPA-TLS-01 there, PAGOPA-DR-01)',
  'pagopa.client-cert-optional': 'a request without a client certificate is served (PAGOPA-MTLS-01)',
  'pagopa.any-client-ca': 'a client certificate from any CA is accepted (PAGOPA-MTLS-02)',
  'pagopa.expired-client-accepted':
    'an expired client certificate from the trusted CA is accepted (PAGOPA-MTLS-02)',
  'pagopa.no-platform-ca':
    'the platform client CA is neither trusted nor named in the CertificateRequest (PAGOPA-MTLS-03)',
  'pagopa.untrusted-server-ca':
    'the server certificate comes from a CA that is not the declared private CA (PAGOPA-CERT-01)',
  'pagopa.missing-intermediate': 'the leaf is served without its intermediate (PAGOPA-CERT-01)',
  'pagopa.wrong-cn': 'the server certificate CN is another name, the SAN still has the FQDN (PAGOPA-CERT-02)',
  'pagopa.no-san': 'the server certificate has the FQDN as CN but no subjectAltName (PAGOPA-CERT-02)',
  'pagopa.expired-certificate': 'the server certificate expired yesterday (PAGOPA-CERT-03)',
  'pagopa.expiring-certificate': 'the server certificate expires in 10 days (a WARN under PAGOPA-CERT-03)',
  'pagopa.url-without-fqdn': 'the primary site URL uses the single-label host "ente" (PAGOPA-URL-01)',
  'pagopa.apikey-missing-accepted': 'a call without the api-key header is served (PAGOPA-APIKEY-01)',
  'pagopa.apikey-revoked-accepted': 'the revoked api-key is still accepted (PAGOPA-APIKEY-02)',
  'pagopa.apikey-empty-accepted': 'an empty api-key is accepted (PAGOPA-APIKEY-02)',
  'pagopa.apikey-prefix-match':
    "a key that shares the primary key's first 24 characters is accepted (PAGOPA-APIKEY-02)",
  'pagopa.apikey-wrong-403': 'a wrong api-key is answered 403 instead of 401 (PAGOPA-APIKEY-02)',
  'pagopa.apikey-not-checked': 'the api-key is not checked at all (PAGOPA-APIKEY-01 and -02)',
  'pagopa.secondary-key-rejected': 'the secondary api-key is refused (PAGOPA-APIKEY-03)',
  'pagopa.platform-tls11-only': 'the payment node endpoint speaks only TLS 1.1 (PAGOPA-SRV-01)',
  'pagopa.platform-rate-limited':
    'compliant variant: the first call to the payment node is answered 429 with Retry-After: 1',
  'pagopa.secondary-site-down': 'nothing listens at the secondary site (PAGOPA-REACH-01 there, PAGOPA-DR-01)',
  'pagopa.silent-without-certificate':
    'a request without a client certificate is never answered: refusal cannot be shown (PAGOPA-MTLS-01 inconclusive)',
  'pagopa.tls-terminator':
    'compliant variant: client certificates are refused with HTTP 400 after the handshake, as nginx does',
} as const;

export type PagopaFault = keyof typeof PAGOPA_FAULT_DESCRIPTIONS;
export const PAGOPA_FAULTS = Object.keys(PAGOPA_FAULT_DESCRIPTIONS) as PagopaFault[];

const LEGACY = { minVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT@SECLEVEL=0' };
const CONTEXT_PATH = '/pagopa/paForNode';

function serverVariant(faults: ReadonlySet<string>): ServerVariant {
  const byFault: [PagopaFault, ServerVariant][] = [
    ['pagopa.untrusted-server-ca', 'untrusted'],
    ['pagopa.wrong-cn', 'wrong-cn'],
    ['pagopa.no-san', 'no-san'],
    ['pagopa.expired-certificate', 'expired'],
    ['pagopa.expiring-certificate', 'expiring'],
  ];
  return byFault.find(([f]) => faults.has(f))?.[1] ?? 'good';
}

function clientAuthMode(faults: ReadonlySet<string>): ClientAuthMode {
  if (faults.has('pagopa.client-cert-optional')) return 'optional';
  if (faults.has('pagopa.any-client-ca')) return 'any-ca';
  if (faults.has('pagopa.expired-client-accepted')) return 'ignore-expiry';
  if (faults.has('pagopa.silent-without-certificate')) return 'silent';
  if (faults.has('pagopa.tls-terminator')) return 'terminator';
  return 'tls';
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as import('node:net').AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * The pagoPA part of the reference target: the entity's endpoint at a primary and a secondary
 * "site" (two loopback ports with their own host names), and the payment node's api-key endpoint.
 */
export async function startPagopaReference(dir: string, faults: ReadonlySet<string>): Promise<ReferencePart> {
  const pki = await createPki();
  const variant = serverVariant(faults);
  const write = (name: string, text: string) => writeFile(path.join(dir, name), text, { mode: 0o600 });
  const servers: Server[] = [];
  const sites: Record<string, { url: string; address: string }> = {};

  for (const site of ['primary', 'secondary'] as const) {
    const host = site === 'primary' && faults.has('pagopa.url-without-fqdn') ? HOSTS.bareHost : HOSTS[site];
    if (site === 'secondary' && faults.has('pagopa.secondary-site-down')) {
      sites[site] = { url: `https://${host}:${await closedPort()}${CONTEXT_PATH}`, address: '127.0.0.1' };
      continue;
    }
    const leaf = await pki.server(host, host === HOSTS.bareHost ? 'bare-host' : variant);
    const issuerPem = variant === 'untrusted' ? pki.otherCa.certPem : pki.serverCa.certPem;
    const legacy =
      faults.has('pagopa.tls11-accepted') ||
      (site === 'secondary' && faults.has('pagopa.secondary-tls11-accepted'));
    const server = endpointServer({
      key: leaf.keyPem,
      cert: faults.has('pagopa.missing-intermediate') ? leaf.certPem : leaf.certPem + issuerPem,
      clientCas: faults.has('pagopa.no-platform-ca')
        ? [pki.clientCa.certPem]
        : [pki.clientCa.certPem, pki.platformCa.certPem],
      clientAuth: clientAuthMode(faults),
      minVersion: 'TLSv1.2',
      ...(legacy ? LEGACY : {}),
      path: CONTEXT_PATH,
    });
    servers.push(server);
    sites[site] = { url: `https://${host}:${await listen(server)}${CONTEXT_PATH}`, address: '127.0.0.1' };
  }

  const keys = {
    primary: randomBytes(16).toString('hex'),
    secondary: randomBytes(16).toString('hex'),
    revoked: randomBytes(16).toString('hex'),
  };
  const platformLeaf = await pki.server(HOSTS.platform, 'good');
  let platformCalls = 0;
  const platform = platformServer({
    key: platformLeaf.keyPem,
    cert: platformLeaf.certPem + pki.serverCa.certPem,
    ...(faults.has('pagopa.platform-tls11-only')
      ? { ...LEGACY, maxVersion: 'TLSv1.1' as const }
      : { minVersion: 'TLSv1.2' as const }),
    statusFor: (key) => {
      if (faults.has('pagopa.platform-rate-limited') && platformCalls++ === 0) return 429;
      if (faults.has('pagopa.apikey-not-checked')) return 200;
      if (key === undefined) return faults.has('pagopa.apikey-missing-accepted') ? 200 : 401;
      if (key === keys.primary) return 200;
      if (key === '' && faults.has('pagopa.apikey-empty-accepted')) return 200;
      if (faults.has('pagopa.apikey-prefix-match') && key.slice(0, 24) === keys.primary.slice(0, 24))
        return 200;
      if (key === keys.secondary) return faults.has('pagopa.secondary-key-rejected') ? 401 : 200;
      if (key === keys.revoked) return faults.has('pagopa.apikey-revoked-accepted') ? 200 : 401;
      return faults.has('pagopa.apikey-wrong-403') ? 403 : 401;
    },
  });
  servers.push(platform);
  const platformPort = await listen(platform);

  await Promise.all([
    write('pagopa-server-root.pem', pki.serverRoot.certPem),
    write('pagopa-client.pem', pki.client.certPem + pki.clientCa.certPem),
    write('pagopa-client.key', pki.client.keyPem),
    write('pagopa-client-expired.pem', pki.expiredClient.certPem + pki.clientCa.certPem),
    write('pagopa-client-expired.key', pki.expiredClient.keyPem),
    write(
      'pagopa-forwarder-chain.pem',
      pki.forwarder.certPem + pki.platformCa.certPem + pki.platformRoot.certPem,
    ),
    write('pagopa-apikey-primary', keys.primary),
    write('pagopa-apikey-secondary', keys.secondary),
    write('pagopa-apikey-revoked', keys.revoked),
  ]);

  return {
    profile: {
      pagopa: {
        endpoint: {
          sites,
          expectStatus: [200],
          serverTrust: { privateCa: 'pagopa-server-root.pem' },
          clientCertificate: { cert: 'pagopa-client.pem', key: 'file:pagopa-client.key' },
          invalidClientCertificates: [
            {
              label: 'expired client certificate from the trusted CA',
              cert: 'pagopa-client-expired.pem',
              key: 'file:pagopa-client-expired.key',
            },
          ],
          platformClientChain: 'pagopa-forwarder-chain.pem',
        },
        platform: {
          url: `https://${HOSTS.platform}:${platformPort}/nodo/nodo-per-pa/v1/ping`,
          address: '127.0.0.1',
          trust: 'pagopa-server-root.pem',
          acceptStatus: [200],
          apiKeys: {
            primary: 'file:pagopa-apikey-primary',
            secondary: 'file:pagopa-apikey-secondary',
            revoked: 'file:pagopa-apikey-revoked',
          },
        },
      },
    },
    stop: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
  };
}
