import type { X509Certificate } from 'node:crypto';
import { siteOf } from '../../core/site.js';
import type { Site } from '../../core/suite.js';
import type { PagoPAConnectivity } from '../../profile/blocks.generated.js';
import type { ProfileReader } from '../../profile/load.js';
import { ProblemList } from '../../core/errors.js';
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

type Endpoint = NonNullable<PagoPAConnectivity['endpoint']>;
type Platform = NonNullable<PagoPAConnectivity['platform']>;

export async function resolvePagopa(reader: ProfileReader, raw: PagoPAConnectivity): Promise<PagopaTarget> {
  if (!raw.endpoint && !raw.platform)
    reader.fail('needs an endpoint block, a platform block, or both', '/pagopa');
  // The two blocks are independent: a problem in each is reported in one run.
  const problems = new ProblemList();
  const endpoint = raw.endpoint && (await problems.attempt(() => resolveEndpoint(reader, raw.endpoint!)));
  const platform = raw.platform && (await problems.attempt(() => resolvePlatform(reader, raw.platform!)));
  problems.check();
  return { ...(endpoint ? { endpoint } : {}), ...(platform ? { platform } : {}) };
}

/**
 * The sites must be https URLs: the endpoint is judged over TLS, and a plain-http URL is a
 * mistake in the profile (PAGOPA-URL-01 then speaks of the form of a URL that is https).
 */
function httpsSites(reader: ProfileReader, sites: Endpoint['sites'], problems: ProblemList): Site[] {
  return Object.entries(sites).map(([name, s]) => {
    const site = siteOf(name, s);
    const field = `/pagopa/endpoint/sites/${name}/url`;
    if (!site.url) problems.add(reader.problem(`"${s.url}" is not a URL`, field));
    else if (site.url.protocol !== 'https:')
      problems.add(
        reader.problem(`"${s.url}" must be an https URL: the endpoint is reached over TLS`, field),
      );
    return site;
  });
}

/** Certificates of an optional PEM field; none when the field is absent. */
async function optionalCertificates(
  reader: ProfileReader,
  file: string | undefined,
  field: string,
): Promise<X509Certificate[] | undefined> {
  return file === undefined ? undefined : (await readCertificates(reader, file, field)).certs;
}

/** The endpoint block; its sites, identities and files are independent, and every problem is reported. */
async function resolveEndpoint(
  reader: ProfileReader,
  e: Endpoint,
): Promise<NonNullable<PagopaTarget['endpoint']>> {
  const problems = new ProblemList();
  const sites = httpsSites(reader, e.sites, problems);
  const identity = await problems.attempt(() =>
    readClientIdentity(reader, e.clientCertificate, '/pagopa/endpoint/clientCertificate'),
  );
  const invalidIdentities = await problems.attempt(() =>
    Promise.all(
      (e.invalidClientCertificates ?? []).map(async (i, n) => ({
        ...(await readClientIdentity(reader, i, `/pagopa/endpoint/invalidClientCertificates/${n}`)),
        label: i.label ?? `invalid certificate #${n + 1}`,
      })),
    ),
  );
  const privateCa = await problems.attempt(() =>
    optionalCertificates(reader, e.serverTrust?.privateCa, '/pagopa/endpoint/serverTrust/privateCa'),
  );
  const platformChain = await problems.attempt(() =>
    optionalCertificates(reader, e.platformClientChain, '/pagopa/endpoint/platformClientChain'),
  );
  problems.check();
  return {
    sites,
    identity: identity!,
    invalidIdentities: invalidIdentities!,
    request: {
      method: e.request?.method ?? 'GET',
      ...(e.request?.path ? { path: e.request.path } : {}),
      ...(e.request?.headers ? { headers: e.request.headers } : {}),
      ...(e.request?.body !== undefined ? { body: e.request.body } : {}),
    },
    ...(e.expectStatus ? { expectStatus: e.expectStatus } : {}),
    privateCa: privateCa ?? [],
    expiryWarningDays: e.expiryWarningDays ?? 30,
    ...(platformChain ? { platformChain } : {}),
  };
}

/** The platform block; its URL, api keys and trust are independent, and every problem is reported. */
async function resolvePlatform(
  reader: ProfileReader,
  p: Platform,
): Promise<NonNullable<PagopaTarget['platform']>> {
  const problems = new ProblemList();
  const url = await problems.attempt(() => platformUrl(reader, p));
  const keys = await problems.attempt(() => reader.secrets(p.apiKeys, '/pagopa/platform/apiKeys'));
  const ca = await problems.attempt(() => readTrust(reader, p.trust, '/pagopa/platform/trust'));
  problems.check();
  return {
    url: url!,
    ...(p.address ? { address: p.address } : {}),
    ...(ca ? { ca } : {}),
    request: {
      method: p.request?.method ?? 'GET',
      headers: p.request?.headers ?? {},
      ...(p.request?.body !== undefined ? { body: p.request.body } : {}),
    },
    ...(p.acceptStatus ? { acceptStatus: p.acceptStatus } : {}),
    keys: keys!,
  };
}

function platformUrl(reader: ProfileReader, p: Platform): URL {
  let url: URL;
  try {
    url = new URL(p.request?.path ?? '', p.url);
  } catch {
    return reader.fail(`"${p.url}" is not a URL`, '/pagopa/platform/url');
  }
  if (url.protocol !== 'https:') reader.fail('must be an https URL', '/pagopa/platform/url');
  return url;
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
