import { randomBytes } from 'node:crypto';
import { exportJWK } from 'jose';
import { createDpopProof, dpopClaims, generateDpopKey, type DpopKey, type DpopProofClaims } from './dpop.js';
import { signCompact, tamperSignature, unsecuredJws } from './jws.js';
import { accessTokenHash } from './thumbprint.js';

/**
 * DPoP proofs that differ from a valid one in exactly one respect (RFC 9449 section 4.3), each
 * described as a report would say what was sent differently.
 */
export const PROOF_MUTATIONS = {
  'other-key': 'proof signed with a freshly generated key (its jwk in the header), not the key of cnf.jkt',
  'wrong-htm': 'htm names another HTTP method',
  'wrong-htu': 'htu names another path',
  'iat-old': 'iat 10 minutes in the past',
  'iat-future': 'iat 10 minutes in the future',
  'wrong-ath': 'ath is the hash of another access token',
  'typ-not-dpop': 'typ JWT instead of dpop+jwt',
  'alg-none': 'alg none and no signature',
  'symmetric-alg': 'alg HS256 (HMAC with a random secret) instead of an asymmetric algorithm',
  'private-key-in-jwk': 'the jwk header carries the private key too',
  'invalid-signature': 'one byte of the signature flipped',
} as const;

export type ProofMutation = keyof typeof PROOF_MUTATIONS;

export async function mutatedDpopProof(key: DpopKey, p: DpopProofClaims, m: ProofMutation): Promise<string> {
  const header = { typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk };
  const claims = dpopClaims(p);
  const now = Math.floor(Date.now() / 1000);
  switch (m) {
    case 'other-key':
      return createDpopProof(await generateDpopKey(key.alg), p);
    case 'wrong-htm':
      return signCompact(
        header,
        { ...claims, htm: p.htm.toUpperCase() === 'GET' ? 'POST' : 'GET' },
        key.privateKey,
      );
    case 'wrong-htu':
      return signCompact(
        header,
        { ...claims, htu: `${String(claims['htu'])}/attesta-other-path` },
        key.privateKey,
      );
    case 'iat-old':
      return signCompact(header, { ...claims, iat: now - 600 }, key.privateKey);
    case 'iat-future':
      return signCompact(header, { ...claims, iat: now + 600 }, key.privateKey);
    case 'wrong-ath':
      return signCompact(
        header,
        { ...claims, ath: accessTokenHash(`another-token-${randomBytes(8).toString('hex')}`) },
        key.privateKey,
      );
    case 'typ-not-dpop':
      return signCompact({ ...header, typ: 'JWT' }, claims, key.privateKey);
    case 'alg-none':
      return unsecuredJws(header, claims);
    case 'symmetric-alg':
      return signCompact({ ...header, alg: 'HS256' }, claims, randomBytes(32));
    case 'private-key-in-jwk':
      return signCompact(
        { ...header, jwk: { ...(await exportJWK(key.privateKey)) } },
        claims,
        key.privateKey,
      );
    case 'invalid-signature':
      return tamperSignature(await createDpopProof(key, p));
  }
}
