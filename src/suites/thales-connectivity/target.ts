import type { X509Certificate } from 'node:crypto';
import { siteOf } from '../../core/site.js';
import type { ThalesTSHConnectivity } from '../../profile/blocks.generated.js';
import type { ProfileReader } from '../../profile/load.js';
import { readCertificates, readClientIdentity, readPrivateKey, readTrust } from '../../profile/identity.js';
import { parseCertificates } from '../../x509/pem.js';
import { publicRootStore } from '../../x509/chain.js';
import { issuerFromPem, type Issued } from '../../x509/issue.js';
import { parseCsrPem } from '../../csr/parse.js';
import type { DeclaredCsr, ThalesEnv } from '../../csr/each.js';
import type { TlsEndpoint } from '../../checks/endpoint.js';

/** The `thales` block of a target profile, with every file and secret read. */
export interface ThalesTarget {
  tspId?: string;
  csrs: DeclaredCsr[];
  /** The TSP's client certificate for calling Thales (TH-IN-01). */
  client?: {
    /** Leaf first, as the file gives them. */
    chain: X509Certificate[];
    /** Whether the key belongs to the leaf: a verdict of TH-IN-01, not a configuration error. */
    keyMatches: boolean;
    thalesCa: X509Certificate[];
    files: { cert: string; thalesCa: string };
  };
  /** The TSP's server that Thales calls. */
  server?: {
    endpoint: TlsEndpoint;
    testClientCa?: Issued;
    /** The anchors the served chain must reach (TH-OUT-05). */
    anchors: X509Certificate[];
    anchorsName: string;
  };
}

async function readCsrs(reader: ProfileReader, raw: ThalesTSHConnectivity): Promise<DeclaredCsr[]> {
  const envs = Object.entries(raw.csrs ?? {}) as [ThalesEnv, string][];
  if (envs.length && !raw.tspId) reader.fail("is required to judge the CSRs' Common Name", '/thales/tspId');
  return Promise.all(
    envs.map(async ([env, file]) => {
      const field = `/thales/csrs/${env}`;
      const text = (await reader.file(file, field)).toString('latin1');
      try {
        return { env, file, csr: parseCsrPem(text) };
      } catch (e) {
        return reader.fail(`${file} ${(e as Error).message}`, field);
      }
    }),
  );
}

async function readClient(
  reader: ProfileReader,
  raw: NonNullable<ThalesTSHConnectivity['client']>,
): Promise<ThalesTarget['client']> {
  const field = '/thales/client';
  const { certs } = await readCertificates(reader, raw.certificate.cert, `${field}/certificate/cert`);
  const { keyObject } = await readPrivateKey(reader, raw.certificate, `${field}/certificate`);
  const thalesCa = (await readCertificates(reader, raw.thalesCa, `${field}/thalesCa`)).certs;
  return {
    chain: certs,
    keyMatches: certs[0]!.checkPrivateKey(keyObject),
    thalesCa,
    files: { cert: raw.certificate.cert, thalesCa: raw.thalesCa },
  };
}

async function readServer(
  reader: ProfileReader,
  raw: NonNullable<ThalesTSHConnectivity['server']>,
): Promise<ThalesTarget['server']> {
  const field = '/thales/server';
  const site = siteOf('server', raw);
  if (!site.url) return reader.fail(`"${raw.url}" is not a URL`, `${field}/url`);
  if (site.url.protocol !== 'https:') reader.fail('must be an https URL', `${field}/url`);
  const identity = await readClientIdentity(reader, raw.clientCertificate, `${field}/clientCertificate`);
  const trust = await readTrust(reader, raw.serverTrust, `${field}/serverTrust`);
  return {
    endpoint: {
      site: raw.connectPort ? { ...site, port: raw.connectPort } : site,
      identity: {
        cert: identity.cert,
        key: identity.key,
        ...(identity.passphrase ? { passphrase: identity.passphrase } : {}),
      },
      request: {
        method: raw.request?.method ?? 'GET',
        path: raw.request?.path ?? site.url.pathname + site.url.search,
        ...(raw.request?.headers ? { headers: raw.request.headers } : {}),
        ...(raw.request?.body !== undefined ? { body: raw.request.body } : {}),
      },
      ...(raw.expectStatus ? { expectStatus: raw.expectStatus } : {}),
    },
    ...(raw.testClientCa ? { testClientCa: await readTestCa(reader, raw.testClientCa) } : {}),
    anchors: trust ? parseCertificates(trust.join('')) : publicRootStore(),
    anchorsName: trust ? `the CA chain in ${raw.serverTrust}` : 'the public root store',
  };
}

/** The test client CA: a CA certificate and its key, from which fresh client certificates are issued. */
async function readTestCa(
  reader: ProfileReader,
  raw: { cert: string; key: string; passphrase?: string },
): Promise<Issued> {
  const field = '/thales/server/testClientCa';
  const { pem, certs } = await readCertificates(reader, raw.cert, `${field}/cert`);
  const { keyObject } = await readPrivateKey(reader, raw, field);
  if (!certs[0]!.ca)
    reader.fail('is not a CA certificate (basicConstraints cA is not true)', `${field}/cert`);
  if (!certs[0]!.checkPrivateKey(keyObject))
    reader.fail('does not match the CA certificate in cert', `${field}/key`);
  return issuerFromPem(pem, keyObject);
}

export async function resolveThales(
  reader: ProfileReader,
  raw: ThalesTSHConnectivity,
): Promise<ThalesTarget> {
  return {
    ...(raw.tspId ? { tspId: raw.tspId } : {}),
    csrs: await readCsrs(reader, raw),
    ...(raw.client ? { client: await readClient(reader, raw.client) } : {}),
    ...(raw.server ? { server: await readServer(reader, raw.server) } : {}),
  };
}
