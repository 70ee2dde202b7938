import { X509Certificate } from 'node:crypto';
import { issueCertificate, issuerOf, type Issued } from '../../x509/issue.js';
import { TSP_ID } from './csrs.js';
import type { ThalesSwitch } from './faults.js';

/** The host name of the TSP server; the profile maps it to 127.0.0.1 with `address`. */
export const TSP_HOST = 'tsp.thales.attesta.test';

const DAY = 86_400_000;

/**
 * The certificates of the Thales-like pair: the TSP server's chain (root, intermediate, leaf);
 * the "Thales client CA" the server trusts, with the client certificate Thales calls with (the
 * positive control) and a test client CA trusted alike (TH-OUT-04 issues from it); the "Thales
 * CA" that signed the TSP's own client certificate for calling Thales (TH-IN-01).
 */
export interface ThalesPki {
  serverRoot: Issued;
  serverIntermediate: Issued;
  server: Issued;
  thalesClientCa: Issued;
  thalesClient: Issued;
  testClientCa: Issued;
  thalesCa: Issued;
  tspClient: Issued;
  /** The key the profile pairs with tspClient: its own, or another under the key-mismatch fault. */
  tspClientKeyPem: string;
}

/** The TSP's client certificate for calling Thales, as the TH-IN-01 faults make it. */
async function tspClient(thalesCa: Issued, on: ThalesSwitch): Promise<Issued> {
  const subject = `CN=TLSMA-ECDSA/${TSP_ID}/TSH/TSP.PPR, OU=Tokenization, O=Attesta Reference TSP, L=Roma, ST=Lazio, C=IT`;
  // A CA with the Thales CA's name and key id but its own key: only the signature tells them apart.
  const issuer = on('thales.client-cert-wrong-ca') ? await twinOf(thalesCa) : thalesCa;
  const expired = on('thales.client-cert-expired');
  return issueCertificate({
    subject,
    issuer,
    usage: 'client',
    ...(expired ? { notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) } : {}),
  });
}

/** A CA with the same name and key id as `ca`, read off a certificate it issued, and a key of its own. */
async function twinOf(ca: Issued): Promise<Issued> {
  const child = await issueCertificate({ subject: 'CN=probe', issuer: ca });
  const { name, keyId } = issuerOf(new X509Certificate(Buffer.from(child.cert.rawData)));
  return issueCertificate({ subject: name, ca: true, ...(keyId ? { subjectKeyId: keyId } : {}) });
}

export async function createPki(on: ThalesSwitch): Promise<ThalesPki> {
  const serverRoot = await issueCertificate({
    subject: 'CN=Attesta TSP Root CA, O=Attesta Reference TSP',
    ca: true,
  });
  const serverIntermediate = await issueCertificate({
    subject: 'CN=Attesta TSP Server CA, O=Attesta Reference TSP',
    ca: true,
    issuer: serverRoot,
  });
  const thalesClientCa = await issueCertificate({
    subject: 'CN=Attesta Thales Client CA (test), O=Attesta',
    ca: true,
  });
  const thalesCa = await issueCertificate({
    subject: 'CN=Attesta Thales TSP CA (test), O=Attesta',
    ca: true,
  });
  const client = await tspClient(thalesCa, on);
  return {
    serverRoot,
    serverIntermediate,
    server: await issueCertificate({
      subject: `CN=${TSP_HOST}, O=Attesta Reference TSP`,
      issuer: serverIntermediate,
      usage: 'server',
      dnsNames: [TSP_HOST],
    }),
    thalesClientCa,
    thalesClient: await issueCertificate({
      subject: 'CN=tsh-client.attesta.test, O=Attesta Thales (test)',
      issuer: thalesClientCa,
      usage: 'client',
    }),
    testClientCa: await issueCertificate({
      subject: 'CN=Attesta TSP test client CA, O=Attesta Reference TSP',
      ca: true,
    }),
    thalesCa,
    tspClient: client,
    tspClientKeyPem: on('thales.client-key-mismatch')
      ? (await issueCertificate({ subject: 'CN=unrelated key' })).keyPem
      : client.keyPem,
  };
}
