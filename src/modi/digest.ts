import { createHash } from 'node:crypto';
import { compared, notCompared, type Comparison } from './comparison.js';

/** INTEGRITY_REST_02 Digest (RFC 3230): SHA-256 in base64, as PDND's description pins it. */
const DIGEST_PATTERN = /^SHA-256=[a-zA-Z0-9+/]{43}=$/;

export function digestHeaderOf(body: Uint8Array): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/** PDND3-INT-01: the header is there and has the documented form. Undefined means conformant. */
export function digestFormProblem(digest: string | undefined): string | undefined {
  if (digest === undefined) return 'no Digest header';
  if (!DIGEST_PATTERN.test(digest)) return `Digest "${digest.slice(0, 80)}" does not match SHA-256=<base64>`;
  return undefined;
}

/** A response's body as received (content-coded, if it was) and as decoded. */
interface ReceivedBody {
  body: Uint8Array;
  /** The content-coded bytes; absent when no content coding was applied. */
  encodedBody?: Uint8Array;
}

/**
 * PDND3-INT-02: the Digest is the SHA-256 of the bytes received (not of a re-serialised body).
 *
 * Which bytes: RFC 3230 computes an instance digest over the instance "after applying any
 * content-codings" (section 4.3.2, with the instance-manipulation rules of section 4.1.1 putting
 * content coding before the digest, and transfer coding outside it). So the Digest of a gzip
 * response covers the gzip bytes as sent, not the decoded JSON; RFC 9530, which obsoletes 3230,
 * keeps that meaning in Repr-Digest (section 3: the selected representation data, content
 * coding included). Transfer coding (chunked) is removed by the HTTP client before this.
 *
 * Without a Digest of the documented form there is nothing to compare: not compared, and
 * PDND3-INT-01 reports the absence or the form.
 */
export function compareDigestValue(
  digest: string | undefined,
  received: Uint8Array | ReceivedBody,
): Comparison {
  if (digest === undefined) return notCompared('no Digest header');
  if (!DIGEST_PATTERN.test(digest)) return notCompared('Digest not of the form SHA-256=<base64>');
  const { body, encodedBody } = received instanceof Uint8Array ? { body: received } : received;
  const bytes = encodedBody ?? body;
  const expected = digestHeaderOf(bytes);
  const which = encodedBody ? 'content-coded bytes' : 'bytes';
  return compared(
    digest === expected
      ? undefined
      : `Digest ${digest} is not the SHA-256 of the ${bytes.length} ${which} received (${expected})`,
  );
}
