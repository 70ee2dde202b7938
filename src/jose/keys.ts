import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';

/** A private signing key read from a profile: a JWK (JSON) or a PEM (PKCS#8 or PKCS#1). */
interface SigningKeyPair {
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
  const type = privateKey.asymmetricKeyType;
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  let alg: SigningKeyPair['alg'];
  if (type === 'rsa') alg = 'RS256';
  else if (type === 'ec' && curve === 'prime256v1') alg = 'ES256';
  else throw new Error(`is a ${type ?? 'unknown'} key; an RSA or EC P-256 key is needed`);
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  return { privateKey, publicJwk, alg };
}
