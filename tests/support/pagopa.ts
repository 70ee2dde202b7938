import type { Verdict } from '../../src/core/verdict.js';

/**
 * The verdict of each pagoPA endpoint requirement at a compliant site whose server certificate
 * comes from a test CA declared as private (the reference target, the nginx fixture).
 */
export const COMPLIANT_ENDPOINT_VERDICTS: Readonly<Record<string, Verdict>> = {
  'PAGOPA-TLS-01': 'pass',
  'PAGOPA-MTLS-01': 'pass',
  'PAGOPA-MTLS-02': 'pass',
  'PAGOPA-MTLS-03': 'pass',
  // Issued by the test PKI's root, declared as a private CA: never PASS.
  'PAGOPA-CERT-01': 'warn',
  'PAGOPA-CERT-02': 'pass',
  'PAGOPA-CERT-03': 'pass',
  'PAGOPA-URL-01': 'pass',
  'PAGOPA-REACH-01': 'pass',
};
