import type { Descriptions, Switch } from '../part.js';

/** Each fault breaks one ConnectPay rule. */
export const CONNECTPAY_FAULTS = {
  'connectpay.mtls-optional': 'the 2-way host serves a request without a client certificate (CP-MTLS-01)',
  'connectpay.one-way-api-on-two-way-host': 'the 2-way host also serves the 1-way API (CP-HOST-01)',
  'connectpay.der-file': 'the chain file is the leaf in DER, not PEM (CP-CHAIN-01)',
  'connectpay.chain-wrong-order':
    'the two intermediates of the chain file are swapped: leaf first, root last, but #2 did not issue #1 (CP-CHAIN-02)',
  'connectpay.root-missing': 'the chain file ends at the issuing CA, without its root (CP-CHAIN-03)',
  'connectpay.self-signed-leaf': 'the chain file is a self-signed leaf (CP-CHAIN-04)',
  'connectpay.lets-encrypt-issued':
    "the leaf is issued by a CA whose name copies Let's Encrypt's (C=US, O=Let's Encrypt, CN=R11) (CP-CHAIN-05)",
  'connectpay.expired': 'the leaf of the chain file expired yesterday (CP-CHAIN-06)',
  'connectpay.revoked': 'the OCSP responder says the leaf is revoked (CP-CHAIN-07)',
  'connectpay.devapp-other-certificate':
    'the DevApp certificate is another certificate with the same CN (another serial) than the one the client presents (CP-CHAIN-08)',
  'connectpay.same-prod-stage': 'the prod and stage files hold the same leaf (CP-CHAIN-09)',
  'connectpay.psd2-role-missing':
    "the leaf's PSD2 QCStatement names PSP_AI only, the target declares PSP_AI and PSP_PI (CP-CHAIN-10)",
  'connectpay.basic-wrong-secret-accepted':
    'the Basic-auth API checks the ClientKey only: a wrong ClientSecret is served (CP-BASIC-01)',
  'connectpay.basic-lenient-base64':
    'the Basic-auth API decodes Base64 leniently, skipping characters outside the alphabet: malformed credentials are served (CP-BASIC-01)',
} as const satisfies Descriptions;

/** Behaviours that break no rule but leave one undecidable. */
export const CONNECTPAY_VARIANTS = {
  'connectpay.ocsp-silent':
    'the OCSP responder takes the connection and never answers: CP-CHAIN-07 inconclusive, naming our timeout',
  'connectpay.ocsp-unsigned':
    "the OCSP responder signs its answers with a key that is not the issuer's: CP-CHAIN-07 inconclusive",
  'connectpay.ocsp-other-certificate':
    'the OCSP responder answers "good" about another serial number: CP-CHAIN-07 inconclusive',
} as const satisfies Descriptions;

export type ConnectPaySwitch = Switch<typeof CONNECTPAY_FAULTS & typeof CONNECTPAY_VARIANTS>;
