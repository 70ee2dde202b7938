import type { TlsProbeResult } from '../../tls/probe.js';
import type { ResponseHead } from '../../tls/http1.js';
import { describeRedirect } from '../../http/redirect.js';

/** How an endpoint treated a request sent over a connection it should not serve. */
interface Treatment {
  answer: 'served' | 'refused' | 'undetermined' | 'version-not-spoken';
  seen: string;
  details: Record<string, unknown>;
}

/** What TLS terminators answer when they refuse a client certificate (nginx, and its 495/496 codes). */
const TERMINATOR_REFUSAL =
  /no required ssl certificate was sent|the ssl certificate error|ssl certificate error/i;
const CERTIFICATE_STATUSES = new Set([495, 496]);
/** Answers that ask for a later retry (too many requests, request timeout): never a verdict. */
export const RETRY_STATUSES = new Set([408, 429]);

/** The answer of a TLS terminator that refused the client certificate, whatever the status. */
export function isTerminatorRefusal(res: ResponseHead): boolean {
  return CERTIFICATE_STATUSES.has(res.status) || TERMINATOR_REFUSAL.test(res.bodyStart);
}

/**
 * Reads a probe that sent a request with a missing or unacceptable client certificate. Refusal
 * needs the peer's word: an alert, a reset or close once it read our request or certificate, or
 * a 4xx that is not the answer a valid certificate gets (a terminator such as nginx completes the
 * handshake and answers 400). The answer a valid certificate gets means the endpoint served us.
 * Our own timeout or client error decides nothing, whatever the connection did next.
 *
 * @param offered the TLS version the probe offered
 * @param control the served positive control's answer, when the control was served
 */
export function readTreatment(
  r: TlsProbeResult,
  offered: string,
  control: ResponseHead | undefined,
): Treatment {
  const details: Record<string, unknown> = {
    protocol: r.protocol ?? r.flight.serverHello?.version ?? null,
    handshakeCompleted: r.handshakeCompleted,
    elapsedMs: r.elapsedMs,
    ...(r.timedOut ? { timedOut: true } : {}),
    ...(r.peerAlert ? { alert: r.peerAlert } : {}),
    ...(r.response ? { status: r.response.status, body: r.response.bodyStart.slice(0, 160) } : {}),
    ...(r.closedAfterRequest ? { closedAfterRequest: r.closedAfterRequest } : {}),
    ...(r.closedAfterCertificate ? { closedAfterCertificate: r.closedAfterCertificate } : {}),
    ...(r.clientError ? { clientError: r.clientError.split('\n')[0] } : {}),
    ...(r.networkError ? { networkError: r.networkError } : {}),
  };
  const chosen = r.flight.serverHello?.version;
  if (
    (!chosen && r.peerAlert === 'protocol_version') ||
    (chosen && chosen !== offered && !r.handshakeCompleted)
  ) {
    return { answer: 'version-not-spoken', seen: `the server does not speak ${offered}`, details };
  }
  if (r.ownLimit) return { answer: 'undetermined', seen: r.ownLimit, details };
  if (r.response) return readAnswer(r.response, control, details);
  if (r.peerAlert) {
    return {
      answer: 'refused',
      seen: `alert ${r.peerAlert}${r.handshakeCompleted ? ' after the handshake' : ''}`,
      details,
    };
  }
  if (r.timedOut || r.clientError) {
    const why = r.clientError
      ? `our client failed: ${r.clientError.split('\n')[0]}`
      : 'no answer before the timeout';
    return { answer: 'undetermined', seen: why, details };
  }
  if (r.closedAfterCertificate) {
    return {
      answer: 'refused',
      seen: `connection ${r.closedAfterCertificate} by the server once it had read our certificate`,
      details,
    };
  }
  if (r.closedAfterRequest) {
    return {
      answer: 'refused',
      seen: `connection ${r.closedAfterRequest} after our request, without an answer`,
      details,
    };
  }
  return { answer: 'undetermined', seen: r.networkError ?? 'no answer', details };
}

function readAnswer(
  res: ResponseHead,
  control: ResponseHead | undefined,
  details: Record<string, unknown>,
): Treatment {
  const { status } = res;
  const quoted = res.bodyStart ? ` "${res.bodyStart.slice(0, 80)}"` : '';
  if (res.redirect) return { answer: 'undetermined', seen: describeRedirect(res.redirect), details };
  if (status >= 200 && status < 400) return { answer: 'served', seen: `HTTP ${status}`, details };
  if (status >= 500)
    return { answer: 'undetermined', seen: `HTTP ${status} is neither service nor refusal`, details };
  if (RETRY_STATUSES.has(status)) {
    return { answer: 'undetermined', seen: `HTTP ${status} asks for a later retry`, details };
  }
  if (status !== control?.status) return { answer: 'refused', seen: `HTTP ${status}${quoted}`, details };
  // The same status as with a valid certificate: only the terminator's own words tell it apart.
  if (isTerminatorRefusal(res)) {
    return { answer: 'refused', seen: `HTTP ${status}${quoted}, a TLS terminator's refusal`, details };
  }
  if (res.bodyStart === control.bodyStart) {
    return { answer: 'served', seen: `HTTP ${status}, the same answer as with a valid certificate`, details };
  }
  return {
    answer: 'undetermined',
    seen: `HTTP ${status}, the control's status with another body${quoted}`,
    details,
  };
}
