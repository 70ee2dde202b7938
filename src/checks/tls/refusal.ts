import type { TlsProbeResult } from '../../tls/probe.js';

/** How an endpoint treated a request sent over a connection it should not serve. */
export interface Treatment {
  answer: 'served' | 'refused' | 'undetermined' | 'version-not-spoken';
  seen: string;
  details: Record<string, unknown>;
}

/**
 * Reads a probe that sent a request with a missing or unacceptable client certificate. Refusal
 * needs the peer's word: an alert, a close after it read our request, or a 4xx that differs from
 * the positive control's answer (a terminator such as nginx completes the handshake and answers
 * 400). The same answer as the control means the endpoint served us.
 */
export function readTreatment(r: TlsProbeResult, controlStatus: number | undefined): Treatment {
  const details: Record<string, unknown> = {
    protocol: r.protocol ?? r.flight.serverHello?.version ?? null,
    handshakeCompleted: r.handshakeCompleted,
    ...(r.peerAlert ? { alert: r.peerAlert } : {}),
    ...(r.response ? { status: r.response.status, body: r.response.bodyStart.slice(0, 160) } : {}),
    ...(r.closedAfterRequest ? { closedAfterRequest: r.closedAfterRequest } : {}),
    ...(r.closedAfterCertificate ? { closedAfterCertificate: r.closedAfterCertificate } : {}),
    ...(r.clientError ? { clientError: r.clientError.split('\n')[0] } : {}),
    ...(r.networkError ? { networkError: r.networkError } : {}),
  };
  if (!r.flight.serverHello && r.peerAlert === 'protocol_version') {
    return { answer: 'version-not-spoken', seen: 'the server does not speak this TLS version', details };
  }
  if (r.response) {
    const { status } = r.response;
    if (status >= 200 && status < 400) return { answer: 'served', seen: `HTTP ${status}`, details };
    if (status >= 400 && status < 500) {
      return status === controlStatus
        ? { answer: 'served', seen: `HTTP ${status}, the same answer as with a valid certificate`, details }
        : {
            answer: 'refused',
            seen: `HTTP ${status}${r.response.bodyStart ? ` "${r.response.bodyStart.slice(0, 80)}"` : ''}`,
            details,
          };
    }
    return { answer: 'undetermined', seen: `HTTP ${status} is neither service nor refusal`, details };
  }
  if (r.peerAlert)
    return {
      answer: 'refused',
      seen: `alert ${r.peerAlert}${r.handshakeCompleted ? ' after the handshake' : ''}`,
      details,
    };
  if (r.closedAfterCertificate) {
    return {
      answer: 'refused',
      seen: `connection ${r.closedAfterCertificate === 'reset' ? 'reset' : 'closed'} by the server once it had read our certificate`,
      details,
    };
  }
  if (r.closedAfterRequest)
    return {
      answer: 'refused',
      seen: `connection ${r.closedAfterRequest === 'reset' ? 'reset' : 'closed'} after our request, without an answer`,
      details,
    };
  const why = r.clientError
    ? `our client failed: ${r.clientError.split('\n')[0]}`
    : (r.networkError ?? (r.timedOut ? 'no answer before the timeout' : 'no answer'));
  return { answer: 'undetermined', seen: why, details };
}
