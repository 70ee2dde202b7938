import type { Descriptions, Switch } from '../part.js';

/** Each fault breaks one Thales TSH rule. */
export const THALES_FAULTS = {
  'thales.csr-rsa-2048': 'the PPR CSR has an RSA 2048-bit key (TH-CSR-01)',
  'thales.csr-sha1': 'the PPR CSR is signed with ecdsa-with-SHA1 (TH-CSR-02)',
  'thales.csr-bad-signature': "the PPR CSR's signature does not verify (TH-CSR-02)",
  'thales.csr-cn-wrong-key-word': 'the PPR CSR has an EC key but its CN says TLSMA-RSA (TH-CSR-03)',
  'thales.csr-cn-wrong-tspid': "the PPR CSR's CN carries another tspId (TH-CSR-03)",
  'thales.csr-cn-wrong-env': "the PPR CSR's CN says TSP.PRD (TH-CSR-03)",
  'thales.csr-missing-ou': 'the PPR CSR has no OU in its subject (TH-CSR-04)',
  'thales.csr-same-key': 'the PPR and PRD CSRs carry the same key (TH-CSR-05)',
  'thales.tls11-accepted': 'the TSP server also accepts TLS 1.1 (TH-OUT-01)',
  'thales.mtls-not-required': 'the TSP server serves a request without a client certificate (TH-OUT-02)',
  'thales.server-port-9443': 'the TSP server URL is on port 9443 (TH-OUT-03)',
  'thales.client-cert-pinned':
    'the TSP server serves only the one client certificate it knows, refusing a fresh one from the trusted CA (TH-OUT-04)',
  'thales.any-client-ca': 'the TSP server accepts a client certificate from any CA (TH-OUT-04)',
  'thales.chain-without-intermediate': 'the TSP server sends its leaf without the intermediate (TH-OUT-05)',
  'thales.client-cert-wrong-ca':
    "the TSP's client certificate is signed by a CA with the Thales CA's name but another key (TH-IN-01)",
  'thales.client-cert-expired': "the TSP's client certificate expired yesterday (TH-IN-01)",
  'thales.client-key-mismatch': "the TSP's client key is not the certificate's (TH-IN-01)",
} as const satisfies Descriptions;

/** Behaviours that break no rule: a compliant one, or ones that leave a rule undecidable. */
export const THALES_VARIANTS = {
  'thales.server-on-8443':
    'compliant: the TSP server URL is on port 8443 (a WARN under TH-OUT-03: 443 is preferred)',
  'thales.server-down': 'nothing listens at the TSP server: its live ids are INCONCLUSIVE',
  'thales.tls13-only':
    'the TSP server speaks only TLS 1.3, whose Certificate message is encrypted: TH-OUT-05 is INCONCLUSIVE',
  'thales.no-test-ca':
    'the profile gives no test client CA: TH-OUT-04 cannot issue a fresh certificate (WARN, not a full PASS)',
} as const satisfies Descriptions;

export type ThalesSwitch = Switch<typeof THALES_FAULTS & typeof THALES_VARIANTS>;
