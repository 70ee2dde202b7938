import { randomUUID } from 'node:crypto';
import type { Evidence } from '../../../core/evidence.js';
import type { Outcome } from '../../../core/suite.js';
import { headerValue } from '../../../http/client.js';
import { problemDetailsProblems } from '../../../modi/problem.js';
import type { Operation } from '../../../openapi/operations.js';
import { probeValue } from '../../../openapi/probe-values.js';
import type { GatewaySession, Probe, ProbeResult } from '../session.js';
import { credentialRefusal } from '../control.js';
import { outcomeOf, probeEvidence } from '../probe-evidence.js';

interface Step {
  probe: Probe;
  result: ProbeResult;
  operation?: Operation;
}

export type UsersCampaign =
  { missing: string } | { list: Step; item?: Step; unknown: Step; userIdFrom: string };

/** A userId nobody has that the description's schema accepts: a fresh UUID where it may be one. */
function unknownUserId(s: GatewaySession, itemOp: Operation): string {
  const fresh = randomUUID();
  const param = itemOp.parameters.find((p) => p.in === 'path' && p.name === 'userId');
  const { validator } = s.target.api;
  if (!param || validator.compile(param.schema)(fresh)) return fresh;
  return probeValue(validator, param) ?? fresh;
}

/** GET /users, GET /users/{userId} (configured or the first listed), and an unknown userId. */
export async function usersCampaign(s: GatewaySession): Promise<UsersCampaign> {
  const ops = s.target.api.operations;
  const listOp = ops.find((o) => o.method === 'GET' && o.path === '/users');
  const itemOp = ops.find((o) => o.method === 'GET' && o.path === '/users/{userId}');
  if (!listOp || !itemOp)
    return { missing: 'the OpenAPI description has no GET /users and GET /users/{userId}' };
  const listProbe: Probe = {
    campaign: 'users',
    label: 'list users',
    method: 'GET',
    path: '/users?offset=0&limit=5',
  };
  const unknownProbe: Probe = {
    campaign: 'users',
    label: 'unknown userId',
    method: 'GET',
    path: `/users/${encodeURIComponent(unknownUserId(s, itemOp))}`,
  };
  const [list, unknown] = await Promise.all([s.send(listProbe), s.send(unknownProbe)]);
  let userId = s.target.ids['userId'];
  let userIdFrom = 'the profile';
  if (!userId && list.ok) {
    const first = (list.json as { results?: { userId?: unknown }[] } | undefined)?.results?.[0]?.userId;
    if (typeof first === 'string') {
      userId = first;
      userIdFrom = 'the first user listed';
    }
  }
  const result: UsersCampaign = {
    list: { probe: listProbe, result: list, operation: listOp },
    unknown: { probe: unknownProbe, result: unknown, operation: itemOp },
    userIdFrom,
  };
  if (userId) {
    const itemProbe: Probe = {
      campaign: 'users',
      label: 'one user',
      method: 'GET',
      path: `/users/${encodeURIComponent(userId)}`,
    };
    result.item = { probe: itemProbe, result: await s.send(itemProbe), operation: itemOp };
  }
  return result;
}

export function judgeUsers(c: UsersCampaign, s: GatewaySession): Outcome {
  if ('missing' in c)
    return { finding: 'inconclusive', reason: `Cannot check the users tag: ${c.missing}.`, evidence: [] };
  const evidence: Evidence[] = [];
  const failures: string[] = [];
  const unknown: string[] = [];
  const bodyProblems = (step: Step): string[] => {
    if (!step.result.ok || !step.operation) return [];
    const res = step.result.response;
    return s.target.api.validator.validate(
      step.operation,
      res.status,
      headerValue(res.headers, 'content-type'),
      res.body,
    ).errors;
  };
  /** Our credentials refused (a nonce challenge included) or a 5xx: nothing about the users tag. */
  const undecided = (r: Extract<ProbeResult, { ok: true }>) =>
    credentialRefusal(r) ?? (r.response.status >= 500 ? `answered ${outcomeOf(r)}` : undefined);
  const expectOk = (step: Step | undefined, what: string) => {
    if (!step) {
      unknown.push(`no userId to read (none in the profile's ids and none listed)`);
      return;
    }
    const r = step.result;
    if (!r.ok) {
      unknown.push(`${what}: ${r.reason}`);
      evidence.push(probeEvidence(step.probe, r, 'inconclusive'));
      return;
    }
    if (r.response.status !== 200) {
      const why = undecided(r);
      if (why) unknown.push(`${what}: ${why}`);
      else failures.push(`${what} answered ${outcomeOf(r)}, not 200`);
      evidence.push(probeEvidence(step.probe, r, why ? 'inconclusive' : 'fail'));
      return;
    }
    const problems = bodyProblems(step);
    if (problems.length) failures.push(`${what}: ${problems.join('; ')}`);
    evidence.push({
      ...probeEvidence(step.probe, r, problems.length ? 'fail' : 'pass'),
      ...(problems.length ? { details: { schemaErrors: problems } } : {}),
    });
  };
  expectOk(c.list, 'GET /users');
  expectOk(c.item, `GET /users/{userId} (id from ${c.userIdFrom})`);
  const u = c.unknown.result;
  let unknownFinding: Evidence['finding'] = 'inconclusive';
  if (!u.ok) unknown.push(`unknown userId: ${u.reason}`);
  else if (undecided(u)) unknown.push(`an unknown userId: ${undecided(u)}`);
  else if (u.response.status !== 404) {
    failures.push(`an unknown userId answered ${outcomeOf(u)}, not 404`);
    unknownFinding = 'fail';
  } else {
    const problems = [...problemDetailsProblems(u.response), ...bodyProblems(c.unknown)];
    if (problems.length)
      failures.push(`the 404 for an unknown userId is not a Problem: ${problems.join('; ')}`);
    unknownFinding = problems.length ? 'fail' : 'pass';
  }
  evidence.push(probeEvidence(c.unknown.probe, u, unknownFinding));
  if (failures.length)
    return {
      finding: 'fail',
      reason: `The users tag does not behave as documented: ${failures.join('; ')}.`,
      evidence,
    };
  if (unknown.length)
    return {
      finding: 'inconclusive',
      reason: `Could not check the users tag fully: ${unknown.join('; ')}.`,
      evidence,
    };
  return {
    finding: 'pass',
    reason:
      'GET /users and GET /users/{userId} answer valid Users and User bodies, and an unknown userId answers 404 with a Problem.',
    evidence,
  };
}
