import type { X509Certificate } from 'node:crypto';
import type { Outcome } from '../core/suite.js';
import { oneLine } from '../x509/chain.js';

/** The DER of a certificate's public key (SubjectPublicKeyInfo): equal keys, equal bytes. */
function spki(cert: X509Certificate): Buffer {
  return cert.publicKey.export({ type: 'spki', format: 'der' });
}

/**
 * CP-CHAIN-09: where prod and stage are both configured, their leaves differ, and so do their
 * keys (a new certificate for the same key pair is still one key in two environments).
 */
export function judgeProdStageSeparation(
  prod: X509Certificate | undefined,
  stage: X509Certificate | undefined,
): Outcome {
  if (!prod || !stage)
    return {
      finding: 'not-applicable',
      reason: `${prod ? 'Only prod is' : stage ? 'Only stage is' : 'Neither prod nor stage is'} configured: the rule compares the two (certificates.prod and certificates.stage).`,
      evidence: [],
    };
  const evidence = [
    {
      label: 'prod leaf',
      outcome: oneLine(prod.subject),
      finding: 'info' as const,
      details: { serialNumber: prod.serialNumber, sha256: prod.fingerprint256 },
    },
    {
      label: 'stage leaf',
      outcome: oneLine(stage.subject),
      finding: 'info' as const,
      details: { serialNumber: stage.serialNumber, sha256: stage.fingerprint256 },
    },
  ];
  if (prod.fingerprint256 === stage.fingerprint256)
    return { finding: 'fail', reason: 'Prod and stage use the same leaf certificate.', evidence };
  if (spki(prod).equals(spki(stage)))
    return {
      finding: 'fail',
      reason: 'Prod and stage leaves are different certificates of the same key pair.',
      evidence,
    };
  return {
    finding: 'pass',
    reason: 'Prod and stage leaves are different certificates with different keys.',
    evidence,
  };
}
