import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { SignJWT, type CryptoKey } from 'jose';
import { digestHeaderOf } from '../../modi/digest.js';

export interface SigningKey {
  privateKey: CryptoKey;
  kid: string;
}

/** Rate-limit window of the reference: generous, so that only the rate-limited fault ever answers 429. */
const RATE_LIMIT = { limit: 1000, intervalMs: 60_000 };

/**
 * Sends one response the way PDND's v3 gateway does: rate-limit headers, Digest over the exact
 * bytes sent, and Agid-JWT-Signature whose signed_headers cover Digest and Content-Type - on every
 * response, errors included. Each fault breaks exactly one of these.
 */
export async function sendSigned(
  res: ServerResponse,
  o: {
    status: number;
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
    key: SigningKey;
    otherKey: SigningKey;
    issuer: string;
    faults: ReadonlySet<string>;
    served: number;
  },
): Promise<void> {
  // The gzip variant compresses what the client accepts; the Digest below covers the bytes sent.
  const accepted = String(res.req?.headers['accept-encoding'] ?? '');
  const gzip = o.faults.has('gateway.gzip-responses') && /\bgzip\b/.test(accepted) && Boolean(o.body);
  const plain = Buffer.from(o.body ?? '', 'utf8');
  const body = gzip ? gzipSync(plain) : plain;
  const headers: Record<string, string> = {
    ...(o.contentType ? { 'content-type': o.contentType } : {}),
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    ...o.headers,
  };
  if (!o.faults.has('gateway.no-rate-limit-headers')) {
    headers['x-rate-limit-limit'] = String(RATE_LIMIT.limit);
    headers['x-rate-limit-remaining'] =
      headers['x-rate-limit-remaining'] ??
      String(Math.max(0, RATE_LIMIT.limit - (o.served % RATE_LIMIT.limit)));
    headers['x-rate-limit-interval'] = String(RATE_LIMIT.intervalMs);
  }
  if (!(o.faults.has('gateway.no-integrity-on-errors') && o.status >= 400)) {
    let digest = digestHeaderOf(body);
    if (o.faults.has('gateway.digest-hex'))
      digest = `SHA-256=${createHash('sha256').update(body).digest('hex')}`;
    if (o.faults.has('gateway.digest-other-bytes'))
      digest = digestHeaderOf(Buffer.concat([body, Buffer.from('\n')]));
    headers['digest'] = digest;
    const signed: Record<string, string>[] = [{ digest }];
    if (o.contentType && !o.faults.has('gateway.signed-headers-without-content-type'))
      signed.push({ 'content-type': o.contentType });
    if (gzip) signed.push({ 'content-encoding': 'gzip' });
    const key = o.faults.has('gateway.signature-other-key') ? o.otherKey : o.key;
    headers['agid-jwt-signature'] = await new SignJWT({ signed_headers: signed })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(o.issuer)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key.privateKey);
  }
  res.writeHead(o.status, headers);
  res.end(body);
}
