import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Evidence } from '../core/evidence.js';
import type { Outcome } from '../core/suite.js';
import { httpRequest } from '../http/client.js';
import { issuedBy, oneLine } from '../x509/chain.js';
import { decodedCertificate } from '../x509/decoded.js';
import { ocspRequest } from './request.js';
import { readOcspResponse } from './response.js';

/** The OCSP responder URLs of the leaf's Authority Information Access (http or https only). */
export function ocspUrls(leaf: X509Certificate): string[] {
  const aia = decodedCertificate(leaf).getExtension(x509.AuthorityInfoAccessExtension);
  return (aia?.ocsp ?? [])
    .filter((n) => n.type === 'url' && /^https?:\/\//i.test(n.value))
    .map((n) => n.value);
}

const inconclusive = (reason: string, evidence: Evidence[] = []): Outcome => ({
  finding: 'inconclusive',
  reason,
  evidence,
});

/**
 * CP-CHAIN-07: one real OCSP request (RFC 6960, POST) to the first responder the leaf names,
 * bounded by `timeoutMs`. good is PASS, revoked FAIL; no responder, no answer, an answer that
 * does not count (unsigned, badly signed, about another certificate, stale) or `unknown` is
 * INCONCLUSIVE with the reason.
 */
export async function checkRevocation(
  chain: readonly X509Certificate[],
  timeoutMs: number,
  now = new Date(),
): Promise<Outcome> {
  const leaf = chain[0]!;
  const issuer = chain.find((c) => c !== leaf && issuedBy(leaf, c));
  if (!issuer)
    return inconclusive(
      `The leaf's issuer "${oneLine(leaf.issuer)}" is not in the file, so no OCSP request can name the leaf.`,
    );
  let urls: string[];
  try {
    urls = ocspUrls(leaf);
  } catch (e) {
    return inconclusive(`The leaf's Authority Information Access does not parse (${(e as Error).message}).`);
  }
  const url = urls[0];
  if (!url)
    return inconclusive(
      'The leaf names no OCSP responder in its Authority Information Access: revocation cannot be checked.',
    );
  const request = ocspRequest(leaf, issuer);
  const sent = await httpRequest({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
    body: request.der,
    timeoutMs,
    maxRedirects: 0,
  });
  const label = `OCSP request to ${url} for serial ${leaf.serialNumber}`;
  if (!sent.ok)
    return inconclusive(`The OCSP responder ${url} did not answer: ${sent.error}.`, [
      { label, outcome: sent.error, finding: 'inconclusive' },
    ]);
  const { status, body } = sent.response;
  if (status !== 200)
    return inconclusive(`The OCSP responder ${url} answered HTTP ${status}, not an OCSP response.`, [
      { label, outcome: `HTTP ${status}`, finding: 'inconclusive' },
    ]);
  const reading = readOcspResponse(body, request.certId, issuer, request.nonce, now);
  if (reading.kind === 'unusable')
    return inconclusive(`The OCSP answer from ${url} does not count: ${reading.reason}.`, [
      { label, outcome: reading.reason, finding: 'inconclusive' },
    ]);
  const evidence: Evidence[] = [
    {
      label,
      outcome: reading.status,
      finding: reading.status === 'good' ? 'pass' : reading.status === 'revoked' ? 'fail' : 'inconclusive',
      details: {
        signedBy: reading.signer,
        thisUpdate: reading.thisUpdate.toISOString(),
        ...(reading.nextUpdate ? { nextUpdate: reading.nextUpdate.toISOString() } : {}),
        ...(reading.revokedAt ? { revokedAt: reading.revokedAt.toISOString() } : {}),
      },
    },
  ];
  if (reading.status === 'revoked')
    return {
      finding: 'fail',
      reason: `The leaf (serial ${leaf.serialNumber}) is revoked since ${reading.revokedAt?.toISOString()}, says ${url}.`,
      evidence,
    };
  if (reading.status === 'unknown')
    return inconclusive(
      `The OCSP responder ${url} does not know the leaf (status unknown), which is not "good".`,
      evidence,
    );
  return {
    finding: 'pass',
    reason: `The OCSP responder ${url} says the leaf is good (signed by ${reading.signer}).`,
    evidence,
  };
}
