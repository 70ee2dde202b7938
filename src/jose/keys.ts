import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';

/** A private signing key read from a profile: a JWK (JSON) or a PEM (PKCS#8 or PKCS#1). */
export interface SigningKeyPair {
  privateKey: KeyObject;
  publicJwk: JWK;
  alg: 'RS256' | 'ES256';
}

/** Throws a message fit for a profile error; never quotes the key itself. */
export async function parsePrivateKey(text: string): Promise<SigningKeyPair> {
  let privateKey: KeyObject;
  const trimmed = text.trim();
  try {
    privateKey = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as import('node:crypto').JsonWebKey, format: 'jwk' })
      : createPrivateKey(trimmed);
  } catch {
    throw new Error('is not a private key in JWK or PEM form');
  }
  const alg = signingAlg(privateKey);
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  return { privateKey, publicJwk, alg };
}

/** The JWS algorithm of a key (private or public): RS256 for RSA, ES256 for EC P-256, else an error. */
export function signingAlg(key: KeyObject): SigningKeyPair['alg'] {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`is a ${type ?? 'unknown'} key; an RSA or EC P-256 key is needed`);
}
