import { X509Certificate } from 'node:crypto';
import type { TlsProbeResult } from '../../tls/probe.js';

export interface ServedChain {
  certificates: X509Certificate[];
  /** Where the certificates were read: the wire order is authoritative, Node's view is a fallback. */
  source: 'wire' | 'node';
  note: string;
}

/**
 * The chain as the server sent it: from the plaintext Certificate message of a TLS 1.2 (or older)
 * handshake when any probe saw one; otherwise, for servers that speak only TLS 1.3 (where that
 * message is encrypted), Node's re-linked view, said so in the evidence.
 */
export function servedChain(probes: readonly TlsProbeResult[]): ServedChain | undefined {
  const wire = probes.find((p) => p.flight.certificates?.length);
  if (wire) {
    return {
      certificates: wire.flight.certificates!.map((der) => new X509Certificate(der)),
      source: 'wire',
      note: `read from the ${wire.flight.serverHello?.version ?? 'TLS'} Certificate message, in the order sent`,
    };
  }
  const node = probes.find((p) => p.peerChain?.length);
  if (node) {
    return {
      certificates: node.peerChain!,
      source: 'node',
      note: "the server speaks only TLS 1.3, where the Certificate message is encrypted: this is Node's re-linked view, whose order and completeness are not the wire's",
    };
  }
  return undefined;
}
