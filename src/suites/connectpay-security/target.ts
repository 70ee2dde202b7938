import type { X509Certificate } from 'node:crypto';
import { siteOf } from '../../core/site.js';
import type { Site } from '../../core/suite.js';
import type { ConnectPay } from '../../profile/blocks.generated.js';
import type { ProfileReader } from '../../profile/load.js';
import { readCertificates, readClientIdentity, readTrust } from '../../profile/identity.js';
import type { ClientIdentityPem } from '../../tls/probe.js';
import { readCertificateFile, type CertificateFile } from '../../material/certificate-file.js';
import type { Psd2Role } from '../../material/asn1-types.js';
import type { BasicAuthServiceInput } from '../../capabilities/basic-auth.js';

/** A ConnectPay host as the client calls it: where, which anchors, and the API requested there. */
export interface ConnectPayHost {
  site: Site;
  url: URL;
  /** PEM anchors; undefined means the public root store. */
  ca?: string[];
  expectStatus?: number[];
}

/** The `connectpay` block of a target profile, with every file and secret read. */
export interface ConnectPayTarget {
  certificates: {
    chain: CertificateFile;
    /** The field each file came from, for reasons. */
    devApp?: CertificateFile;
    prod?: CertificateFile;
    stage?: CertificateFile;
    psd2Roles?: Psd2Role[];
    expiryWarningDays: number;
    testTrustAnchors: X509Certificate[];
    checkRevocation: boolean;
  };
  twoWay?: ConnectPayHost & { identity: ClientIdentityPem & { leaf: X509Certificate } };
  oneWay?: ConnectPayHost;
  basicAuth?: BasicAuthServiceInput;
}

const FIELD = '/connectpay';

/** A certificate file read raw (size-limited, never parsed leniently): its format is CP-CHAIN-01's to judge. */
async function certificateFile(reader: ProfileReader, ref: string, field: string): Promise<CertificateFile> {
  return readCertificateFile(ref.replace(/^file:/, ''), await reader.file(ref, field));
}

async function host(
  reader: ProfileReader,
  name: string,
  raw: { url: string; address?: string; trust?: string; expectStatus?: number[] },
  field: string,
): Promise<ConnectPayHost> {
  const site = siteOf(name, raw);
  if (!site.url) reader.fail(`"${raw.url}" is not a URL`, `${field}/url`);
  return {
    site,
    url: site.url!,
    ...(await readTrust(reader, raw.trust, `${field}/trust`).then((ca) => (ca ? { ca } : {}))),
    ...(raw.expectStatus ? { expectStatus: raw.expectStatus } : {}),
  };
}

async function resolveCertificates(reader: ProfileReader, c: ConnectPay['certificates']) {
  const f = `${FIELD}/certificates`;
  const optional = async (ref: string | undefined, name: string) =>
    ref ? { [name]: await certificateFile(reader, ref, `${f}/${name}`) } : {};
  return {
    chain: await certificateFile(reader, c.chain, `${f}/chain`),
    ...(await optional(c.devApp, 'devApp')),
    ...(await optional(c.prod, 'prod')),
    ...(await optional(c.stage, 'stage')),
    ...(c.psd2Roles ? { psd2Roles: [...c.psd2Roles] } : {}),
    expiryWarningDays: c.expiryWarningDays ?? 30,
    testTrustAnchors: c.testTrustAnchors
      ? (await readCertificates(reader, c.testTrustAnchors, `${f}/testTrustAnchors`)).certs
      : [],
    checkRevocation: c.checkRevocation ?? true,
  };
}

async function resolveBasicAuth(
  reader: ProfileReader,
  b: NonNullable<ConnectPay['basicAuth']>,
): Promise<BasicAuthServiceInput> {
  const f = `${FIELD}/basicAuth`;
  const { url } = await host(reader, 'basic-auth', b, f);
  return {
    url: b.request?.path ? new URL(b.request.path, url) : url,
    ...(b.address ? { address: b.address } : {}),
    ...(await readTrust(reader, b.trust, `${f}/trust`).then((ca) => (ca ? { ca } : {}))),
    request: {
      method: b.request?.method ?? 'GET',
      headers: b.request?.headers ?? {},
      ...(b.request?.body !== undefined ? { body: b.request.body } : {}),
    },
    ...(b.acceptStatus ? { acceptStatus: b.acceptStatus } : {}),
    credentials: {
      key: await reader.secret(b.clientKey, `${f}/clientKey`),
      secret: await reader.secret(b.clientSecret, `${f}/clientSecret`),
    },
  };
}

export async function resolveConnectPay(reader: ProfileReader, raw: ConnectPay): Promise<ConnectPayTarget> {
  const target: ConnectPayTarget = { certificates: await resolveCertificates(reader, raw.certificates) };
  if (raw.twoWay) {
    const f = `${FIELD}/twoWay`;
    target.twoWay = {
      ...(await host(reader, 'two-way', raw.twoWay, f)),
      identity: await readClientIdentity(reader, raw.twoWay.clientCertificate, `${f}/clientCertificate`),
    };
  }
  if (raw.oneWay) target.oneWay = await host(reader, 'one-way', raw.oneWay, `${FIELD}/oneWay`);
  if (raw.basicAuth) target.basicAuth = await resolveBasicAuth(reader, raw.basicAuth);
  return target;
}

/** The request line of a host's configured API: its path and query. */
export const apiPath = (h: ConnectPayHost) => h.url.pathname + h.url.search;
