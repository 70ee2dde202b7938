import { buildPath, publicRootStore } from '../x509/chain.js';
import { matchesHostname } from '../x509/hostname.js';
import { issueCertificate } from '../x509/issue.js';
import { commonNames, describeCertificate, dnsNames } from '../x509/names.js';
import { parseCertificates, toPem } from '../x509/pem.js';

/** Attesta's certificate helpers, for checks of your own. */
export const x509 = {
  /** Every PEM CERTIFICATE block of a text, parsed (node:crypto X509Certificate). */
  parseCertificates,
  toPem,
  /** The path from a served chain to one of the anchors, with what is missing or wrong. */
  buildPath,
  /** Node's public root store as certificates. */
  publicRootStore,
  matchesHostname,
  commonNames,
  dnsNames,
  /** Subject, issuer, validity, serial and key of a certificate, for evidence. */
  describeCertificate,
  /** Issues a test certificate (a client certificate from your test CA, say). */
  issueCertificate,
};

export type X509Helpers = typeof x509;
