import { compactVerify, importJWK, type JWK } from 'jose';
import { decodeJws } from './jws.js';
import { hasPrivateMembers } from './private-jwk.js';
import type { JtiCache } from './jti-cache.js';
import { htuOf, publicMembers } from './dpop.js';
import { accessTokenHash, jwkThumbprint } from './thumbprint.js';

/**
 * The rules a DPoP proof is held to; a reference fault may switch one off. `htu-origin` is the
 * scheme, host and port of htu (off: the path alone is compared), `ath-required` that a proof
 * presented with a token carries ath at all (off: ath is compared only when present).
 */
export type DpopRule =
  'header' | 'signature' | 'htm' | 'htu' | 'htu-origin' | 'iat' | 'ath' | 'ath-required' | 'replay' | 'nonce';

export interface DpopVerifyOptions {
  htm: string;
  /** The URL the request was made to; compared without query and fragment. */
  url: string;
  /** The token presented with the proof: `ath` must be its hash (resource servers). */
  accessToken?: string;
  /** Seconds iat may differ from now, either way. */
  maxSkewSec?: number;
  replay?: JtiCache;
  /** Where nonces are in use: whether the proof's nonce (possibly undefined) is currently valid. */
  nonceValid?: (nonce: string | undefined) => boolean;
  ignore?: ReadonlySet<DpopRule>;
}

export type DpopVerifyResult =
  | { ok: true; thumbprint: string; jti: string }
  | { ok: false; error: 'invalid_dpop_proof' | 'use_dpop_nonce'; description: string };

const ALGS = new Set(['ES256', 'RS256']);

/** Whether htu names the request URI: all of it, or (`withOrigin` off) its path alone. */
function sameHtu(htu: unknown, want: string, withOrigin: boolean): boolean {
  if (withOrigin) return htu === want;
  try {
    return new URL(String(htu)).pathname === new URL(want).pathname;
  } catch {
    return false;
  }
}

/**
 * Verifies one DPoP proof the way PDND does (RFC 9449 section 4.3): header exactly
 * {typ: dpop+jwt, alg: RS256|ES256, jwk} with a public key, signature by that key, htm, htu
 * without query, a fresh iat, a jti not seen before, and ath where a token is presented.
 */
export async function verifyDpopProof(proof: string, o: DpopVerifyOptions): Promise<DpopVerifyResult> {
  const on = (rule: DpopRule) => !o.ignore?.has(rule);
  const bad = (description: string): DpopVerifyResult => ({
    ok: false,
    error: 'invalid_dpop_proof',
    description,
  });
  const decoded = decodeJws(proof);
  if (!decoded) return bad('the proof is not a compact JWS');
  const { header, claims } = decoded;
  const jwk = header['jwk'] as JWK | undefined;
  if (on('header')) {
    const keys = Object.keys(header).sort().join(',');
    if (keys !== 'alg,jwk,typ') return bad(`the proof header must be exactly {typ, alg, jwk}, not {${keys}}`);
    if (header['typ'] !== 'dpop+jwt') return bad('typ must be dpop+jwt');
    if (!ALGS.has(String(header['alg']))) return bad(`alg ${String(header['alg'])} is not RS256 or ES256`);
    if (typeof jwk !== 'object' || jwk === null) return bad('jwk must be a JSON Web Key');
    if (hasPrivateMembers(jwk)) return bad('jwk must be a public key');
  }
  if (typeof jwk !== 'object' || jwk === null) return bad('jwk must be a JSON Web Key');
  if (on('signature')) {
    try {
      // The public members only: a verifier that skipped the header rules still checks the signature.
      const key = await importJWK(publicMembers(jwk), String(header['alg']));
      await compactVerify(proof, key, { algorithms: [...ALGS] });
    } catch (e) {
      return bad(`the proof signature does not verify with its jwk (${(e as Error).message})`);
    }
  }
  if (on('htm') && claims['htm'] !== o.htm) return bad(`htm ${String(claims['htm'])} is not ${o.htm}`);
  if (on('htu') && !sameHtu(claims['htu'], htuOf(o.url), on('htu-origin')))
    return bad(`htu ${String(claims['htu'])} is not ${htuOf(o.url)}`);
  const iat = claims['iat'];
  if (typeof iat !== 'number') return bad('iat is missing');
  if (on('iat') && Math.abs(Date.now() / 1000 - iat) > (o.maxSkewSec ?? 60))
    return bad('iat is too old or in the future');
  const jti = claims['jti'];
  if (typeof jti !== 'string' || jti.length === 0) return bad('jti is missing');
  const athChecked = on('ath') && (claims['ath'] !== undefined || on('ath-required'));
  if (o.accessToken !== undefined && athChecked && claims['ath'] !== accessTokenHash(o.accessToken)) {
    return bad('ath does not match the access token');
  }
  if (o.nonceValid && on('nonce')) {
    const nonce = typeof claims['nonce'] === 'string' ? claims['nonce'] : undefined;
    if (!o.nonceValid(nonce)) {
      return {
        ok: false,
        error: 'use_dpop_nonce',
        description: nonce ? 'the nonce is not valid' : 'a nonce is required',
      };
    }
  }
  if (o.replay && on('replay') && !o.replay.claim(jti)) return bad('the proof was already used (jti replay)');
  let thumbprint: string;
  try {
    thumbprint = await jwkThumbprint(jwk);
  } catch {
    return bad('the jwk has no thumbprint');
  }
  return { ok: true, thumbprint, jti };
}
