import { createClientAssertion } from '../jose/client-assertion.js';
import { createDpopProof, generateDpopKey, htuOf } from '../jose/dpop.js';
import { signCompact } from '../jose/jws.js';
import { parsePrivateKey } from '../jose/keys.js';
import { accessTokenHash, jwkThumbprint } from '../jose/thumbprint.js';

/** The signing Attesta's PDND suites do, for checks of your own (vouchers, client assertions, DPoP). */
export const signers = {
  /** A PEM private key (PKCS#8, RSA or EC) as a signing key pair. */
  parsePrivateKey,
  /** A compact JWS over the given header and claims. */
  signCompact,
  /** The client assertion of a PDND voucher request (RFC 7523). */
  createClientAssertion,
  /** A fresh DPoP key pair, and a proof for one request (RFC 9449). */
  generateDpopKey,
  createDpopProof,
  htuOf,
  jwkThumbprint,
  accessTokenHash,
};

export type Signers = typeof signers;
