import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { headerValue } from '../../http/client.js';
import { compared, notCompared, type Comparison } from '../../modi/comparison.js';
import { compareDigestValue, digestFormProblem } from '../../modi/digest.js';
import { compareSignedHeaders, signatureProblem } from '../../modi/agid-signature.js';
import { problemDetailsProblems } from '../../modi/problem.js';
import { rateLimitProblems } from '../../modi/rate-limit.js';
import type { GatewayKeySet } from './gateway-keys.js';
import type { GatewaySession, Observation } from './session.js';

/** The rules every v3 response is held to, each a check kind of suites/pdnd-interop-v3.yaml. */
export const RESPONSE_RULES = [
  'response-digest-form',
  'response-digest-value',
  'response-signature',
  'response-signed-headers',
  'response-rate-limit',
  'response-schema',
] as const;
export type ResponseRule = (typeof RESPONSE_RULES)[number];

export interface Inspection {
  examined: Observation[];
  /** Per rule: observation seq → what is wrong with it (only responses the rule could compare). */
  problems: Record<ResponseRule, Map<number, string[]>>;
  /** Per rule: observation seq → why the rule could not be applied to it (so it proves nothing either way). */
  notCompared: Record<ResponseRule, Map<number, string>>;
  keys: GatewayKeySet;
}

/** The status kinds a PASS needs compared: a success and the provoked 400, 401 and 404. */
const REQUIRED_ERRORS = [400, 401, 404];

/** Where a rule that could not be applied sends the reader: the rule that owns the absence. */
const NOT_COMPARED_TEXT: Partial<Record<ResponseRule, string>> = {
  'response-digest-value': 'Digest absent or malformed on {n} responses, see PDND3-INT-01',
  'response-signature': "the gateway's keys could not be had for {n} responses",
  'response-signed-headers':
    'Agid-JWT-Signature or Digest absent or undecodable on {n} responses, see PDND3-INT-03 and PDND3-INT-01',
  'response-schema': 'the description gives no schema ajv can apply to {n} response bodies',
};

function schemaComparison(s: GatewaySession, o: Observation): Comparison {
  const type = headerValue(o.headers, 'content-type');
  const problems = problemDetailsProblems(o);
  if (!o.operation)
    return compared(o.status < 400 ? ['no operation of the description matches this request'] : problems);
  const v = s.target.api.validator.validate(o.operation, o.status, type, o.body);
  // A body nobody can validate (a non-JSON type, no schema) is not conforming, only unchecked.
  if (!v.validated && !v.errors.length && o.body.length && !problems.length && o.status < 400)
    return notCompared(v.reason);
  return compared([...problems, ...v.errors]);
}

/** Runs every rule over every v3 response in the session's log (after all campaigns are done). */
export async function inspect(s: GatewaySession, keys: GatewayKeySet): Promise<Inspection> {
  const examined = s.log.filter((o) => o.v3);
  const perRule = <T>() => Object.fromEntries(RESPONSE_RULES.map((r) => [r, new Map<number, T>()]));
  const problems = perRule<string[]>() as Inspection['problems'];
  const skipped = perRule<string>() as Inspection['notCompared'];
  const note = (rule: ResponseRule, o: Observation, c: Comparison) => {
    if (!c.compared) skipped[rule].set(o.seq, c.why);
    else if (c.problems.length) problems[rule].set(o.seq, c.problems);
  };
  for (const o of examined) {
    const digest = headerValue(o.headers, 'digest');
    const signature = headerValue(o.headers, 'agid-jwt-signature');
    note('response-digest-form', o, compared(digestFormProblem(digest)));
    note('response-digest-value', o, compareDigestValue(digest, o));
    note(
      'response-signature',
      o,
      keys.verify
        ? compared(await signatureProblem(signature, keys.verify))
        : notCompared(keys.unavailable ?? 'no gateway keys'),
    );
    note('response-signed-headers', o, compareSignedHeaders(signature, o));
    note('response-rate-limit', o, compared(rateLimitProblems(o)));
    note('response-schema', o, schemaComparison(s, o));
  }
  return { examined, problems, notCompared: skipped, keys };
}

const MAX_LISTED = 25;

/** The statuses seen, e.g. "200×12, 400×30, 401×5". */
function statusMix(obs: readonly Observation[]): string {
  const counts = new Map<number, number>();
  for (const o of obs) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(', ');
}

const RULE_TEXT: Record<ResponseRule, string> = {
  'response-digest-form': 'carry a Digest of the form SHA-256=<base64>',
  'response-digest-value': 'carry a Digest equal to the SHA-256 of the bytes received',
  'response-signature': "carry an Agid-JWT-Signature that verifies with the gateway's key",
  'response-signed-headers': 'carry signed_headers covering Digest, Content-Type and Content-Encoding',
  'response-rate-limit': 'carry valid X-Rate-Limit-Limit, -Remaining and -Interval headers',
  'response-schema': 'conform to the schemas of the description (errors as Problem)',
};

const line = (o: Observation, what: string) => `${o.method} ${o.path} → ${o.status}: ${what}`;

/** Observations as evidence: the first ones one by one, the rest in one item that still lists each. */
function listed(
  obs: Observation[],
  what: (o: Observation) => string,
  finding: Evidence['finding'],
): Evidence[] {
  const items: Evidence[] = obs.slice(0, MAX_LISTED).map((o) => ({
    label: `${o.method} ${o.path} → ${o.status}`,
    outcome: what(o),
    ...(finding ? { finding } : {}),
    details: { method: o.method, path: o.path, status: o.status, campaign: o.campaign, probe: o.label },
  }));
  if (obs.length > MAX_LISTED)
    items.push({
      label: `${obs.length - MAX_LISTED} more`,
      outcome: `${obs.length - MAX_LISTED} more responses, each in the details`,
      ...(finding ? { finding } : {}),
      details: { responses: obs.slice(MAX_LISTED).map((o) => line(o, what(o))) },
    });
  return items;
}

/**
 * The verdict of one rule over the log. FAIL on any compared response that breaks it (each one
 * listed); PASS only when the rule could be applied to every response examined, a success and a
 * 400, 401 and 404 among them; otherwise INCONCLUSIVE, saying which rule owns what was missing.
 */
export function judgeRule(rule: ResponseRule, i: Inspection): Outcome {
  const skipped = i.examined.filter((o) => i.notCompared[rule].has(o.seq));
  const comparedObs = i.examined.filter((o) => !i.notCompared[rule].has(o.seq));
  const failing = comparedObs.filter((o) => i.problems[rule].has(o.seq));
  const n = i.examined.length;
  const evidence: Evidence[] = [
    {
      label: 'responses examined',
      outcome: `${n} responses (${statusMix(i.examined) || 'none'}), ${comparedObs.length} compared, ${failing.length} failing`,
      details: {
        examined: n,
        compared: comparedObs.length,
        notCompared: skipped.length,
        failing: failing.length,
        byCampaign: Object.fromEntries(
          [...new Set(i.examined.map((o) => o.campaign))].map((c) => [
            c,
            i.examined.filter((o) => o.campaign === c).length,
          ]),
        ),
      },
    },
    ...(rule === 'response-signature' ? [i.keys.evidence] : []),
    ...listed(failing, (o) => i.problems[rule].get(o.seq)!.join('; '), 'fail'),
    ...listed(skipped, (o) => `not compared: ${i.notCompared[rule].get(o.seq)!}`, 'inconclusive'),
  ];
  if (failing.length) {
    const first = failing[0]!;
    return {
      finding: 'fail',
      reason: `${failing.length} of ${comparedObs.length} responses compared do not ${RULE_TEXT[rule]} (first: ${line(first, i.problems[rule].get(first.seq)![0]!)}).`,
      evidence,
    };
  }
  if (skipped.length) {
    const text = (NOT_COMPARED_TEXT[rule] ?? 'could not be compared on {n} responses').replace(
      '{n}',
      String(skipped.length),
    );
    const first = skipped[0]!;
    return {
      finding: 'inconclusive',
      reason: `${text[0]!.toUpperCase()}${text.slice(1)} (first: ${line(first, i.notCompared[rule].get(first.seq)!)}); the ${comparedObs.length} compared all ${RULE_TEXT[rule]}.`,
      evidence,
    };
  }
  const ok = comparedObs.some((o) => o.status >= 200 && o.status < 300);
  const errors = REQUIRED_ERRORS.filter((s) => !comparedObs.some((o) => o.status === s));
  if (!ok || errors.length) {
    const missing = [...(!ok ? ['a successful response'] : []), ...errors.map((s) => `a ${s}`)].join(', ');
    return {
      finding: 'inconclusive',
      reason: `The ${n} responses examined all ${RULE_TEXT[rule]}, but ${missing} could not be obtained to check.`,
      evidence,
    };
  }
  return {
    finding: 'pass',
    reason: `All ${n} responses examined (${statusMix(i.examined)}) ${RULE_TEXT[rule]}.`,
    evidence,
  };
}
