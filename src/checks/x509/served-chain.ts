import type { X509Certificate } from 'node:crypto';
import { certificateOf } from '../../x509/pem.js';
import type { TlsProbeResult } from '../../tls/probe.js';

export interface ServedChain {
  certificates: X509Certificate[];
  /** Where the certificates were read: a TLS 1.2 Certificate message, or TLS 1.3's decrypted one. */
  source: 'wire' | 'node';
  note: string;
}

/**
 * The chain as the server sent it: from the plaintext Certificate message of a TLS 1.2 (or older)
 * handshake when any probe saw one; otherwise, for servers that speak only TLS 1.3 (where that
 * message is encrypted), the certificates as OpenSSL decrypted them, said so in the evidence.
 */
export function servedChain(probes: readonly TlsProbeResult[]): ServedChain | undefined {
  const wire = probes.find((p) => p.flight.certificates?.length);
  if (wire) {
    return {
      certificates: wire.flight.certificates!.map(certificateOf),
      source: 'wire',
      note: `read from the ${wire.flight.serverHello?.version ?? 'TLS'} Certificate message, in the order sent`,
    };
  }
  const node = probes.find((p) => p.peerChain?.length);
  if (node) {
    return {
      certificates: node.peerChain!,
      source: 'node',
      note: 'the server speaks only TLS 1.3, where the Certificate message is encrypted on the wire: these are the certificates as our TLS stack decrypted them, not a TLS 1.2 Certificate message',
    };
  }
  return undefined;
}
