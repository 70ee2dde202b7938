import type { X509Certificate } from 'node:crypto';
import type { Outcome } from '../core/suite.js';
import { buildPath, oneLine, publicRootStore } from '../x509/chain.js';
import { chainEvidence } from './chain-order.js';

/**
 * CP-CHAIN-04: the leaf is not self-signed and the chain's root is in the public root store
 * (Node's tls.rootCertificates), found by name and signature. A root the profile declares as a
 * test anchor (`testTrustAnchors`: a test bench, the reference target) is a WARN that says so,
 * never a PASS: ConnectPay's rule is a public CA.
 */
export function judgePublicIssuer(
  chain: readonly X509Certificate[],
  testAnchors: readonly X509Certificate[],
  testAnchorsField: string,
): Outcome {
  const evidence = chainEvidence(chain);
  const leaf = chain[0]!;
  // Subject and issuer alike and its own key verifies it: OpenSSL's checkIssued would also ask for
  // keyCertSign, which a self-signed leaf usually lacks.
  if (leaf.subject === leaf.issuer && leaf.verify(leaf.publicKey))
    return { finding: 'fail', reason: `The leaf "${oneLine(leaf.subject)}" is self-signed.`, evidence };
  const roots = publicRootStore();
  const publicPath = buildPath(chain, roots);
  if (publicPath.anchor) {
    evidence.push({
      label: 'public root store',
      outcome: `root "${oneLine(publicPath.anchor.subject)}" found among the ${roots.length} roots of Node's tls.rootCertificates`,
      finding: 'pass',
      details: { sha256: publicPath.anchor.fingerprint256 },
    });
    return {
      finding: 'pass',
      reason: `The chain leads, by name and signature, to "${oneLine(publicPath.anchor.subject)}", a root of the public root store.`,
      evidence,
    };
  }
  const testPath = testAnchors.length ? buildPath(chain, testAnchors) : undefined;
  if (testPath?.anchor) {
    evidence.push({
      label: `test trust anchor (${testAnchorsField})`,
      outcome: `root "${oneLine(testPath.anchor.subject)}" found there, not in the public root store`,
      finding: 'warn',
      details: { sha256: testPath.anchor.fingerprint256 },
    });
    return {
      finding: 'warn',
      reason: `The chain leads to "${oneLine(testPath.anchor.subject)}", a test anchor declared in ${testAnchorsField}, not a root of the public root store: right for a test bench, not for ConnectPay.`,
      evidence,
    };
  }
  return {
    finding: 'fail',
    reason: `The chain does not lead to a root of the public root store: ${publicPath.problem}.`,
    evidence,
  };
}
