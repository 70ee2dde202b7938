import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Evidence } from '../../../core/evidence.js';
import type { Outcome } from '../../../core/suite.js';
import { headerValue } from '../../../http/client.js';
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

/** KeySeed mutations, each breaking one rule of the schema. */
const MUTATIONS: { label: string; mutate: (s: Record<string, unknown>) => Record<string, unknown> }[] = [
  { label: 'name of 4 characters', mutate: (s) => ({ ...s, name: 'abcd' }) },
  { label: 'name of 61 characters', mutate: (s) => ({ ...s, name: 'a'.repeat(61) }) },
  { label: 'use "sig" (lower case)', mutate: (s) => ({ ...s, use: 'sig' }) },
  { label: 'use "VERIFY"', mutate: (s) => ({ ...s, use: 'VERIFY' }) },
  { label: 'an extra property', mutate: (s) => ({ ...s, kid: 'attesta-extra' }) },
];

export interface Step {
  probe: Probe;
  result: ProbeResult;
}

export interface KeysCampaign {
  skipped?: { finding: 'not-applicable' | 'inconclusive'; reason: string };
  first?: Step;
  negatives: Step[];
  last?: Step;
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
 * Valid KeySeed accepted (and the key removed), each invalid KeySeed refused, valid again; then
 * the same create/delete on a producer keychain when one is configured, for the VoidObject check.
 */
export async function keysCampaign(s: GatewaySession): Promise<KeysCampaign> {
  const c: KeysCampaign = { negatives: [], deletes: [], leftovers: [] };
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
  c.first = await createAndDelete(s, client, 'valid KeySeed (first)', c, seed());
  for (const m of MUTATIONS) {
    const probe: Probe = {
      campaign: 'keys',
      label: `KeySeed with ${m.label}`,
      method: 'POST',
      path: `${client.collection}/keys`,
      body: m.mutate(mutated),
    };
    const result = await s.send(probe);
    c.negatives.push({ probe, result });
    if (is2xx(result)) await removeKey(s, client, result, c);
  }
  c.last = await createAndDelete(s, client, 'valid KeySeed (last)', c, seed());
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

export function judgeKeySeed(c: KeysCampaign): Outcome {
  if (c.skipped) return { finding: c.skipped.finding, reason: c.skipped.reason, evidence: [] };
  const evidence: Evidence[] = [];
  const control = (st: Step | undefined) => st && is2xx(st.result);
  if (c.first)
    evidence.push(probeEvidence(c.first.probe, c.first.result, control(c.first) ? 'info' : 'inconclusive'));
  const failures: string[] = [];
  const unknown: string[] = [];
  for (const n of c.negatives) {
    const r = n.result;
    if (!r.ok || r.response.status >= 500 || credentialRefusal(r) || r.response.status === 403) {
      unknown.push(`${n.probe.label} (${seen(r)})`);
      evidence.push(probeEvidence(n.probe, r, 'inconclusive'));
    } else if (r.response.status === 400) evidence.push(probeEvidence(n.probe, r, 'pass'));
    else {
      failures.push(`${n.probe.label} answered ${r.response.status}`);
      evidence.push(probeEvidence(n.probe, r, 'fail'));
    }
  }
  if (c.last)
    evidence.push(probeEvidence(c.last.probe, c.last.result, control(c.last) ? 'info' : 'inconclusive'));
  evidence.push(...leftoverEvidence(c));
  if (failures.length)
    return { finding: 'fail', reason: `Invalid KeySeeds are not refused: ${failures.join('; ')}.`, evidence };
  if (!control(c.first) || !control(c.last)) {
    const bad = !control(c.first) ? c.first : c.last;
    const why = !bad ? 'not sent' : bad.result.ok ? `answered ${outcomeOf(bad.result)}` : bad.result.reason;
    return {
      finding: 'inconclusive',
      reason: `A valid KeySeed was not accepted (${why}), so the refusals prove nothing.`,
      evidence,
    };
  }
  if (unknown.length)
    return { finding: 'inconclusive', reason: `Could not judge: ${unknown.join(', ')}.`, evidence };
  return {
    finding: 'pass',
    reason: `A valid KeySeed is accepted (and the key removed); names of 4 and 61 characters, use in another case or value, and an extra property are refused with 400.`,
    evidence,
  };
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
