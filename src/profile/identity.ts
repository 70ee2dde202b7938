import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { recentlyUsed } from '../core/recent.js';
import type { X509Certificate } from 'node:crypto';
import type { ProfileReader } from './load.js';
import { parseCertificates } from '../x509/pem.js';
import type { ClientIdentityPem } from '../tls/probe.js';

/** Reads a PEM file of certificates; an empty or unparsable file is a configuration error naming the field. */
export async function readCertificates(
  reader: ProfileReader,
  ref: string,
  field: string,
): Promise<{ pem: string; certs: X509Certificate[] }> {
  const pem = (await reader.file(ref, field)).toString('utf8');
  let certs: X509Certificate[];
  try {
    certs = parseCertificates(pem);
  } catch (e) {
    return reader.fail(`${(e as Error).message}`, field);
  }
  if (!certs.length) reader.fail('holds no PEM CERTIFICATE block', field);
  return { pem, certs };
}

/**
 * A profile's `trust` for a server certificate: "public" (or absent) means Node's public root
 * store (undefined), else a PEM file of CA certificates, checked to hold certificates.
 */
export async function readTrust(
  reader: ProfileReader,
  trust: unknown,
  field: string,
): Promise<string[] | undefined> {
  if (typeof trust !== 'string' || trust === 'public') return undefined;
  return [(await readCertificates(reader, trust, field)).pem];
}

/**
 * The targets of a run often share one client key (an intermediary's): it is parsed once while in
 * use. Keyed by a digest, so the cache holds no copy of the key text.
 */
const keys = recentlyUsed<KeyObject>(64);

function parsedKey(key: string, passphrase: string | undefined): KeyObject {
  const digest = createHash('sha256')
    .update(key)
    .update('\0')
    .update(passphrase ?? '')
    .digest('base64');
  return keys(digest, () => createPrivateKey({ key, passphrase }));
}

/** A private key (secret reference) and its passphrase, read and parsed; an unreadable key is a configuration error naming the field. */
export async function readPrivateKey(
  reader: ProfileReader,
  block: { key: string; passphrase?: string },
  field: string,
): Promise<{ key: string; passphrase?: string; keyObject: KeyObject }> {
  const key = await reader.secret(block.key, `${field}/key`);
  const passphrase = block.passphrase
    ? await reader.secret(block.passphrase, `${field}/passphrase`)
    : undefined;
  try {
    return { key, ...(passphrase ? { passphrase } : {}), keyObject: parsedKey(key, passphrase) };
  } catch (e) {
    const encrypted = /BEGIN ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(key);
    if (encrypted && !passphrase) {
      return reader.fail('is an encrypted key: give its passphrase (passphrase: env:NAME)', `${field}/key`);
    }
    if (encrypted)
      return reader.fail('could not be decrypted with the given passphrase', `${field}/passphrase`);
    return reader.fail(
      `is not a readable private key (${(e as Error).message.split('\n')[0]})`,
      `${field}/key`,
    );
  }
}

/** A client certificate chain and its private key, checked to belong together before anything runs. */
export async function readClientIdentity(
  reader: ProfileReader,
  block: { cert: string; key: string; passphrase?: string },
  field: string,
): Promise<ClientIdentityPem & { leaf: X509Certificate }> {
  const { pem, certs } = await readCertificates(reader, block.cert, `${field}/cert`);
  const { key, passphrase, keyObject } = await readPrivateKey(reader, block, field);
  const leaf = certs[0]!;
  if (!leaf.checkPrivateKey(keyObject))
    reader.fail('does not match the public key of the first certificate in cert', `${field}/key`);
  return { cert: pem, key, ...(passphrase ? { passphrase } : {}), leaf };
}
