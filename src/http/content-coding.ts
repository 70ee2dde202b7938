import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { LIMITS } from './limits.js';

/** What a real client offers (RFC 9110 12.5.3): the target may compress, and we must read it. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

type Decoder = (b: Buffer, o: { maxOutputLength: number }) => Buffer;

/** "deflate" is the zlib format (RFC 9110 8.4.1.2), though some servers send raw deflate. */
const inflateEither: Decoder = (b, o) => {
  try {
    return inflateSync(b, o);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw e;
    return inflateRawSync(b, o);
  }
};

const DECODERS: Record<string, Decoder> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateEither,
  br: brotliDecompressSync,
};

type Decoded = { ok: true; body: Buffer } | { ok: false; error: string; limit?: boolean };

/**
 * Removes the content codings of a response body, last applied first (RFC 9110 8.4), with the
 * decoded size capped at our body cap (a decompression bomb is our limit, not a verdict).
 */
export function decodeContent(encoded: Buffer, contentEncoding: string | undefined): Decoded {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let body = encoded;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) return { ok: false, error: `content coding "${coding}" that our client does not decode` };
    try {
      body = decode(body, { maxOutputLength: LIMITS.body.bytes });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
        return { ok: false, error: `decoded body larger than our ${LIMITS.body.name}`, limit: true };
      return { ok: false, error: `a ${coding} body that does not decode (${err.code ?? err.message})` };
    }
  }
  return { ok: true, body };
}
