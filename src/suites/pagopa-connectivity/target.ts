import type { X509Certificate } from 'node:crypto';
import { siteOf } from '../../core/site.js';
import type { Site } from '../../core/suite.js';
import type { PagoPAConnectivity } from '../../profile/blocks.generated.js';
import type { ProfileReader } from '../../profile/load.js';
import { readCertificates, readClientIdentity, readTrust } from '../../profile/identity.js';
import type { RequestSpec } from '../../tls/http1.js';
import type { ClientIdentityPem } from '../../tls/probe.js';
import type { TlsEndpointInput } from '../../capabilities/tls-endpoint.js';

/** The `pagopa` block of a target profile, with every file and secret read. */
export interface PagopaTarget {
  endpoint?: {
    sites: Site[];
    identity: ClientIdentityPem;
    invalidIdentities: (ClientIdentityPem & { label: string })[];
    /** The positive-control request; without a path, each site's own URL path is requested. */
    request: Omit<RequestSpec, 'host' | 'path'> & { path?: string };
    expectStatus?: number[];
    privateCa: X509Certificate[];
    expiryWarningDays: number;
    platformChain?: X509Certificate[];
  };
  platform?: {
    url: URL;
    address?: string;
    /** PEM anchors; undefined means the public root store. */
    ca?: string[];
    request: { method: string; headers: Record<string, string>; body?: string };
    acceptStatus?: number[];
    keys: { primary: string; secondary?: string; revoked?: string };
  };
}

export async function resolvePagopa(reader: ProfileReader, raw: PagoPAConnectivity): Promise<PagopaTarget> {
  const target: PagopaTarget = {};
  if (!raw.endpoint && !raw.platform)
    reader.fail('needs an endpoint block, a platform block, or both', '/pagopa');
  if (raw.endpoint) {
    const e = raw.endpoint;
    const sites = Object.entries(e.sites).map(([name, s]) => siteOf(name, s));
    const identity = await readClientIdentity(
      reader,
      e.clientCertificate,
      '/pagopa/endpoint/clientCertificate',
    );
    const invalidIdentities = await Promise.all(
      (e.invalidClientCertificates ?? []).map(async (i, n) => ({
        ...(await readClientIdentity(reader, i, `/pagopa/endpoint/invalidClientCertificates/${n}`)),
        label: i.label ?? `invalid certificate #${n + 1}`,
      })),
    );
    target.endpoint = {
      sites,
      identity,
      invalidIdentities,
      request: {
        method: e.request?.method ?? 'GET',
        ...(e.request?.path ? { path: e.request.path } : {}),
        ...(e.request?.headers ? { headers: e.request.headers } : {}),
        ...(e.request?.body !== undefined ? { body: e.request.body } : {}),
      },
      ...(e.expectStatus ? { expectStatus: e.expectStatus } : {}),
      privateCa: e.serverTrust?.privateCa
        ? (await readCertificates(reader, e.serverTrust.privateCa, '/pagopa/endpoint/serverTrust/privateCa'))
            .certs
        : [],
      expiryWarningDays: e.expiryWarningDays ?? 30,
      ...(e.platformClientChain
        ? {
            platformChain: (
              await readCertificates(reader, e.platformClientChain, '/pagopa/endpoint/platformClientChain')
            ).certs,
          }
        : {}),
    };
  }
  if (raw.platform) {
    const p = raw.platform;
    let url: URL;
    try {
      url = new URL(p.request?.path ?? '', p.url);
    } catch {
      return reader.fail(`"${p.url}" is not a URL`, '/pagopa/platform/url');
    }
    if (url.protocol !== 'https:') reader.fail('must be an https URL', '/pagopa/platform/url');
    const keys = {
      primary: await reader.secret(p.apiKeys.primary, '/pagopa/platform/apiKeys/primary'),
      ...(p.apiKeys.secondary
        ? { secondary: await reader.secret(p.apiKeys.secondary, '/pagopa/platform/apiKeys/secondary') }
        : {}),
      ...(p.apiKeys.revoked
        ? { revoked: await reader.secret(p.apiKeys.revoked, '/pagopa/platform/apiKeys/revoked') }
        : {}),
    };
    target.platform = {
      url,
      ...(p.address ? { address: p.address } : {}),
      ...(await readTrust(reader, p.trust, '/pagopa/platform/trust').then((ca) => (ca ? { ca } : {}))),
      request: {
        method: p.request?.method ?? 'GET',
        headers: p.request?.headers ?? {},
        ...(p.request?.body !== undefined ? { body: p.request.body } : {}),
      },
      ...(p.acceptStatus ? { acceptStatus: p.acceptStatus } : {}),
      keys,
    };
  }
  return target;
}

/** The endpoint as the TLS endpoint kinds see it, at one site. */
export function tlsEndpointAt(e: NonNullable<PagopaTarget['endpoint']>, site: Site): TlsEndpointInput {
  const path = e.request.path ?? (site.url ? site.url.pathname + site.url.search : '/');
  return {
    endpoint: {
      site,
      identity: e.identity,
      request: { ...e.request, path },
      ...(e.expectStatus ? { expectStatus: e.expectStatus } : {}),
    },
    invalidIdentities: e.invalidIdentities,
    privateCa: e.privateCa,
    expiryWarningDays: e.expiryWarningDays,
    ...(e.platformChain ? { platformChain: e.platformChain } : {}),
  };
}
