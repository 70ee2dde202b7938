import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Evidence } from '../../../core/evidence.js';
import type { Outcome } from '../../../core/suite.js';
import { headerValue } from '../../../http/client.js';
import { inParallel, runCampaign, type Campaign, type Trial } from '../../../checks/campaign/campaign.js';
import { judgeCampaign, type Judging, type Reading } from '../../../checks/campaign/judge.js';
import { KEYSEED_MUTATION_IDS, KEYSEED_MUTATIONS } from '../keyseed-mutations.js';
import type { GatewaySession, Probe, ProbeResult } from '../session.js';
import { credentialRefusal } from '../control.js';
import { is2xx, outcomeOf, probeEvidence } from '../probe-evidence.js';

/** What came back, for a reason: the status and problem, or why nothing did. */
export const seen = (r: ProbeResult): string => (r.ok ? `answered ${outcomeOf(r)}` : r.reason);

/** A valid KeySeed with a fresh RSA public key (PDND refuses a key it already holds); generated off the event loop. */
export async function validKeySeed(): Promise<Record<string, unknown>> {
  const { publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    key: Buffer.from(pem, 'utf8').toString('base64'),
    use: 'SIG',
    alg: 'RS256',
    name: `attesta-${randomUUID().slice(0, 8)}`,
  };
}

/** One POST of a KeySeed: the control (a valid one) or a mutation of the table. */
export type KeyTrial = Trial<ProbeResult> & { probe: Probe };

export interface Step {
  probe: Probe;
  result: ProbeResult;
}

export interface KeysCampaign {
  skipped?: { finding: 'not-applicable' | 'inconclusive'; reason: string };
  /** The KeySeed campaign on the client, when writes were allowed. */
  campaign?: Campaign<KeyTrial>;
  /** Every DELETE of a key the suite made (cleanup), judged by PDND3-SCHEMA-03. */
  deletes: Step[];
  /** Keys the suite created and could not remove: the user must delete them. */
  leftovers: string[];
}

type Owner = { collection: string; label: string };

/** The kid of a created key, from a Key/ProducerKey body. */
function kidOf(r: ProbeResult): string | undefined {
  const kid = r.ok ? (r.json as { jwk?: { kid?: unknown } } | undefined)?.jwk?.kid : undefined;
  return typeof kid === 'string' ? kid : undefined;
}

/** Creates a key and removes it again; both steps recorded. */
async function createAndDelete(
  s: GatewaySession,
  owner: Owner,
  label: string,
  c: KeysCampaign,
  seed: Record<string, unknown>,
): Promise<Step> {
  const probe: Probe = {
    campaign: 'keys',
    label,
    method: 'POST',
    path: `${owner.collection}/keys`,
    body: seed,
  };
  const step = { probe, result: await s.send(probe) };
  if (is2xx(step.result)) await removeKey(s, owner, step.result, c);
  return step;
}

export async function removeKey(
  s: GatewaySession,
  owner: Owner,
  created: ProbeResult,
  c: Pick<KeysCampaign, 'deletes' | 'leftovers'>,
): Promise<void> {
  const kid = kidOf(created);
  if (!kid) {
    c.leftovers.push(`a key on ${owner.label} whose kid the answer did not give`);
    return;
  }
  const probe: Probe = {
    campaign: 'keys',
    label: 'remove the key created',
    method: 'DELETE',
    path: `${owner.collection}/keys/${encodeURIComponent(kid)}`,
  };
  const result = await s.send(probe);
  c.deletes.push({ probe, result });
  if (!is2xx(result)) c.leftovers.push(`key ${kid} on ${owner.label}`);
}

export function writeSkip(s: GatewaySession, needs: string[]): KeysCampaign['skipped'] {
  if (!s.target.allowWrites)
    return {
      finding: 'not-applicable',
      reason:
        'The profile does not allow writes (allowWrites: false), so no key is created; set it only for a staging target.',
    };
  const missing = needs.filter((n) => !s.target.ids[n]);
  if (missing.length)
    return {
      finding: 'inconclusive',
      reason: `Writes are allowed but the profile's ids lack ${missing.join(', ')}.`,
    };
  return undefined;
}

/**
 * Valid KeySeed accepted (and the key removed), each invalid KeySeed of the table refused, valid
 * again; then the same create/delete on a producer keychain when one is configured, for the
 * VoidObject check. Every key a POST creates, even a refused seed's, is removed at once.
 */
export async function keysCampaign(s: GatewaySession): Promise<KeysCampaign> {
  const c: KeysCampaign = { deletes: [], leftovers: [] };
  const skipped = writeSkip(s, ['clientId']);
  if (skipped) return { ...c, skipped };
  const client: Owner = {
    collection: `/clients/${encodeURIComponent(s.target.ids['clientId'] ?? '')}`,
    label: `client ${s.target.ids['clientId']}`,
  };
  // A fresh key for each key that is to be stored, generated in parallel up front (RSA generation is
  // the slow part); the mutations share one, since a refused seed stores nothing.
  const seeds = await Promise.all(Array.from({ length: 4 }, validKeySeed));
  const mutated = seeds.pop() ?? {};
  const seed = () => seeds.pop() ?? {};
  const post = async (id: string, label: string, body: Record<string, unknown>): Promise<KeyTrial> => {
    const { probe, result } = await createAndDelete(s, client, label, c, body);
    return { id, label, probe, answer: result };
  };
  c.campaign = await runCampaign<KeyTrial>({
    mutations: KEYSEED_MUTATION_IDS,
    control: (when) =>
      post(`control-${when}`, `valid KeySeed (${when === 'before' ? 'first' : 'last'})`, seed()),
    // One at a time, in the table's order: a seed wrongly accepted is removed before the next is sent.
    negatives: () =>
      inParallel(
        KEYSEED_MUTATION_IDS.map((id) => () => {
          const m = KEYSEED_MUTATIONS[id];
          return post(id, `KeySeed with ${m.label}`, m.mutate(mutated));
        }),
        1,
      ),
  });
  const keychain = s.target.ids['keychainId'];
  if (keychain)
    await createAndDelete(
      s,
      {
        collection: `/producerKeychains/${encodeURIComponent(keychain)}`,
        label: `producer keychain ${keychain}`,
      },
      'valid KeySeed on a producer keychain',
      c,
      seed(),
    );
  return c;
}

function leftoverEvidence(c: Pick<KeysCampaign, 'leftovers'>): Evidence[] {
  return c.leftovers.length
    ? [
        {
          label: 'cleanup',
          outcome: `could not remove: ${c.leftovers.join(', ')} - delete by hand`,
          finding: 'warn',
        },
      ]
    : [];
}

/**
 * 400 is the refusal; our credentials refused, a 403, a 5xx or no answer decide nothing; any other
 * answer (a 2xx, another 4xx) lets an invalid KeySeed through.
 */
function readKeySeed(t: KeyTrial): Reading {
  const r = t.answer!;
  if (!r.ok || r.response.status >= 500 || credentialRefusal(r) || r.response.status === 403)
    return { kind: 'undetermined', seen: seen(r) };
  const { status } = r.response;
  if (status === 400) return { kind: 'refused', seen: `answered ${status}` };
  return { kind: is2xx(r) ? 'served' : 'wrong', seen: `answered ${status}` };
}

/** The rule of every campaign, in KeySeed's words; the keys left behind are noted last. */
const keySeedJudging = (c: KeysCampaign): Judging<KeyTrial> => ({
  control: (t) => (is2xx(t.answer!) ? { ok: true } : { ok: false, problem: seen(t.answer!) }),
  read: readKeySeed,
  controlEvidence: (t, _when, control) =>
    probeEvidence(t.probe, t.answer!, control.ok ? 'info' : 'inconclusive'),
  negativeEvidence: (t, _reading, finding) => probeEvidence(t.probe, t.answer!, finding),
  policy: { failStandsDespite: { before: false, after: false } },
  reasons: {
    controlFailed: (_when, problem) =>
      `A valid KeySeed was not accepted (${problem}), so the refusals prove nothing.`,
    failed: (judged) =>
      `Invalid KeySeeds are not refused: ${judged.map((j) => `${j.trial.label} ${j.reading.seen}`).join('; ')}.`,
    undetermined: (judged) =>
      `Could not judge: ${judged.map((j) => `${j.trial.label} (${j.reading.seen})`).join(', ')}.`,
    noneApplies: () => ({ finding: 'inconclusive', reason: 'No invalid KeySeed was sent.' }),
    passed: () =>
      'A valid KeySeed is accepted (and the key removed); names of 4 and 61 characters, use in another case or value, and an extra property are refused with 400.',
  },
  notes: leftoverEvidence(c),
});

/** Judges the named mutations (`with.mutations` of PDND3-SCHEMA-02) between the two valid KeySeeds. */
export function judgeKeySeed(c: KeysCampaign, mutations: readonly string[]): Outcome {
  if (c.skipped) return { finding: c.skipped.finding, reason: c.skipped.reason, evidence: [] };
  if (!c.campaign) throw new Error('the KeySeed campaign neither ran nor was skipped');
  return judgeCampaign(c.campaign, mutations, keySeedJudging(c));
}

export function judgeVoidObject(c: KeysCampaign, more: Step[], s: GatewaySession): Outcome {
  if (c.skipped) return { finding: c.skipped.finding, reason: c.skipped.reason, evidence: [] };
  const deletes = [...c.deletes, ...more];
  const evidence: Evidence[] = [];
  const failures: string[] = [];
  let judged = 0;
  for (const d of deletes) {
    const r = d.result;
    if (!r.ok) {
      evidence.push(probeEvidence(d.probe, r, 'inconclusive'));
      continue;
    }
    const res = r.response;
    if (res.status === 403 || credentialRefusal(r) || res.status >= 500) {
      evidence.push(probeEvidence(d.probe, r, 'inconclusive'));
      continue;
    }
    judged++;
    const problems: string[] = [];
    if (res.status !== 200)
      problems.push(`answered ${res.status}${res.body.length ? '' : ' with no body'}, not 200 with {}`);
    else {
      const op = r.observation.operation;
      const errors = op
        ? s.target.api.validator.validate(op, 200, headerValue(res.headers, 'content-type'), res.body).errors
        : ['no operation of the description matches'];
      const text = res.body.toString('utf8').trim();
      let empty = false;
      try {
        const v = JSON.parse(text) as unknown;
        empty = !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
      } catch {
        /* not JSON */
      }
      if (!empty) problems.push(`body ${JSON.stringify(text.slice(0, 80))} is not {}`);
      problems.push(...errors);
    }
    if (problems.length) failures.push(`${d.probe.method} ${d.probe.path}: ${problems.join('; ')}`);
    evidence.push({
      ...probeEvidence(d.probe, r, problems.length ? 'fail' : 'pass'),
      ...(problems.length ? { details: { problems } } : {}),
    });
  }
  evidence.push(...leftoverEvidence(c));
  if (failures.length)
    return {
      finding: 'fail',
      reason: `Deletes do not answer a VoidObject: ${failures[0]}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}.`,
      evidence,
    };
  if (!judged)
    return {
      finding: 'inconclusive',
      reason: 'No DELETE could be exercised (no key was created).',
      evidence,
    };
  return {
    finding: 'pass',
    reason: `All ${judged} DELETE operations exercised answer 200 with {}, a valid VoidObject.`,
    evidence,
  };
}
