import type { KeyObject } from 'node:crypto';
import { base64url, CompactSign, compactVerify } from 'jose';
import { signingAlg } from '../jose/keys.js';
import type { ManifestSigningKey } from './signing-key.js';

/**
 * The manifest's signature: a compact JWS with a detached payload (RFC 7515 appendix F),
 * `header..signature`, whose payload is the bytes of manifest.json as written. The manifest stays
 * plain JSON a person reads; the signature covers it byte for byte.
 */
export async function signManifest(manifest: Uint8Array, key: ManifestSigningKey): Promise<string> {
  const jws = await new CompactSign(manifest)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'attesta-manifest+jws' })
    .sign(key.privateKey);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

/** True when the detached JWS signs these manifest bytes with this public key (its algorithm only). */
export async function manifestSignatureValid(
  manifest: Uint8Array,
  detached: string,
  publicKey: KeyObject,
): Promise<boolean> {
  const [header, payload, signature, ...rest] = detached.trim().split('.');
  if (header === undefined || payload !== '' || signature === undefined || rest.length) return false;
  try {
    await compactVerify(`${header}.${base64url.encode(manifest)}.${signature}`, publicKey, {
      algorithms: [signingAlg(publicKey)],
    });
    return true;
  } catch {
    return false;
  }
}
