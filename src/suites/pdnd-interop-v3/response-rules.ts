import type { JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet } from 'jose';
import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { headerValue, httpRequest } from '../../http/client.js';
import { digestFormProblem, digestValueProblem } from '../../modi/digest.js';
import { signatureProblem, signedHeadersProblems } from '../../modi/agid-signature.js';
import { problemDetailsProblems } from '../../modi/problem.js';
import { rateLimitProblems } from '../../modi/rate-limit.js';
import type { GatewaySession, Observation } from './session.js';

/** The rules every v3 response is held to, one per requirement id. */
export const RESPONSE_RULES = [
  'PDND3-INT-01',
  'PDND3-INT-02',
  'PDND3-INT-03',
  'PDND3-INT-04',
  'PDND3-RATE-01',
  'PDND3-SCHEMA-01',
] as const;
export type ResponseRule = (typeof RESPONSE_RULES)[number];

export interface Inspection {
  examined: Observation[];
  /** Per rule: observation seq → what is wrong with it. */
  problems: Record<ResponseRule, Map<number, string[]>>;
  /** Why INT-03 could not be judged (the gateway's keys could not be had). */
  keysUnavailable?: string;
}

/** The gateway's Agid-JWT-Signature keys: the configured JWKS, or the JWKS URL fetched once. */
async function gatewayKeys(s: GatewaySession): Promise<JWTVerifyGetKey | string> {
  const k = s.target.gatewayKeys;
  if (k.kind === 'jwks') return createLocalJWKSet(k.jwks as Parameters<typeof createLocalJWKSet>[0]);
  const r = await httpRequest({
    url: k.url,
    timeoutMs: s.settings.probeTimeoutMs,
    ...(s.target.ca ? { tls: { ca: s.target.ca } } : {}),
  });
  if (!r.ok) return `the gateway JWKS ${k.url} could not be fetched (${r.error})`;
  try {
    return createLocalJWKSet(
      JSON.parse(r.response.body.toString('utf8')) as Parameters<typeof createLocalJWKSet>[0],
    );
  } catch (e) {
    return `the gateway JWKS ${k.url} is not a JWKS (${(e as Error).message})`;
  }
}

function schemaProblems(s: GatewaySession, o: Observation): string[] {
  const type = headerValue(o.headers, 'content-type');
  const problems = problemDetailsProblems(o);
  if (o.operation)
    return [...problems, ...s.target.api.validator.validate(o.operation, o.status, type, o.body).errors];
  if (o.status < 400) return ['no operation of the description matches this request'];
  return problems;
}

/** Runs every rule over every v3 response in the session's log (after all campaigns are done). */
export async function inspect(s: GatewaySession): Promise<Inspection> {
  const keys = await gatewayKeys(s);
  const examined = s.log.filter((o) => o.v3);
  const problems = Object.fromEntries(
    RESPONSE_RULES.map((r) => [r, new Map<number, string[]>()]),
  ) as Inspection['problems'];
  const note = (rule: ResponseRule, o: Observation, p: string[] | string | undefined) => {
    const list = [p ?? []].flat();
    if (list.length) problems[rule].set(o.seq, list);
  };
  for (const o of examined) {
    const digest = headerValue(o.headers, 'digest');
    const signature = headerValue(o.headers, 'agid-jwt-signature');
    note('PDND3-INT-01', o, digestFormProblem(digest));
    note('PDND3-INT-02', o, digestValueProblem(digest, o.body));
    if (typeof keys !== 'string') note('PDND3-INT-03', o, await signatureProblem(signature, keys));
    note('PDND3-INT-04', o, signedHeadersProblems(signature, o));
    note('PDND3-RATE-01', o, rateLimitProblems(o));
    note('PDND3-SCHEMA-01', o, schemaProblems(s, o));
  }
  return { examined, problems, ...(typeof keys === 'string' ? { keysUnavailable: keys } : {}) };
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
  'PDND3-INT-01': 'carry a Digest of the form SHA-256=<base64>',
  'PDND3-INT-02': 'carry a Digest equal to the SHA-256 of the bytes received',
  'PDND3-INT-03': "carry an Agid-JWT-Signature that verifies with the gateway's key",
  'PDND3-INT-04': 'carry signed_headers covering Digest, Content-Type and Content-Encoding',
  'PDND3-RATE-01': 'carry valid X-Rate-Limit-Limit, -Remaining and -Interval headers',
  'PDND3-SCHEMA-01': 'conform to the schemas of the description (errors as Problem)',
};

/** The verdict of one rule over the log: every failing response listed, PASS only with successes and errors both seen. */
export function judgeRule(rule: ResponseRule, i: Inspection): Outcome {
  const failing = i.examined.filter((o) => i.problems[rule].has(o.seq));
  const n = i.examined.length;
  const evidence: Evidence[] = [
    {
      label: 'responses examined',
      outcome: `${n} responses (${statusMix(i.examined) || 'none'}), ${failing.length} failing`,
      details: {
        examined: n,
        failing: failing.length,
        byCampaign: Object.fromEntries(
          [...new Set(i.examined.map((o) => o.campaign))].map((c) => [
            c,
            i.examined.filter((o) => o.campaign === c).length,
          ]),
        ),
      },
    },
    ...failing.slice(0, MAX_LISTED).map((o) => ({
      label: `${o.method} ${o.path} → ${o.status}`,
      outcome: i.problems[rule].get(o.seq)!.join('; '),
      finding: 'fail' as const,
      details: { method: o.method, path: o.path, status: o.status, campaign: o.campaign, probe: o.label },
    })),
  ];
  if (failing.length > MAX_LISTED)
    evidence.push({
      label: 'more failing responses',
      outcome: `${failing.length - MAX_LISTED} more not listed`,
    });
  if (rule === 'PDND3-INT-03' && i.keysUnavailable)
    return { finding: 'inconclusive', reason: `Cannot verify signatures: ${i.keysUnavailable}.`, evidence };
  if (failing.length) {
    const first = failing[0]!;
    return {
      finding: 'fail',
      reason: `${failing.length} of ${n} responses do not ${RULE_TEXT[rule]} (first: ${first.method} ${first.path} → ${first.status}: ${i.problems[rule].get(first.seq)![0]}).`,
      evidence,
    };
  }
  const ok = i.examined.some((o) => o.status >= 200 && o.status < 300);
  const errors = [400, 401, 404].filter((s) => !i.examined.some((o) => o.status === s));
  if (!n || !ok || errors.length) {
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
