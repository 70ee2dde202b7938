import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { ConfigError } from '../core/errors.js';
import { parsePrivateKey, signingAlg, type SigningKeyPair } from '../jose/keys.js';
import { hasPrivateMembers } from '../jose/private-jwk.js';
import { readProfileFile, UnreadableFile } from '../profile/files.js';

/** The key a manifest is signed with, read from `--sign-key`. */
export interface ManifestSigningKey {
  readonly privateKey: KeyObject;
  readonly alg: SigningKeyPair['alg'];
  /** RFC 7638 thumbprint of the public key: names the key in the JWS header, reveals nothing. */
  readonly kid: string;
}

/** Reads a file named on the command line with the limits of profile files; errors name the option, never the content. */
async function readOptionFile(file: string, option: string): Promise<string> {
  try {
    return (await readProfileFile(file, 'file')).toString('utf8');
  } catch (e) {
    if (e instanceof UnreadableFile) throw new ConfigError(e.about(file), undefined, option);
    throw e;
  }
}

/**
 * `--sign-key env:NAME` or `--sign-key file:PATH`: a PEM or JWK private key (RSA or EC P-256).
 * A key is never taken inline, and no message quotes what the option holds.
 */
export async function loadSigningKey(ref: string): Promise<ManifestSigningKey> {
  const option = '--sign-key';
  let text: string;
  if (ref.startsWith('env:')) {
    const name = ref.slice('env:'.length);
    const value = process.env[name];
    if (!value) throw new ConfigError(`environment variable ${name} is not set`, undefined, option);
    text = value;
  } else if (ref.startsWith('file:')) {
    text = await readOptionFile(ref.slice('file:'.length), option);
  } else {
    throw new ConfigError('must be env:NAME or file:PATH (a key is never given inline)', undefined, option);
  }
  try {
    const { privateKey, publicJwk, alg } = await parsePrivateKey(text);
    return { privateKey, alg, kid: await calculateJwkThumbprint(publicJwk, 'sha256') };
  } catch (e) {
    throw new ConfigError(`holds a key that cannot sign: it ${(e as Error).message}`, undefined, option);
  }
}

/**
 * `attesta verify --key FILE`: a public key (PEM, an X.509 certificate, or a JWK). A private key
 * is refused: it has no business on the auditor's side.
 */
export async function loadVerificationKey(file: string): Promise<KeyObject> {
  const option = '--key';
  const text = (await readOptionFile(file, option)).trim();
  let key: KeyObject;
  try {
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as import('node:crypto').JsonWebKey;
      if (hasPrivateMembers(jwk))
        throw new ConfigError('is a private key: give the public key', file, option);
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } else {
      if (text.includes('PRIVATE KEY-----'))
        throw new ConfigError('is a private key: give the public key', file, option);
      key = createPublicKey(text);
    }
    signingAlg(key);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError('is not an RSA or EC P-256 public key (PEM, certificate or JWK)', file, option);
  }
  return key;
}
