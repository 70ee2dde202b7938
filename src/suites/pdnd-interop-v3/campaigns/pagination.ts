import type { Evidence } from '../../../core/evidence.js';
import type { Outcome } from '../../../core/suite.js';
import { boundsOf, fillPath, type Operation, type Parameter } from '../../../openapi/operations.js';
import { probeValue, requiredQuery } from '../../../openapi/probe-values.js';
import type { ResponseValidator } from '../../../openapi/validator.js';
import type { GatewaySession, Probe, ProbeResult } from '../session.js';
import { credentialRefusal } from '../control.js';
import { outcomeOf } from '../probe-evidence.js';

/** One request of the pagination campaign: the query it sends and whether PDND must accept it. */
interface Case {
  name: string;
  query: Record<string, string | undefined>;
  expect: 'accept' | 'reject';
  /** For accepted requests: the largest number of items the answer may hold. */
  max?: number;
}

type CaseVerdict = 'pass' | 'fail' | 'inconclusive';

interface CaseResult {
  name: string;
  path: string;
  status?: number;
  verdict: CaseVerdict;
  note: string;
}

export interface OperationReport {
  operation: string;
  kind: 'offset/limit' | 'events';
  /** Where the path parameters came from: the profile's ids, or placeholders (the control may then be a 404). */
  ids: 'none' | 'profile' | 'placeholder';
  /** The path parameters no id was configured for, filled with placeholders. */
  placeholders: string[];
  notReached?: string;
  cases: CaseResult[];
}

export interface PaginationCampaign {
  operations: OperationReport[];
}

/**
 * Every case of one operation: the first is the positive control, the last the closing one.
 * `other`: the operation's other required query parameters, each with a value its schema accepts.
 */
function casesFor(limit: Parameter, offset: Parameter | undefined, other: Record<string, string>): Case[] {
  const { minimum: min = 1, maximum: max = 50 } = boundsOf(limit);
  const base = (l: string | undefined, o: string | undefined = '0'): Record<string, string | undefined> => ({
    ...other,
    ...(offset ? { offset: o, limit: l } : { limit: l }),
  });
  const cases: Case[] = [
    { name: `limit=${min}`, query: base(String(min)), expect: 'accept', max: min },
    { name: `limit=${min - 1}`, query: base(String(min - 1)), expect: 'reject' },
    { name: `limit=${max + 1}`, query: base(String(max + 1)), expect: 'reject' },
    { name: 'missing limit', query: base(undefined), expect: 'reject' },
    { name: 'limit=ten (not an integer)', query: base('ten'), expect: 'reject' },
  ];
  if (offset) {
    const omin = boundsOf(offset).minimum ?? 0;
    cases.push(
      { name: `offset=${omin - 1}`, query: base('1', String(omin - 1)), expect: 'reject' },
      { name: 'missing offset', query: { ...other, limit: '1' }, expect: 'reject' },
    );
  }
  cases.push({ name: `limit=${max}`, query: base(String(max)), expect: 'accept', max });
  return cases;
}

function query(q: Record<string, string | undefined>): string {
  const parts = Object.entries(q).flatMap(([k, v]) =>
    v === undefined ? [] : [`${encodeURIComponent(k)}=${encodeURIComponent(v)}`],
  );
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * Values for the path parameters nobody configured and for the other required query parameters,
 * each accepted by its schema (so a validating gateway answers 404 or an empty page, not 400);
 * the names no valid value could be made for.
 */
function probeValues(v: ResponseValidator, op: Operation, ids: Readonly<Record<string, string>>) {
  const path: Record<string, string> = {};
  const unsatisfied: string[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'path' && ids[x.name] === undefined)) {
    const value = probeValue(v, p);
    if (value === undefined) unsatisfied.push(p.name);
    else path[p.name] = value;
  }
  const query = requiredQuery(v, op, ['offset', 'limit']);
  return { path, query: query.values, unsatisfied: [...unsatisfied, ...query.unsatisfied] };
}

/** The array of items in a collection body: `results` (offset/limit) or `events`, else the only array. */
function itemsOf(json: unknown): unknown[] | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  for (const key of ['results', 'events']) if (Array.isArray(o[key])) return o[key] as unknown[];
  const arrays = Object.values(o).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] as unknown[]) : undefined;
}

const noId = (params: string[]) =>
  `404 for a placeholder: no id configured for ${params.join(', ')} (profile ids)`;

/**
 * One case. A 404 where a placeholder filled the path says only that the object does not exist:
 * the query may never have been validated, so it decides nothing either way - a control that
 * answers it is no control, and the operation is INCONCLUSIVE until an id is configured.
 */
function judgeCase(c: Case, r: ProbeResult, placeholders: string[]): Omit<CaseResult, 'name' | 'path'> {
  if (!r.ok) return { verdict: 'inconclusive', note: r.reason };
  const status = r.response.status;
  const refused = credentialRefusal(r);
  if (refused || status === 403 || status >= 500)
    return { status, verdict: 'inconclusive', note: refused ?? `answered ${outcomeOf(r)}` };
  if (c.expect === 'reject') {
    if (status === 400) return { status, verdict: 'pass', note: 'refused with 400' };
    if (status >= 200 && status < 300)
      return { status, verdict: 'fail', note: `accepted (${status}), not 400` };
    if (status === 404 && placeholders.length)
      return { status, verdict: 'inconclusive', note: noId(placeholders) };
    return { status, verdict: 'fail', note: `answered ${status}, not 400` };
  }
  if (status === 404 && placeholders.length)
    return { status, verdict: 'inconclusive', note: noId(placeholders) };
  if (status < 200 || status >= 300) return { status, verdict: 'fail', note: `refused with ${outcomeOf(r)}` };
  const items = itemsOf(r.json);
  if (!items) return { status, verdict: 'fail', note: 'the body holds no list of results' };
  if (c.max !== undefined && items.length > c.max)
    return { status, verdict: 'fail', note: `${items.length} results for ${c.name}` };
  return { status, verdict: 'pass', note: `accepted, ${items.length} result(s)` };
}

/**
 * Every operation the description paginates (shared offset/limit) and every event feed (own limit,
 * no offset), each probed with its bounds from the file. Runs after the other campaigns and only
 * on what is left of the request budget: an operation whose cases no longer fit is reported as
 * not reached, never half-probed.
 */
export async function paginationCampaign(s: GatewaySession): Promise<PaginationCampaign> {
  const { paginated, events, validator } = s.target.api;
  const plan = [
    ...paginated.map((p) => ({
      op: p.operation,
      kind: 'offset/limit' as const,
      limit: p.limit,
      offset: p.offset,
    })),
    ...events.map((e) => ({ op: e.operation, kind: 'events' as const, limit: e.limit, offset: undefined })),
  ].map((p) => {
    const values = probeValues(validator, p.op, s.target.ids);
    return { ...p, values, cases: casesFor(p.limit, p.offset, values.query) };
  });
  let reserved = 0;
  const operations = await Promise.all(
    plan.map(async ({ op, kind, cases, values }): Promise<OperationReport> => {
      const params = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      const unconfigured = params.filter((n) => s.target.ids[n] === undefined);
      const ids = params.length === 0 ? 'none' : unconfigured.length ? 'placeholder' : 'profile';
      const report: OperationReport = {
        operation: `${op.method} ${op.path}`,
        kind,
        ids,
        placeholders: unconfigured,
        cases: [],
      };
      if (values.unsatisfied.length) {
        report.notReached = `no value its schema accepts could be made for ${values.unsatisfied.join(', ')}`;
        return report;
      }
      if (s.remaining - reserved < cases.length) {
        report.notReached = `the request budget (${s.target.load.requestBudget}) does not cover its ${cases.length} requests`;
        return report;
      }
      reserved += cases.length;
      const path = fillPath(op.path, { ...values.path, ...s.target.ids }, (n) => n);
      const run = async (c: Case) => {
        const probe: Probe = {
          campaign: 'pagination',
          label: c.name,
          method: op.method,
          path: `${path}${query(c.query)}`,
        };
        const r = await s.send(probe);
        return {
          name: c.name,
          path: probe.path,
          ...(r.ok ? { status: r.response.status } : {}),
          ...judgeCase(c, r, unconfigured),
        };
      };
      // Positive control first and last; the mutations between them run in parallel.
      const first = await run(cases[0]!);
      const middle = await Promise.all(cases.slice(1, -1).map(run));
      const last = await run(cases[cases.length - 1]!);
      report.cases = [first, ...middle, last];
      reserved -= cases.length;
      return report;
    }),
  );
  return { operations };
}

/**
 * The verdict of one operation: its negatives count only when both controls were accepted (a 2xx
 * with at most limit results); an operation never passes without them.
 */
function operationVerdict(r: OperationReport): { verdict: CaseVerdict; why: string } {
  if (r.notReached) return { verdict: 'inconclusive', why: `not reached: ${r.notReached}` };
  const first = r.cases[0]!;
  const last = r.cases[r.cases.length - 1]!;
  const failed = r.cases.filter((c) => c.verdict === 'fail');
  const controlOk = first.verdict === 'pass' && last.verdict === 'pass';
  // An accepted mutation proves non-compliance even without controls; a refusal proves nothing without them.
  const accepted = failed.filter(
    (c) => c !== first && c !== last && c.status !== undefined && c.status >= 200 && c.status < 300,
  );
  if (accepted.length) return { verdict: 'fail', why: accepted.map((c) => `${c.name} ${c.note}`).join('; ') };
  if (!controlOk) {
    const bad = first.verdict !== 'pass' ? first : last;
    return {
      verdict: bad.verdict === 'fail' ? 'fail' : 'inconclusive',
      why: `control ${bad.name}: ${bad.note}`,
    };
  }
  if (failed.length) return { verdict: 'fail', why: failed.map((c) => `${c.name} ${c.note}`).join('; ') };
  const unknown = r.cases.filter((c) => c.verdict === 'inconclusive');
  if (unknown.length)
    return { verdict: 'inconclusive', why: unknown.map((c) => `${c.name}: ${c.note}`).join('; ') };
  return { verdict: 'pass', why: 'bounds enforced' };
}

export function judgePagination(c: PaginationCampaign): Outcome {
  const judged = c.operations.map((r) => ({ r, ...operationVerdict(r) }));
  const count = (v: CaseVerdict) => judged.filter((j) => j.verdict === v).length;
  const offsetLimit = c.operations.filter((o) => o.kind === 'offset/limit').length;
  const evidence: Evidence[] = [
    {
      label: 'operations derived from the OpenAPI description',
      outcome: `${offsetLimit} with the shared offset/limit parameters, ${c.operations.length - offsetLimit} event operations; ${c.operations.reduce((n, o) => n + o.cases.length, 0)} requests`,
      details: {
        pass: count('pass'),
        fail: count('fail'),
        inconclusive: count('inconclusive'),
        placeholderIds: c.operations.filter((o) => o.ids === 'placeholder').map((o) => o.operation),
      },
    },
    ...judged.map(({ r, verdict, why }) => ({
      label: `${r.operation} (${r.kind})`,
      outcome:
        verdict === 'pass' ? `${r.cases.map((x) => `${x.name} → ${x.status ?? '-'}`).join(', ')}` : why,
      finding: verdict,
      details: { ids: r.ids, cases: r.cases },
    })),
  ];
  if (!c.operations.length)
    return {
      finding: 'inconclusive',
      reason: 'The OpenAPI description has no paginated operation to check.',
      evidence,
    };
  const failed = judged.filter((j) => j.verdict === 'fail');
  if (failed.length) {
    const list = failed
      .slice(0, 5)
      .map((j) => `${j.r.operation}: ${j.why}`)
      .join('; ');
    return {
      finding: 'fail',
      reason: `${failed.length} of ${judged.length} paginated operations do not enforce their bounds (${list}${failed.length > 5 ? '; ...' : ''}).`,
      evidence,
    };
  }
  const unknown = judged.filter((j) => j.verdict === 'inconclusive');
  if (unknown.length) {
    return {
      finding: 'inconclusive',
      reason: `${unknown.length} of ${judged.length} paginated operations could not be judged (first: ${unknown[0]!.r.operation}: ${unknown[0]!.why}).`,
      evidence,
    };
  }
  return {
    finding: 'pass',
    reason: `All ${judged.length} paginated operations of the description (${offsetLimit} offset/limit, ${judged.length - offsetLimit} events) refuse out-of-bound, missing and non-integer values with 400 and honour limit.`,
    evidence,
  };
}
