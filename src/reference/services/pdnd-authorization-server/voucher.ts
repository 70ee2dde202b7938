import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import type { AsFault } from './faults.js';
import type { TokenRequest } from './assertion.js';

const VOUCHER_TTL_SEC = 600;

/** What a voucher is for: a purpose's e-service, or PDND's own APIs (a client role instead). */
interface VoucherGrant {
  request: TokenRequest;
  audience: string;
  /** Set for vouchers of PDND's own APIs. */
  role?: string;
  /** The thumbprint of the DPoP proof key, when the voucher is to be DPoP-bound. */
  jkt?: string;
}

export interface VoucherSigner {
  issuer: string;
  kid: string;
  privateKey: CryptoKey;
}

/** The token response: a signed at+jwt voucher, DPoP-bound (cnf.jkt) when a proof came with the request. */
export async function issueVoucher(grant: VoucherGrant, signer: VoucherSigner, on: (f: AsFault) => boolean) {
  const { request, jkt } = grant;
  const now = Math.floor(Date.now() / 1000);
  const voucher: Record<string, unknown> = { client_id: request.clientId };
  if (grant.role === undefined) {
    if (!on('as.voucher-without-purpose-id')) voucher['purposeId'] = request.purposeId;
    if (request.digest) voucher['digest'] = request.digest;
  } else {
    voucher['role'] = grant.role;
  }
  if (jkt && !on('as.dpop-unbound')) voucher['cnf'] = { jkt };
  const accessToken = await new SignJWT(voucher)
    .setProtectedHeader({ alg: 'RS256', kid: signer.kid, typ: 'at+jwt' })
    .setIssuer(signer.issuer)
    .setSubject(request.clientId)
    .setAudience(grant.audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + VOUCHER_TTL_SEC)
    .sign(signer.privateKey);
  return { access_token: accessToken, token_type: jkt ? 'DPoP' : 'Bearer', expires_in: VOUCHER_TTL_SEC };
}
