import type { Evidence } from '../../core/evidence.js';
import { headerValue } from '../../http/client.js';
import type { Probe, ProbeResult } from './session.js';

/** What came back, in a few words: status, and the problem title or WWW-Authenticate of an error. */
export function outcomeOf(r: ProbeResult): string {
  if (!r.ok) return `not probed: ${r.reason}`;
  const res = r.response;
  const parts = [`HTTP ${res.status}`];
  const location = headerValue(res.headers, 'location');
  if (location) parts.push(`Location ${location}`);
  const auth = headerValue(res.headers, 'www-authenticate');
  if (auth) parts.push(`WWW-Authenticate ${auth.slice(0, 120)}`);
  const json = r.json as Record<string, unknown> | undefined;
  if (res.status >= 400 && json && typeof json['title'] === 'string')
    parts.push(
      `"${json['title']}"${typeof json['detail'] === 'string' ? `: ${json['detail'].slice(0, 160)}` : ''}`,
    );
  return parts.join(', ');
}

export function probeEvidence(
  probe: Pick<Probe, 'method' | 'path' | 'label'>,
  r: ProbeResult,
  finding?: Evidence['finding'],
): Evidence {
  return {
    label: `${probe.label}: ${probe.method} ${probe.path}`,
    outcome: outcomeOf(r),
    ...(finding ? { finding } : {}),
    ...(r.ok ? { details: { status: r.response.status, observation: r.observation.seq } } : {}),
  };
}

export const is2xx = (r: ProbeResult): boolean => r.ok && r.response.status >= 200 && r.response.status < 300;
