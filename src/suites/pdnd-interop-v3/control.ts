import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { headerValue } from '../../http/client.js';
import { is2xx, outcomeOf, probeEvidence } from './probe-evidence.js';
import type { GatewaySession, Probe, ProbeResult } from './session.js';

/** The session's positive control: the profile's control request, done right, before any campaign. */
export interface Control {
  probe: Probe;
  result: ProbeResult;
  /** What went wrong, as observed, when the control did not succeed. */
  refused?: string;
}

/** Sends the positive control once; every campaign that needs an accepted request waits for it. */
export async function positiveControl(s: GatewaySession): Promise<Control> {
  const probe: Probe = {
    campaign: 'control',
    label: 'positive control (a valid DPoP request)',
    method: 'GET',
    path: s.target.controlPath,
  };
  const result = await s.send(probe);
  if (is2xx(result)) return { probe, result };
  const seen = result.ok ? `answered ${outcomeOf(result)}` : `could not be made (${result.reason})`;
  return { probe, result, refused: `the positive control GET ${probe.path} (a valid DPoP request) ${seen}` };
}

export const controlEvidence = (c: Control): Evidence =>
  probeEvidence(c.probe, c.result, c.refused ? 'inconclusive' : 'info');

/**
 * A requirement whose checks need an accepted request cannot be judged when the control was
 * refused: INCONCLUSIVE with what the control got, never a FAIL of what it would have checked.
 */
export function controlRefused(c: Control & { refused: string }): Outcome {
  return {
    finding: 'inconclusive',
    reason: `${c.refused[0]!.toUpperCase()}${c.refused.slice(1)}, so no check of this requirement can be judged (a refusal proves nothing when the same request done right is refused too).`,
    evidence: [controlEvidence(c)],
  };
}

/** The OAuth errors (RFC 6750 section 3.1, RFC 9449 section 7.1) that say our credentials were refused. */
const CREDENTIAL_ERRORS = /\b(invalid_dpop_proof|invalid_token|use_dpop_nonce)\b/;

/**
 * An answer that refuses our credentials rather than judging the request: any 401, and a 400 that
 * names a DPoP or token error (in WWW-Authenticate or the body), as some gateways send for a proof
 * they reject. It says nothing about the rule a probe tests, only that the probe was not let in.
 */
export function credentialRefusal(r: ProbeResult): string | undefined {
  if (!r.ok) return undefined;
  const { status, body } = r.response;
  const challenge = headerValue(r.response.headers, 'www-authenticate') ?? '';
  const named =
    status === 400 &&
    (CREDENTIAL_ERRORS.test(challenge) || CREDENTIAL_ERRORS.test(body.toString('utf8', 0, 4096)));
  return status === 401 || named ? `our credentials were refused (${outcomeOf(r)})` : undefined;
}
