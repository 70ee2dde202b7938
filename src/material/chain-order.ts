import type { X509Certificate } from 'node:crypto';
import type { Evidence } from '../core/evidence.js';
import type { Outcome } from '../core/suite.js';
import { buildPath, isSelfIssued, oneLine } from '../x509/chain.js';

const position = (i: number) => (i === 0 ? 'the leaf (#1)' : `certificate #${i + 1}`);

/** One line per certificate of the file: position, subject, issuer (never a key). */
export function chainEvidence(chain: readonly X509Certificate[]): Evidence[] {
  return chain.map((c, i) => ({
    label: `#${i + 1}: ${oneLine(c.subject)}`,
    outcome: `issued by ${oneLine(c.issuer)}`,
    finding: 'info',
    details: { serialNumber: c.serialNumber, ca: c.ca, sha256: c.fingerprint256 },
  }));
}

/** The first link i -> i+1 that is broken, by name or by signature. */
function brokenLink(chain: readonly X509Certificate[]): { at: number; why: string } | undefined {
  for (let i = 0; i + 1 < chain.length; i++) {
    const [cert, next] = [chain[i]!, chain[i + 1]!];
    if (!cert.checkIssued(next))
      return {
        at: i,
        why: `its issuer name is "${oneLine(cert.issuer)}", not the subject of #${i + 2} ("${oneLine(next.subject)}")`,
      };
    if (!cert.verify(next.publicKey))
      return { at: i, why: `#${i + 2} has its issuer's name but its key does not verify the signature` };
  }
  return undefined;
}

/** CP-CHAIN-02: certificate i+1 issued certificate i (name and signature), for every i. */
export function judgeOrder(chain: readonly X509Certificate[]): Outcome {
  const evidence = chainEvidence(chain);
  if (chain.length < 2)
    return {
      finding: 'not-applicable',
      reason: 'The file holds one certificate: there is no order to check (completeness is CP-CHAIN-03).',
      evidence,
    };
  const broken = brokenLink(chain);
  if (!broken)
    return {
      finding: 'pass',
      reason: `Each of the ${chain.length} certificates is issued by the next one (name and signature): leaf first.`,
      evidence,
    };
  const reversed = !brokenLink([...chain].reverse());
  return {
    finding: 'fail',
    reason: reversed
      ? 'The chain is in reverse order: each certificate issues the one before it (root first, leaf last).'
      : `${position(broken.at).replace(/^./, (c) => c.toUpperCase())} "${oneLine(chain[broken.at]!.subject)}" is not issued by the certificate after it: ${broken.why}.`,
    evidence,
  };
}

/** CP-CHAIN-03: the last certificate is a self-signed CA, and the path from the leaf to it misses no link. */
export function judgeCompleteness(chain: readonly X509Certificate[]): Outcome {
  const evidence = chainEvidence(chain);
  const last = chain.at(-1)!;
  if (!isSelfIssued(last))
    return {
      finding: 'fail',
      reason: `The root is not included: the last certificate "${oneLine(last.subject)}" is not self-signed (its issuer "${oneLine(last.issuer)}" is missing).`,
      evidence,
    };
  if (!last.ca)
    return {
      finding: 'fail',
      reason: `The last certificate "${oneLine(last.subject)}" is self-signed but not a CA certificate.`,
      evidence,
    };
  if (chain.length === 1)
    return {
      finding: 'fail',
      reason: 'The file holds one self-signed certificate: there is no CA-issued chain.',
      evidence,
    };
  const path = buildPath(chain, [last]);
  if (path.problem) return { finding: 'fail', reason: `A link is missing: ${path.problem}.`, evidence };
  return {
    finding: 'pass',
    reason: `The root "${oneLine(last.subject)}" is included (self-signed CA, last) and every link from the leaf to it is in the file.`,
    evidence,
  };
}
