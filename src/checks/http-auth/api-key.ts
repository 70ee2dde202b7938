import { randomBytes } from 'node:crypto';
import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import type { HttpResult } from '../../http/client.js';
import { describeRedirect, isRedirect } from '../../http/redirect.js';
import { inParallel, runCampaign, type Campaign, type Trial } from '../campaign/campaign.js';
import { judgeCampaign, type Judging, type Reading } from '../campaign/judge.js';

/** Sends the positive-control request with the given header value (undefined: no header at all). */
type KeyedRequest = (key: string | undefined) => Promise<HttpResult>;

interface ApiKeys {
  primary: string;
  secondary?: string;
  revoked?: string;
}

/** One request with a key (or without one); its label never holds the key itself. */
export type KeyTrial = Trial<HttpResult>;

export type ApiKeyCampaign = Campaign<KeyTrial> & { secondary?: KeyTrial };

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

/** What a negative sends in the key header (`absent`: no header), or undefined where it does not apply. */
type KeyChoice = { key: string | undefined } | undefined;

/**
 * The negatives of api-key authentication, named by the suite YAML: each is the control request
 * with one thing changed in the key header.
 */
export const API_KEY_MUTATIONS: Record<
  string,
  { label(header: string): string; key(k: ApiKeys): KeyChoice }
> = {
  'no-key': { label: (header) => `no ${header} header`, key: () => ({ key: undefined }) },
  'empty-key': { label: () => 'empty key', key: () => ({ key: '' }) },
  'random-key': { label: () => 'random key', key: () => ({ key: randomBytes(16).toString('hex') }) },
  'one-character-changed': {
    label: () => 'primary key with one character changed',
    key: (k) => ({ key: oneCharacterChanged(k.primary) }),
  },
  /** Only where the profile names a revoked key. */
  'revoked-key': { label: () => 'revoked key', key: (k) => (k.revoked ? { key: k.revoked } : undefined) },
};

/**
 * Control with the primary key, then the negatives in parallel, then the secondary key, then the
 * control again: a 401 proves the key was checked only if the same request with the right key
 * was served just before and after.
 */
export async function runApiKeyCampaign(
  send: KeyedRequest,
  keys: ApiKeys,
  header: string,
): Promise<ApiKeyCampaign> {
  const trial = async (id: string, label: string, key: string | undefined): Promise<KeyTrial> => ({
    id,
    label,
    answer: await send(key),
  });
  let secondary: KeyTrial | undefined;
  const c = await runCampaign<KeyTrial>({
    mutations: Object.keys(API_KEY_MUTATIONS),
    control: (when) =>
      trial(
        `control-${when}`,
        `positive control with the primary key${when === 'after' ? ' (after)' : ''}`,
        keys.primary,
      ),
    negatives: async () => {
      const negatives = await inParallel(
        Object.entries(API_KEY_MUTATIONS).flatMap(([id, m]) => {
          const choice = m.key(keys);
          return choice ? [() => trial(id, m.label(header), choice.key)] : [];
        }),
      );
      if (keys.secondary) secondary = await trial('secondary', 'secondary key', keys.secondary);
      return negatives;
    },
  });
  return { ...c, ...(secondary ? { secondary } : {}) };
}

function status(r: HttpResult | undefined): string {
  if (!r) return 'not sent';
  if (!r.ok) return r.limit ? r.error : `no answer (${r.error})`;
  return r.response.redirect ? describeRedirect(r.response.redirect) : `HTTP ${r.response.status}`;
}

/**
 * Accepted: an answer of a status the profile lists, or by default a 2xx. A redirect is never
 * an acceptance (same-origin ones were followed by the client, src/http/redirect.ts).
 */
function accepted(r: HttpResult | undefined, acceptStatus: readonly number[] | undefined): boolean {
  if (!r?.ok || isRedirect(r.response.status)) return false;
  const s = r.response.status;
  return acceptStatus ? acceptStatus.includes(s) : s >= 200 && s < 300;
}

/** The key was refused: 401, or 403 (a refusal, though not the one the rule asks for). */
function refusedKey(r: HttpResult | undefined): boolean {
  return !!r?.ok && (r.response.status === 401 || r.response.status === 403);
}

function controlFinding(t: KeyTrial, acceptStatus: readonly number[] | undefined): Evidence {
  return {
    label: t.label,
    outcome: status(t.answer),
    finding: accepted(t.answer, acceptStatus) ? 'pass' : 'fail',
    details: details(t.answer),
  };
}

function details(r: HttpResult | undefined): Record<string, unknown> {
  if (!r) return {};
  if (!r.ok) return { error: r.error };
  const h = r.response.headers;
  return {
    status: r.response.status,
    ...(h['www-authenticate'] ? { wwwAuthenticate: h['www-authenticate'] } : {}),
    body: r.response.body.toString('utf8').slice(0, 200),
  };
}

/**
 * 401 is the refusal asked for; a 403 or a success fails; no answer, our own limit, a redirect
 * we did not follow, a lasting 429 or a 5xx decides nothing.
 */
function readKeyAnswer(t: KeyTrial): Reading {
  const r = t.answer;
  const seen = status(r);
  if (!r?.ok || isRedirect(r.response.status) || r.response.status === 429 || r.response.status >= 500)
    return { kind: 'undetermined', seen };
  if (r.response.status === 401) return { kind: 'refused', seen };
  return { kind: r.response.status < 400 ? 'served' : 'wrong', seen };
}

const capitalised = (s: string) => s.replace(/^./, (ch) => ch.toUpperCase());

function judging(acceptStatus: readonly number[] | undefined): Judging<KeyTrial> {
  return {
    control: (t) => ({ ok: accepted(t.answer, acceptStatus), problem: status(t.answer) }),
    read: readKeyAnswer,
    controlEvidence: (t) => controlFinding(t, acceptStatus),
    negativeEvidence: (t, reading, finding) => ({
      label: t.label,
      outcome: reading.seen,
      finding,
      details: details(t.answer),
    }),
    policy: { failStandsDespite: { before: false, after: false } },
    reasons: {
      controlFailed: (_when, problem, control) =>
        `The ${control.label} did not succeed (${problem}), so the refusals prove nothing.`,
      failed: (judged) =>
        `Expected 401 for ${judged.map((j) => `${j.trial.label}: ${j.reading.seen}`).join('; ')}.`,
      undetermined: (judged) =>
        `No answer for ${judged.map((j) => `${j.trial.label}: ${j.reading.seen}`).join('; ')}.`,
      noneApplies: () => ({
        finding: 'inconclusive',
        reason: 'No request with a wrong or missing key was sent.',
      }),
      passed: (judged) =>
        capitalised(
          `${judged.map((j) => j.trial.label).join(', ')}: each answered 401, while the control succeeded before and after.`,
        ),
    },
  };
}

/** Each named negative must get 401 (not 403, not a success); the controls before and after must succeed. */
export function judgeRefusedKeys(
  c: ApiKeyCampaign,
  mutations: readonly string[],
  acceptStatus: readonly number[] | undefined,
): Outcome {
  return judgeCampaign(c, mutations, judging(acceptStatus));
}

/** Both configured keys must be accepted by the positive-control request. */
export function judgeBothKeys(c: ApiKeyCampaign, acceptStatus: readonly number[] | undefined): Outcome {
  const trials = [c.before, ...(c.secondary ? [c.secondary] : [])];
  const evidence = trials.map((t) => controlFinding(t, acceptStatus));
  const keyName = (t: KeyTrial) => t.label.replace('positive control with the ', '');
  const refused = trials.filter((t) => refusedKey(t.answer));
  if (refused.length) {
    const what = refused.map((t) => `the ${keyName(t)} was refused (${status(t.answer)})`).join('; ');
    return { finding: 'fail', reason: capitalised(`${what}.`), evidence };
  }
  // Neither accepted nor refused (no answer, 404, 429, 5xx): the key's validity is not shown either way.
  const undecided = trials.filter((t) => !accepted(t.answer, acceptStatus));
  if (undecided.length) {
    const what = undecided.map((t) => `${keyName(t)}: ${status(t.answer)}`).join('; ');
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
