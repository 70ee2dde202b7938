import type { Evidence } from '../../core/evidence.js';
import { jwsForEvidence } from '../../jose/private-jwk.js';
import type { Finding } from '../../core/verdict.js';
import { statusLine } from './exchange.js';
import { noVerdict, type Trial } from './judge.js';
import type { IssuedVoucher } from './voucher.js';

/** What a voucher of the requested type must look like (PDND-VOUCHER-01). */
export interface VoucherExpectation {
  tokenType: 'Bearer' | 'DPoP';
  clientId: string;
  /** The purposeId it must carry; null where it must carry none (PDND API vouchers). */
  purposeId: string | null;
  issuer?: string;
  audience?: string;
  /** The audit digest hashed into the assertion, where AUDIT_REST_02 was requested. */
  digest?: string;
}

const SYMMETRIC_OR_NONE = /^(none|HS\d+)$/i;

/** Judges one token response against the voucher type requested; lists every mismatch. */
export function judgeVoucher(
  probe: Trial,
  v: IssuedVoucher | undefined,
  e: VoucherExpectation,
): { finding: Finding; evidence: Evidence } {
  const details = { ...probe.sent, status: probe.answer?.status, error: probe.answer?.error };
  if (!v) {
    const obs = probe.answer ?? {};
    const undecided = noVerdict(obs);
    const [finding, outcome]: [Finding, string] =
      obs.status === undefined
        ? ['inconclusive', `could not be requested: ${statusLine(obs)}`]
        : undecided
          ? ['inconclusive', `${undecided}, not a verdict on the voucher`]
          : [
              'fail',
              `no voucher issued for a valid client assertion: ${statusLine(obs)} (check the client id, kid and key registered on PDND)`,
            ];
    return { finding, evidence: { label: probe.label, outcome, finding, details } };
  }
  const problems: string[] = [];
  if (v.tokenType.toLowerCase() !== e.tokenType.toLowerCase())
    problems.push(`token_type ${v.tokenType || '(none)'} instead of ${e.tokenType}`);
  const h = v.header;
  const c = v.claims;
  if (!h || !c) {
    problems.push('the access token is not a JWT');
  } else {
    if (typeof h['alg'] !== 'string' || SYMMETRIC_OR_NONE.test(h['alg']))
      problems.push(`header alg ${String(h['alg'])} is not an asymmetric signature`);
    if (typeof h['kid'] !== 'string') problems.push('header has no kid');
    if (e.issuer !== undefined && c['iss'] !== e.issuer)
      problems.push(`iss ${String(c['iss'])} instead of ${e.issuer}`);
    if (e.audience !== undefined && ![c['aud']].flat().includes(e.audience))
      problems.push(`aud ${JSON.stringify(c['aud'])} does not include ${e.audience}`);
    if (c['sub'] !== e.clientId && c['client_id'] !== e.clientId)
      problems.push('neither sub nor client_id is the client id');
    if (e.purposeId === null && c['purposeId'] !== undefined)
      problems.push('a PDND API voucher carries a purposeId');
    if (e.purposeId !== null && c['purposeId'] !== e.purposeId)
      problems.push(`purposeId ${String(c['purposeId'] ?? '(none)')} instead of ${e.purposeId}`);
    for (const n of ['exp', 'iat']) if (typeof c[n] !== 'number') problems.push(`no numeric ${n}`);
    if (typeof c['exp'] === 'number' && c['exp'] <= Date.now() / 1000) problems.push('already expired');
    if (typeof c['jti'] !== 'string') problems.push('no jti');
    if (e.digest !== undefined) {
      const d = c['digest'] as { alg?: unknown; value?: unknown } | undefined;
      if (d?.alg !== 'SHA256' || String(d.value).toLowerCase() !== e.digest)
        problems.push('digest is not the one of the client assertion');
    }
    if (e.tokenType === 'Bearer' && c['cnf'] !== undefined) problems.push('a Bearer voucher carries cnf');
  }
  const finding: Finding = problems.length ? 'fail' : 'pass';
  return {
    finding,
    evidence: {
      label: probe.label,
      outcome: problems.length
        ? `wrong voucher: ${problems.join('; ')}`
        : `issued: ${e.tokenType} voucher with the expected header and claims`,
      finding,
      details: { ...details, voucher: jwsForEvidence(v.token) },
    },
  };
}

/**
 * The binding part of PDND-DPOP-03: the DPoP voucher has token_type DPoP and cnf.jkt equal to the
 * RFC 7638 thumbprint of the proof key. A 429 or a nonce challenge on the valid request asks for
 * a retry, and a redirect is neither service nor refusal, so they decide nothing.
 */
export function judgeBinding(
  probe: Trial,
  voucher: IssuedVoucher | undefined,
  thumbprint: string,
): { finding: 'pass' | 'fail' | 'inconclusive'; outcome: string } {
  if (!voucher) {
    const obs = probe.answer ?? {};
    const undecided = noVerdict(obs);
    if (obs.status === undefined)
      return {
        finding: 'inconclusive',
        outcome: `the DPoP token request could not be made: ${statusLine(obs)}`,
      };
    if (undecided) return { finding: 'inconclusive', outcome: `${undecided}, not a verdict on the binding` };
    return { finding: 'fail', outcome: `a valid DPoP token request was not served: ${statusLine(obs)}` };
  }
  if (!voucher.claims)
    return { finding: 'inconclusive', outcome: 'the access token is opaque, so its cnf.jkt cannot be read' };
  const jkt = (voucher.claims['cnf'] as { jkt?: unknown } | undefined)?.jkt;
  const problems = [
    ...(voucher.tokenType.toLowerCase() !== 'dpop'
      ? [`token_type ${voucher.tokenType || '(none)'} instead of DPoP`]
      : []),
    ...(jkt !== thumbprint
      ? [
          `cnf.jkt ${jkt === undefined ? 'is missing' : `${String(jkt)} is not`} the RFC 7638 thumbprint ${thumbprint} of the proof key`,
        ]
      : []),
  ];
  return problems.length
    ? { finding: 'fail', outcome: problems.join('; ') }
    : { finding: 'pass', outcome: `token_type DPoP, cnf.jkt = thumbprint of the proof key (${thumbprint})` };
}
