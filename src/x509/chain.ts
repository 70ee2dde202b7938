import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

interface CertPath {
  /** Leaf first, then each issuer that was used, ending with the trust anchor when one was reached. */
  path: X509Certificate[];
  /** The trust anchor the path ends at, when it validates. */
  anchor?: X509Certificate;
  /** Why no path to an anchor exists, in words a person can act on. */
  problem?: string;
}

export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

export function isSelfIssued(cert: X509Certificate): boolean {
  return issuedBy(cert, cert);
}

const MAX_DEPTH = 10;

/**
 * Builds a certification path from the leaf through the certificates the peer served to one of
 * the anchors, checking names and signatures (not validity dates, which are a requirement of
 * their own). Only served certificates are used: a chain that validates only thanks to an
 * intermediate the client happens to have is incomplete as served.
 */
export function buildPath(served: readonly X509Certificate[], anchors: readonly X509Certificate[]): CertPath {
  const leaf = served[0];
  if (!leaf) return { path: [], problem: 'no certificate was served' };
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a));
    if (anchor) {
      if (anchor.fingerprint256 !== current.fingerprint256) path.push(anchor);
      return { path, anchor };
    }
    if (isSelfIssued(current)) {
      return {
        path,
        problem:
          current === leaf
            ? 'the leaf certificate is self-signed and is not a trust anchor'
            : `the chain ends at the root "${oneLine(current.subject)}", which is not a trust anchor`,
      };
    }
    const next = served.find((c) => !path.includes(c) && issuedBy(current, c));
    if (next && !next.ca) {
      return {
        path,
        problem: `"${oneLine(next.subject)}" signed "${oneLine(current.subject)}" but is not a CA certificate (basicConstraints cA is not true), so it cannot be an issuer`,
      };
    }
    if (!next) {
      return {
        path,
        problem: `the issuer of "${oneLine(current.subject)}" ("${oneLine(current.issuer)}") was not served and is not a trust anchor: the chain is incomplete or untrusted`,
      };
    }
    path.push(next);
    current = next;
  }
  return { path, problem: `the chain is longer than ${MAX_DEPTH} certificates` };
}

export function oneLine(dn: string): string {
  return dn.replace(/\n/g, ', ');
}

let publicRoots: X509Certificate[] | undefined;

/** The public (Mozilla/CCADB) root store shipped with Node.js. */
export function publicRootStore(): X509Certificate[] {
  publicRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return publicRoots;
}
