import type { Outcome } from '../../core/suite.js';
import type { TlsProbeResult } from '../../tls/probe.js';
import { oneLine } from '../../x509/chain.js';
import { matchesHostname } from '../../x509/hostname.js';
import { describeCertificate, dnsNames } from '../../x509/names.js';

const MODERN = new Set(['TLSv1.2', 'TLSv1.3']);

/**
 * Server authentication of a platform endpoint: the handshake a normal client makes (TLS 1.2+)
 * completes, OpenSSL validates the chain against the configured anchors, and the host name is in
 * the certificate's dNSNames (no CN fallback).
 */
export function judgeServerAuthentication(r: TlsProbeResult, host: string): Outcome {
  const leaf = r.peerChain?.[0];
  const evidence = [
    {
      label: 'TLS handshake offering TLS 1.2 and 1.3',
      outcome: r.handshakeCompleted
        ? `completed with ${r.protocol}`
        : `failed: ${r.peerAlert ? `alert ${r.peerAlert}` : (r.networkError ?? r.clientError ?? 'no answer')}`,
      finding: r.handshakeCompleted && MODERN.has(r.protocol ?? '') ? ('pass' as const) : ('fail' as const),
      details: {
        protocol: r.protocol ?? null,
        cipher: r.cipher ?? null,
        ...(leaf ? { leaf: describeCertificate(leaf) } : {}),
        authorizationError: r.authorizationError ?? null,
      },
    },
  ];
  if (!r.handshakeCompleted) {
    if (r.peerAlert)
      return {
        finding: 'fail',
        reason: `The platform refused a TLS 1.2/1.3 handshake (alert ${r.peerAlert}).`,
        evidence,
      };
    return {
      finding: 'inconclusive',
      reason: `No TLS handshake with the platform: ${r.networkError ?? r.clientError ?? 'no answer'}.`,
      evidence,
    };
  }
  if (!MODERN.has(r.protocol ?? ''))
    return { finding: 'fail', reason: `The platform negotiated ${r.protocol}.`, evidence };
  if (!r.authorized)
    return {
      finding: 'fail',
      reason: `The platform's certificate does not validate against the trust store (${r.authorizationError}).`,
      evidence,
    };
  if (!leaf || !dnsNames(leaf).some((n) => matchesHostname(n, host))) {
    return {
      finding: 'fail',
      reason: `The platform's certificate${leaf ? ` "${oneLine(leaf.subject)}"` : ''} is not valid for ${host}.`,
      evidence,
    };
  }
  return {
    finding: 'pass',
    reason: `The platform authenticated as ${host} over ${r.protocol} with a chain that validates against the trust store.`,
    evidence,
  };
}
