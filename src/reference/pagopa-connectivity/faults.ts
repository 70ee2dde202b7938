import type { Descriptions, Switch } from '../part.js';

/** Each fault breaks one pagoPA rule. */
export const PAGOPA_FAULTS = {
  'pagopa.tls11-accepted': 'both sites also accept TLS 1.1 (PAGOPA-TLS-01)',
  'pagopa.secondary-tls11-accepted':
    'only the secondary site accepts TLS 1.1 (PAGOPA-TLS-01 there, PAGOPA-DR-01)',
  'pagopa.client-cert-optional': 'a request without a client certificate is served (PAGOPA-MTLS-01)',
  'pagopa.any-client-ca': 'a client certificate from any CA is accepted (PAGOPA-MTLS-02)',
  'pagopa.client-issuer-name-only':
    "a client certificate is trusted when its issuer's name and key id match a trusted CA, without verifying its signature (PAGOPA-MTLS-02)",
  'pagopa.expired-client-accepted':
    'an expired client certificate from the trusted CA is accepted (PAGOPA-MTLS-02)',
  'pagopa.no-platform-ca':
    'the platform client CA is neither trusted nor named in the CertificateRequest (PAGOPA-MTLS-03)',
  'pagopa.untrusted-server-ca':
    'the server certificate comes from a CA that is not the declared private CA (PAGOPA-CERT-01)',
  'pagopa.missing-intermediate': 'the leaf is served without its intermediate (PAGOPA-CERT-01)',
  'pagopa.wrong-cn': 'the server certificate CN is another name, the SAN still has the FQDN (PAGOPA-CERT-02)',
  'pagopa.no-san': 'the server certificate has the FQDN as CN but no subjectAltName (PAGOPA-CERT-02)',
  'pagopa.expired-certificate': 'the server certificate expired yesterday (PAGOPA-CERT-03)',
  'pagopa.expiring-certificate': 'the server certificate expires in 10 days (a WARN under PAGOPA-CERT-03)',
  'pagopa.url-without-fqdn': 'the primary site URL uses the single-label host "ente" (PAGOPA-URL-01)',
  'pagopa.apikey-missing-accepted': 'a call without the api-key header is served (PAGOPA-APIKEY-01)',
  'pagopa.apikey-revoked-accepted': 'the revoked api-key is still accepted (PAGOPA-APIKEY-02)',
  'pagopa.apikey-empty-accepted': 'an empty api-key is accepted (PAGOPA-APIKEY-02)',
  'pagopa.apikey-prefix-match':
    "a key that shares the primary key's first 24 characters is accepted (PAGOPA-APIKEY-02)",
  'pagopa.apikey-wrong-403': 'a wrong api-key is answered 403 instead of 401 (PAGOPA-APIKEY-02)',
  'pagopa.apikey-not-checked': 'the api-key is not checked at all (PAGOPA-APIKEY-01 and -02)',
  'pagopa.secondary-key-rejected': 'the secondary api-key is refused (PAGOPA-APIKEY-03)',
  'pagopa.platform-tls11-only': 'the payment node endpoint speaks only TLS 1.1 (PAGOPA-SRV-01)',
  'pagopa.secondary-site-down': 'nothing listens at the secondary site (PAGOPA-REACH-01 there, PAGOPA-DR-01)',
} as const satisfies Descriptions;

/** Behaviours that break no rule: compliant ones, or one that leaves a rule undecidable. */
export const PAGOPA_VARIANTS = {
  'pagopa.platform-rate-limited':
    'compliant: the first call to the payment node is answered 429 with Retry-After: 1',
  'pagopa.tls-terminator':
    'compliant: client certificates are refused with HTTP 400 after the handshake, as nginx does',
  'pagopa.secondary-key-redirected':
    "the payment node redirects the secondary key's request to another origin: APIKEY-03 inconclusive, naming where, and the key is not sent there",
  'pagopa.platform-redirects-same-origin':
    'compliant: the payment node and the entity endpoint move every request once on the same origin (307), which a client follows',
  'pagopa.oversized-control-header':
    "the entity endpoint's served answer carries an 80 KiB header, beyond our probe's 64 KiB cap: REACH-01 and the mTLS ids are inconclusive, naming the limit",
  'pagopa.silent-without-certificate':
    'a request without a client certificate is never answered: refusal cannot be shown (PAGOPA-MTLS-01 inconclusive)',
  'pagopa.platform-echoes-key':
    'compliant: the payment node quotes the api-key it received in the detail of each refusal and in WWW-Authenticate',
  'pagopa.hostile-text':
    "compliant: control and bidirectional characters (C0, C1, U+202E, U+2066) in refusals' body and WWW-Authenticate and in the server root CA's name",
} as const satisfies Descriptions;

export type PagopaSwitch = Switch<typeof PAGOPA_FAULTS & typeof PAGOPA_VARIANTS>;
