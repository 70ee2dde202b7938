import { X509Certificate } from 'node:crypto';
import { recentlyUsed } from '../core/recent.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

interface PemBlock {
  type: string;
  der: Buffer;
}

function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({
    type: m[1]!,
    der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'),
  }));
}

export function toPem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${type}-----\n${b64}\n-----END ${type}-----\n`;
}

/**
 * The same certificates come again and again - a server's chain on every connection, pagoPA's
 * forwarder chain and an intermediary's client certificate in every profile of a run - so each
 * is parsed once while it is in use (X509Certificate is immutable: sharing it is safe).
 */
const parsed = recentlyUsed<X509Certificate>(256);

/** The certificate of these DER bytes. */
export function certificateOf(der: Buffer): X509Certificate {
  return parsed(der.toString('base64'), () => new X509Certificate(der));
}

/** Parses every CERTIFICATE block; throws with the block's position when one is not X.509. */
export function parseCertificates(text: string): X509Certificate[] {
  return pemBlocks(text)
    .filter((b) => b.type === 'CERTIFICATE')
    .map((b, i) => {
      try {
        return certificateOf(b.der);
      } catch (e) {
        throw new Error(`certificate #${i + 1} is not a valid X.509 certificate (${(e as Error).message})`, {
          cause: e,
        });
      }
    });
}
