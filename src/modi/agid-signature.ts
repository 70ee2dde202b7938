import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { decodeJws } from '../jose/jws.js';
import { headerValue, type HttpResponse } from '../http/client.js';
import { compared, notCompared, type Comparison } from './comparison.js';

/** Algorithms ModI admits for Agid-JWT-Signature (AgID guidelines: RS256/384/512, PS*, ES*). */
const AGID_SIGNATURE_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** Tolerance for clock skew between the gateway and us. */
const CLOCK_TOLERANCE_S = 60;

/**
 * PDND3-INT-03: the header is a compact JWS that verifies with one of the gateway's configured
 * keys, under an admitted algorithm, with iat/exp valid. Undefined means conformant.
 */
export async function signatureProblem(
  jws: string | undefined,
  keys: JWTVerifyGetKey,
): Promise<string | undefined> {
  if (jws === undefined) return 'no Agid-JWT-Signature header';
  const decoded = decodeJws(jws);
  if (!decoded) return 'Agid-JWT-Signature is not a compact JWS with JSON header and claims';
  const alg = decoded.header['alg'];
  if (typeof alg !== 'string' || !AGID_SIGNATURE_ALGS.includes(alg))
    return `Agid-JWT-Signature uses alg ${String(alg)}, not one of ${AGID_SIGNATURE_ALGS.join(', ')}`;
  if (typeof decoded.claims['iat'] !== 'number') return 'Agid-JWT-Signature has no numeric iat';
  if (typeof decoded.claims['exp'] !== 'number') return 'Agid-JWT-Signature has no numeric exp';
  try {
    await jwtVerify(jws, keys, { algorithms: AGID_SIGNATURE_ALGS, clockTolerance: CLOCK_TOLERANCE_S });
    return undefined;
  } catch (e) {
    if (e instanceof errors.JWKSNoMatchingKey)
      return `Agid-JWT-Signature (kid ${String(decoded.header['kid'])}) matches none of the gateway's configured keys`;
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return `Agid-JWT-Signature does not verify with the gateway's key (kid ${String(decoded.header['kid'])})`;
    if (e instanceof errors.JWTExpired) return 'Agid-JWT-Signature is expired';
    if (e instanceof errors.JWTClaimValidationFailed)
      return `Agid-JWT-Signature claim ${e.claim} is invalid (${e.reason})`;
    return `Agid-JWT-Signature does not verify: ${(e as Error).message}`;
  }
}

/**
 * PDND3-INT-04: signed_headers is an array of one-member objects with lower-case names; its
 * digest equals the Digest header, its content-type the Content-Type, and content-encoding is
 * covered when the response has one. Read from the claims whether or not the signature verifies
 * (that is INT-03's call), so each rule is judged on its own. A response without a decodable
 * Agid-JWT-Signature, or with neither a Digest header nor a signed digest, is not compared:
 * PDND3-INT-03 and PDND3-INT-01 own those absences.
 */
export function compareSignedHeaders(
  jws: string | undefined,
  response: Pick<HttpResponse, 'headers'>,
): Comparison {
  if (jws === undefined) return notCompared('no Agid-JWT-Signature header');
  const decoded = decodeJws(jws);
  if (!decoded) return notCompared('Agid-JWT-Signature cannot be decoded');
  const list = decoded.claims['signed_headers'];
  if (!Array.isArray(list)) return compared('Agid-JWT-Signature has no signed_headers array');
  const signed = new Map<string, unknown>();
  const problems: string[] = [];
  for (const item of list) {
    const entries = item && typeof item === 'object' && !Array.isArray(item) ? Object.entries(item) : [];
    if (entries.length !== 1) {
      problems.push(`signed_headers item ${JSON.stringify(item).slice(0, 80)} is not a single-member object`);
      continue;
    }
    const [[name, value]] = entries as [[string, unknown]];
    if (name !== name.toLowerCase()) problems.push(`signed_headers name "${name}" is not lower case`);
    signed.set(name.toLowerCase(), value);
  }
  const compare = (name: string, required: boolean) => {
    const actual = headerValue(response.headers, name);
    if (actual === undefined) {
      if (signed.has(name))
        problems.push(`signed_headers has ${name} but the response has no ${name} header`);
      return;
    }
    if (!signed.has(name)) {
      if (required || name === 'content-encoding') problems.push(`signed_headers does not cover ${name}`);
      return;
    }
    if (signed.get(name) !== actual)
      problems.push(
        `signed_headers ${name} "${String(signed.get(name))}" differs from the header "${actual}"`,
      );
  };
  compare('digest', true);
  compare('content-type', true);
  compare('content-encoding', false);
  if (!problems.length && headerValue(response.headers, 'digest') === undefined)
    return notCompared('no Digest header to compare signed_headers with');
  return compared(problems);
}
