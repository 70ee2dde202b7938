import type { X509Certificate } from 'node:crypto';
import type { Outcome } from '../core/suite.js';
import { issuedBy, oneLine, publicRootStore } from '../x509/chain.js';
import { dnAttribute } from '../x509/names.js';
import { chainEvidence } from './chain-order.js';

/** "Let's Encrypt", however the apostrophe is written. */
const LETS_ENCRYPT = /^let.?s encrypt$/i;
const ISRG = /^internet security research group$/i;

/** The ISRG roots of the public store (Let's Encrypt's roots), by their organisation. */
function isrgRoots(): X509Certificate[] {
  return publicRootStore().filter((r) => dnAttribute(r.subject, 'O').some((o) => ISRG.test(o)));
}

/** Why a certificate counts as issued by Let's Encrypt, or undefined. */
function letsEncryptIssuer(cert: X509Certificate, roots: readonly X509Certificate[]): string | undefined {
  const org = dnAttribute(cert.issuer, 'O').find((o) => LETS_ENCRYPT.test(o) || ISRG.test(o));
  if (org) return `its issuer organisation is "${org}"`;
  const root = roots.find((r) => issuedBy(cert, r) || r.fingerprint256 === cert.fingerprint256);
  return root ? `it is or is signed by the ISRG root "${oneLine(root.subject)}"` : undefined;
}

/**
 * CP-CHAIN-05: no certificate of the chain is issued by Let's Encrypt: by the issuer's
 * organisation (what a CA that copies Let's Encrypt's issuer name also shows) or by an ISRG root
 * of the public store, by name and signature.
 */
export function judgeNotLetsEncrypt(chain: readonly X509Certificate[]): Outcome {
  const roots = isrgRoots();
  const evidence = chainEvidence(chain);
  const found = chain.flatMap((c, i) => {
    const why = letsEncryptIssuer(c, roots);
    return why ? [`#${i + 1} "${oneLine(c.subject)}": ${why}`] : [];
  });
  if (found.length)
    return { finding: 'fail', reason: `Issued by Let's Encrypt: ${found.join('; ')}.`, evidence };
  return {
    finding: 'pass',
    reason: `No certificate of the chain has Let's Encrypt or ISRG as issuer organisation, and none is signed by the ${roots.length} ISRG root(s) of the public store.`,
    evidence,
  };
}
