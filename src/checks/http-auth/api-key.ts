import { randomBytes } from 'node:crypto';
import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { worst, type Finding } from '../../core/verdict.js';
import type { HttpResult } from '../../http/client.js';

/** Sends the positive-control request with the given header value (undefined: no header at all). */
export type KeyedRequest = (key: string | undefined) => Promise<HttpResult>;

export interface KeyProbe {
  /** What was sent differently from the positive control, without the key itself. */
  mutation: string;
  result: HttpResult;
}

export interface ApiKeyCampaign {
  before: KeyProbe;
  missing: KeyProbe;
  wrong: KeyProbe[];
  secondary?: KeyProbe;
  after: KeyProbe;
}

/** The valid key with one character changed, staying in the key's own alphabet. */
export function oneCharacterChanged(key: string): string {
  const last = key.at(-1) ?? 'a';
  const swap = /[0-9]/.test(last)
    ? last === '0'
      ? '1'
      : '0'
    : /[a-f]/.test(last)
      ? last === 'a'
        ? 'b'
        : 'a'
      : last === 'A'
        ? 'B'
        : 'A';
  return key.slice(0, -1) + swap;
}

/**
 * Control with the primary key, then the negatives in parallel, then the secondary key, then the
 * control again: a 401 proves the key was checked only if the same request with the right key
 * was served just before and after.
 */
export async function runApiKeyCampaign(
  send: KeyedRequest,
  keys: { primary: string; secondary?: string; revoked?: string },
): Promise<ApiKeyCampaign> {
  const probe = async (mutation: string, key: string | undefined): Promise<KeyProbe> => ({
    mutation,
    result: await send(key),
  });
  const before = await probe('positive control with the primary key', keys.primary);
  const [missing, ...wrong] = await Promise.all([
    probe('no Ocp-Apim-Subscription-Key header', undefined),
    probe('empty key', ''),
    probe('random key', randomBytes(16).toString('hex')),
    probe('primary key with one character changed', oneCharacterChanged(keys.primary)),
    ...(keys.revoked ? [probe('revoked key', keys.revoked)] : []),
  ]);
  const secondary = keys.secondary ? await probe('secondary key', keys.secondary) : undefined;
  const after = await probe('positive control with the primary key (after)', keys.primary);
  return { before, missing: missing!, wrong, ...(secondary ? { secondary } : {}), after };
}

function status(r: HttpResult): string {
  return r.ok ? `HTTP ${r.response.status}` : `no answer (${r.error})`;
}

/** Accepted: an answer of a status the profile lists, or by default a 2xx or 3xx. */
export function accepted(r: HttpResult, acceptStatus: readonly number[] | undefined): boolean {
  if (!r.ok) return false;
  const s = r.response.status;
  return acceptStatus ? acceptStatus.includes(s) : s >= 200 && s < 400;
}

/** The key was refused: 401, or 403 (a refusal, though not the one the rule asks for). */
function refusedKey(r: HttpResult): boolean {
  return r.ok && (r.response.status === 401 || r.response.status === 403);
}

function controlFinding(p: KeyProbe, acceptStatus: readonly number[] | undefined): Evidence {
  return {
    label: p.mutation,
    outcome: status(p.result),
    finding: accepted(p.result, acceptStatus) ? 'pass' : 'fail',
    details: details(p.result),
  };
}

function details(r: HttpResult): Record<string, unknown> {
  if (!r.ok) return { error: r.error };
  const h = r.response.headers;
  return {
    status: r.response.status,
    ...(h['www-authenticate'] ? { wwwAuthenticate: h['www-authenticate'] } : {}),
    body: r.response.body.toString('utf8').slice(0, 200),
  };
}

/** Each negative must get 401 (not 403, not a success); the controls before and after must succeed. */
export function judgeRefusedKeys(
  c: ApiKeyCampaign,
  negatives: readonly KeyProbe[],
  acceptStatus: readonly number[] | undefined,
): Outcome {
  const evidence: Evidence[] = [controlFinding(c.before, acceptStatus)];
  const findings: Finding[] = [];
  const wrong: string[] = [];
  const unknown: string[] = [];
  for (const n of negatives) {
    const r = n.result;
    // No answer, a 429 still there after waiting, or a server error decides nothing: not acceptance.
    const finding: Finding =
      !r.ok || r.response.status === 429 || r.response.status >= 500
        ? 'inconclusive'
        : r.response.status === 401
          ? 'pass'
          : 'fail';
    if (finding === 'fail') wrong.push(`${n.mutation}: ${status(r)}`);
    if (finding === 'inconclusive') unknown.push(`${n.mutation}: ${status(r)}`);
    findings.push(finding);
    evidence.push({ label: n.mutation, outcome: status(r), finding, details: details(r) });
  }
  evidence.push(controlFinding(c.after, acceptStatus));
  for (const control of [c.before, c.after]) {
    if (!accepted(control.result, acceptStatus)) {
      return {
        finding: 'inconclusive',
        reason: `The ${control.mutation} did not succeed (${status(control.result)}), so the refusals prove nothing.`,
        evidence,
      };
    }
  }
  if (wrong.length) return { finding: 'fail', reason: `Expected 401 for ${wrong.join('; ')}.`, evidence };
  if (worst(findings) === 'inconclusive')
    return { finding: 'inconclusive', reason: `No answer for ${unknown.join('; ')}.`, evidence };
  return {
    finding: 'pass',
    reason:
      `${negatives.map((n) => n.mutation).join(', ')}: each answered 401, while the control succeeded before and after.`.replace(
        /^./,
        (ch) => ch.toUpperCase(),
      ),
    evidence,
  };
}

/** Both configured keys must be accepted by the positive-control request. */
export function judgeBothKeys(c: ApiKeyCampaign, acceptStatus: readonly number[] | undefined): Outcome {
  const probes = [c.before, ...(c.secondary ? [c.secondary] : [])];
  const evidence = probes.map((p) => controlFinding(p, acceptStatus));
  const keyName = (p: KeyProbe) => p.mutation.replace('positive control with the ', '');
  const refused = probes.filter((p) => refusedKey(p.result));
  if (refused.length) {
    const what = refused.map((p) => `the ${keyName(p)} was refused (${status(p.result)})`).join('; ');
    return { finding: 'fail', reason: `${what}.`.replace(/^./, (ch) => ch.toUpperCase()), evidence };
  }
  // Neither accepted nor refused (no answer, 404, 429, 5xx): the key's validity is not shown either way.
  const undecided = probes.filter((p) => !accepted(p.result, acceptStatus));
  if (undecided.length) {
    const what = undecided.map((p) => `${keyName(p)}: ${status(p.result)}`).join('; ');
    return {
      finding: 'inconclusive',
      reason: `The positive control neither succeeded nor was refused (${what}).`,
      evidence,
    };
  }
  if (!c.secondary) {
    const reason =
      'The primary key is accepted, but the profile gives no secondary key (platform.apiKeys.secondary) to check.';
    return { finding: 'inconclusive', reason, evidence };
  }
  return {
    finding: 'pass',
    reason: 'The positive-control request succeeds with the primary and with the secondary key.',
    evidence,
  };
}
