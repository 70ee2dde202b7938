import type { X509Certificate } from 'node:crypto';
import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { buildPath, oneLine } from '../../x509/chain.js';
import { describeCertificate } from '../../x509/names.js';
import type { ServedChain } from './served-chain.js';

function servedEvidence(chain: ServedChain): Evidence[] {
  return chain.certificates.map((c, i) => ({
    label: `certificate #${i + 1} as served`,
    outcome: oneLine(c.subject),
    finding: 'info',
    details: describeCertificate(c),
  }));
}

/** The served certificates the path uses, in path order: they must be the wire's second, third... (RFC 5246 7.4.2). */
function outOfOrder(served: readonly X509Certificate[], path: readonly X509Certificate[]): boolean {
  const used = path.slice(1).filter((c) => served.includes(c));
  return used.some((c, i) => served[i + 1] !== c);
}

/**
 * The chain as sent on the wire: leaf first, with every intermediate needed to reach one of the
 * anchors (only served certificates count: a client that lacks the intermediate cannot build the
 * path). Intermediates out of order are a WARN: TLS 1.2 requires the order, many clients repair it.
 */
export function judgeServedOrder(
  chain: ServedChain,
  anchors: readonly X509Certificate[],
  anchorsName: string,
): Outcome {
  const evidence = servedEvidence(chain);
  if (chain.source !== 'wire')
    return {
      finding: 'inconclusive',
      reason: `The order sent on the wire could not be read: ${chain.note}.`,
      evidence,
    };
  const served = chain.certificates;
  const leaf = served[0]!;
  if (leaf.ca)
    return {
      finding: 'fail',
      reason: `The first certificate sent, "${oneLine(leaf.subject)}", is a CA certificate, not the server's leaf.`,
      evidence,
    };
  const { path, anchor, problem } = buildPath(served, anchors);
  if (problem || !anchor)
    return {
      finding: 'fail',
      reason: `The served chain does not reach ${anchorsName}: ${problem ?? 'no path'}.`,
      evidence,
    };
  const names = path.map((c) => `"${oneLine(c.subject)}"`).join(' -> ');
  if (outOfOrder(served, path))
    return {
      finding: 'warn',
      reason: `The chain is complete (${names}) but its intermediates are not sent in issuing order, as TLS 1.2 requires.`,
      evidence,
    };
  return {
    finding: 'pass',
    reason: `Leaf first and complete as sent (${chain.note}): ${names}, reaching ${anchorsName}.`,
    evidence,
  };
}
