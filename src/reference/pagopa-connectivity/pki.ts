import { issueCertificate, type IssueOptions, type Issued } from '../../x509/issue.js';

const DAY = 86_400_000;

export const HOSTS = {
  primary: 'primary.ente.attesta.test',
  secondary: 'dr.ente.attesta.test',
  platform: 'api.platform.attesta.test',
  /** A single-label host name: a URL with it is not an FQDN. */
  bareHost: 'ente',
} as const;

/** Server certificate variants, each for one fault of the reference (or the conformant default). */
export type ServerVariant =
  'good' | 'wrong-cn' | 'no-san' | 'expired' | 'expiring' | 'untrusted' | 'bare-host';

/**
 * The reference's test PKI, generated at every start: a server CA hierarchy (root, intermediate),
 * a client CA for the entity's test client, a stand-in for pagoPA's forwarder chain, and an
 * unrelated root for the "untrusted server CA" fault.
 */
export interface ReferencePki {
  serverRoot: Issued;
  serverCa: Issued;
  server(host: string, variant: ServerVariant): Promise<Issued>;
  clientCa: Issued;
  client: Issued;
  expiredClient: Issued;
  platformRoot: Issued;
  platformCa: Issued;
  forwarder: Issued;
  otherRoot: Issued;
  otherCa: Issued;
}

/** Each server leaf variant: its subject, names and validity (issuer and usage are common). */
const SERVER_LEAVES: Record<ServerVariant, (host: string, now: number) => Omit<IssueOptions, 'issuer'>> = {
  good: (host) => ({ subject: `CN=${host}`, dnsNames: [host] }),
  'wrong-cn': (host) => ({ subject: 'CN=other.attesta.test', dnsNames: [host, 'other.attesta.test'] }),
  'no-san': (host) => ({ subject: `CN=${host}` }),
  expired: (host, now) => ({
    subject: `CN=${host}`,
    dnsNames: [host],
    notBefore: new Date(now - 400 * DAY),
    notAfter: new Date(now - DAY),
  }),
  expiring: (host, now) => ({ subject: `CN=${host}`, dnsNames: [host], notAfter: new Date(now + 10 * DAY) }),
  /** Issued by the unrelated CA. */
  untrusted: (host) => ({ subject: `CN=${host}`, dnsNames: [host] }),
  'bare-host': () => ({ subject: `CN=${HOSTS.bareHost}`, dnsNames: [HOSTS.bareHost] }),
};

/**
 * `hostileName`: text with control and bidirectional characters in the root CA's common name (the
 * hostile-text variant), which reasons quote.
 */
export async function createPki(hostileName = ''): Promise<ReferencePki> {
  const serverRoot = await issueCertificate({
    subject: `CN=Attesta Reference Root CA${hostileName}, O=Attesta, C=IT`,
    ca: true,
  });
  const [serverCa, clientCa, platformRoot, otherRoot] = await Promise.all([
    issueCertificate({
      subject: 'CN=Attesta Reference Server CA, O=Attesta, C=IT',
      ca: true,
      issuer: serverRoot,
    }),
    issueCertificate({ subject: 'CN=Attesta Reference Client CA, O=Attesta, C=IT', ca: true }),
    issueCertificate({ subject: 'CN=Attesta Reference Platform Root, O=Attesta, C=IT', ca: true }),
    issueCertificate({ subject: 'CN=Unrelated Root CA, O=Nobody, C=IT', ca: true }),
  ]);
  const [platformCa, otherCa, client, expiredClient] = await Promise.all([
    issueCertificate({
      subject: 'CN=Attesta Reference Platform Issuing CA, O=Attesta, C=IT',
      ca: true,
      issuer: platformRoot,
    }),
    issueCertificate({ subject: 'CN=Unrelated Server CA, O=Nobody, C=IT', ca: true, issuer: otherRoot }),
    issueCertificate({
      subject: 'CN=client.ente.attesta.test, O=Ente di prova, C=IT',
      issuer: clientCa,
      usage: 'client',
    }),
    issueCertificate({
      subject: 'CN=client.ente.attesta.test, O=Ente di prova, C=IT',
      issuer: clientCa,
      usage: 'client',
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 30 * DAY),
    }),
  ]);
  const forwarder = await issueCertificate({
    subject: 'CN=forwarder.platform.attesta.test, O=Attesta, C=IT',
    issuer: platformCa,
    usage: 'client',
  });

  const server = (host: string, variant: ServerVariant): Promise<Issued> =>
    issueCertificate({
      issuer: variant === 'untrusted' ? otherCa : serverCa,
      usage: 'server',
      ...SERVER_LEAVES[variant](host, Date.now()),
    });
  return {
    serverRoot,
    serverCa,
    server,
    clientCa,
    client,
    expiredClient,
    platformRoot,
    platformCa,
    forwarder,
    otherRoot,
    otherCa,
  };
}
