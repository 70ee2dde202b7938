import type { Evidence } from '../../../core/evidence.js';
import type { Outcome } from '../../../core/suite.js';
import type { GatewaySession, Probe } from '../session.js';
import { credentialRefusal } from '../control.js';
import { is2xx, probeEvidence } from '../probe-evidence.js';
import { removeKey, seen, validKeySeed, writeSkip, type KeysCampaign, type Step } from './keys.js';

export interface RbacCampaign {
  skipped?: KeysCampaign['skipped'];
  read?: Step;
  writes: Step[];
  /** The admin's own create, as control that a write is possible at all. */
  adminCreate?: Step;
  deletes: Step[];
  leftovers: string[];
}

/**
 * A non-admin client reads a client's keys (must succeed), then tries to add a key and to delete
 * one the admin created (each must be 403); the admin then removes what exists.
 */
export async function rbacCampaign(s: GatewaySession): Promise<RbacCampaign> {
  const c: RbacCampaign = { writes: [], deletes: [], leftovers: [] };
  const skipped = writeSkip(s, ['clientId']);
  if (skipped) return { ...c, skipped };
  if (!s.target.nonAdmin)
    return {
      ...c,
      skipped: {
        finding: 'not-applicable',
        reason: 'No non-admin client is configured (nonAdmin), so the role check cannot be made.',
      },
    };
  const owner = {
    collection: `/clients/${encodeURIComponent(s.target.ids['clientId'] ?? '')}`,
    label: `client ${s.target.ids['clientId']}`,
  };
  const [nonAdminSeed, adminSeed] = await Promise.all([validKeySeed(), validKeySeed()]);
  const read: Probe = {
    campaign: 'rbac',
    label: 'non-admin reads keys',
    method: 'GET',
    path: `${owner.collection}/keys?offset=0&limit=1`,
    identity: 'nonAdmin',
  };
  c.read = { probe: read, result: await s.send(read) };
  const add: Probe = {
    campaign: 'rbac',
    label: 'non-admin adds a key',
    method: 'POST',
    path: `${owner.collection}/keys`,
    identity: 'nonAdmin',
    body: nonAdminSeed,
  };
  const added = { probe: add, result: await s.send(add) };
  c.writes.push(added);
  if (is2xx(added.result)) await removeKey(s, owner, added.result, c);
  const adminAdd: Probe = {
    campaign: 'rbac',
    label: 'admin adds a key (control)',
    method: 'POST',
    path: `${owner.collection}/keys`,
    body: adminSeed,
  };
  c.adminCreate = { probe: adminAdd, result: await s.send(adminAdd) };
  const kid = c.adminCreate.result.ok
    ? (c.adminCreate.result.json as { jwk?: { kid?: string } } | undefined)?.jwk?.kid
    : undefined;
  if (kid) {
    const del: Probe = {
      campaign: 'rbac',
      label: 'non-admin deletes a key',
      method: 'DELETE',
      path: `${owner.collection}/keys/${encodeURIComponent(kid)}`,
      identity: 'nonAdmin',
    };
    const deleted = { probe: del, result: await s.send(del) };
    c.writes.push(deleted);
    // Unless the non-admin (wrongly) removed it, the admin does.
    if (!is2xx(deleted.result)) await removeKey(s, owner, c.adminCreate.result, c);
  }
  return c;
}

export function judgeRbac(c: RbacCampaign): Outcome {
  if (c.skipped) return { finding: c.skipped.finding, reason: c.skipped.reason, evidence: [] };
  const evidence: Evidence[] = [];
  const failures: string[] = [];
  const unknown: string[] = [];
  if (c.read) {
    const r = c.read.result;
    if (!r.ok) unknown.push(`read: ${r.reason}`);
    else if (r.response.status === 403) failures.push('the non-admin client may not even read (403)');
    else if (!is2xx(r)) unknown.push(`read ${seen(r)}`);
    evidence.push(
      probeEvidence(
        c.read.probe,
        r,
        !r.ok || (!is2xx(r) && r.response.status !== 403) ? 'inconclusive' : is2xx(r) ? 'pass' : 'fail',
      ),
    );
  }
  if (c.adminCreate)
    evidence.push(
      probeEvidence(
        c.adminCreate.probe,
        c.adminCreate.result,
        is2xx(c.adminCreate.result) ? 'info' : 'inconclusive',
      ),
    );
  if (!c.adminCreate || !is2xx(c.adminCreate.result))
    unknown.push(
      `the admin control could not create a key (${c.adminCreate ? seen(c.adminCreate.result) : 'not sent'}), so the delete by a non-admin was not tried`,
    );
  for (const w of c.writes) {
    const r = w.result;
    if (!r.ok || r.response.status >= 500 || credentialRefusal(r)) {
      unknown.push(`${w.probe.label} (${seen(r)})`);
      evidence.push(probeEvidence(w.probe, r, 'inconclusive'));
    } else if (r.response.status === 403) evidence.push(probeEvidence(w.probe, r, 'pass'));
    else {
      failures.push(`${w.probe.label}: answered ${r.response.status}, not 403`);
      evidence.push(probeEvidence(w.probe, r, 'fail'));
    }
  }
  if (c.leftovers.length)
    evidence.push({
      label: 'cleanup',
      outcome: `could not remove: ${c.leftovers.join(', ')} - delete by hand`,
      finding: 'warn',
    });
  if (failures.length)
    return { finding: 'fail', reason: `Roles are not enforced: ${failures.join('; ')}.`, evidence };
  if (unknown.length)
    return { finding: 'inconclusive', reason: `Could not judge: ${unknown.join('; ')}.`, evidence };
  return {
    finding: 'pass',
    reason: 'A non-admin client reads keys, but adding or deleting a key is refused with 403.',
    evidence,
  };
}
