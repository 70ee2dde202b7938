import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:https';
import path from 'node:path';
import type { ReferencePart, ReferencePartModule } from '../part.js';
import { PAGOPA_FAULTS, PAGOPA_VARIANTS, type PagopaSwitch } from './faults.js';
import { createPki, type ReferencePki } from './pki.js';
import { newApiKeys, startPlatform, type ApiKeys } from './platform.js';
import { close, HOSTILE_NAME } from './servers.js';
import { startSite, type Site, type SiteAddress } from './sites.js';

/** The files the profile names, written into the part's folder (keys 0600). */
async function writeFiles(dir: string, pki: ReferencePki, keys: ApiKeys): Promise<void> {
  const files: Record<string, string> = {
    'pagopa-server-root.pem': pki.serverRoot.certPem,
    'pagopa-client.pem': pki.client.certPem + pki.clientCa.certPem,
    'pagopa-client.key': pki.client.keyPem,
    'pagopa-client-expired.pem': pki.expiredClient.certPem + pki.clientCa.certPem,
    'pagopa-client-expired.key': pki.expiredClient.keyPem,
    'pagopa-forwarder-chain.pem': pki.forwarder.certPem + pki.platformCa.certPem + pki.platformRoot.certPem,
    'pagopa-apikey-primary': keys.primary,
    'pagopa-apikey-secondary': keys.secondary,
    'pagopa-apikey-revoked': keys.revoked,
  };
  await Promise.all(
    Object.entries(files).map(([name, text]) => writeFile(path.join(dir, name), text, { mode: 0o600 })),
  );
}

function profileOf(sites: Record<Site, SiteAddress>, platformUrl: string): Record<string, unknown> {
  return {
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
        url: platformUrl,
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
  };
}

/**
 * The pagoPA part of the reference target: the entity's endpoint at a primary and a secondary
 * "site" (two loopback ports with their own host names), and the payment node's api-key endpoint.
 */
/** Self-tests' choices: where the secondary-key-redirected variant sends the request. */
export interface PagopaOptions {
  /** An origin (scheme, host, port); default one that resolves nowhere. */
  elsewhere?: string;
}

async function start(
  { dir, faults }: { dir: string; faults: ReadonlySet<string> },
  options: PagopaOptions = {},
): Promise<ReferencePart> {
  const on: PagopaSwitch = (name) => faults.has(name);
  const pki = await createPki(on('pagopa.hostile-text') ? HOSTILE_NAME : '');
  const servers: Server[] = [];
  const sites = {} as Record<Site, SiteAddress>;
  for (const site of ['primary', 'secondary'] as const) {
    const started = await startSite(site, pki, on);
    if (started.server) servers.push(started.server);
    sites[site] = started.address;
  }
  const keys = newApiKeys();
  const platform = await startPlatform(pki, on, keys, options.elsewhere ?? 'https://login.attesta.invalid');
  servers.push(platform.server);
  await writeFiles(dir, pki, keys);
  return {
    profile: profileOf(sites, platform.url),
    stop: async () => void (await Promise.all(servers.map(close))),
  };
}

export const part: ReferencePartModule<PagopaOptions> = {
  suite: 'pagopa-connectivity',
  faults: PAGOPA_FAULTS,
  variants: PAGOPA_VARIANTS,
  start,
};
