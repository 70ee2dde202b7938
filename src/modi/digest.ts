import { createHash } from 'node:crypto';
import { compared, notCompared, type Comparison } from './comparison.js';

/** INTEGRITY_REST_02 Digest (RFC 3230): SHA-256 in base64, as PDND's description pins it. */
export const DIGEST_PATTERN = /^SHA-256=[a-zA-Z0-9+/]{43}=$/;

export function digestHeaderOf(body: Uint8Array): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/** PDND3-INT-01: the header is there and has the documented form. Undefined means conformant. */
export function digestFormProblem(digest: string | undefined): string | undefined {
  if (digest === undefined) return 'no Digest header';
  if (!DIGEST_PATTERN.test(digest)) return `Digest "${digest.slice(0, 80)}" does not match SHA-256=<base64>`;
  return undefined;
}

/**
 * PDND3-INT-02: the Digest is the SHA-256 of the bytes received (not of a re-serialised body).
 * Without a Digest of the documented form there is nothing to compare: not compared, and
 * PDND3-INT-01 reports the absence or the form.
 */
export function compareDigestValue(digest: string | undefined, body: Uint8Array): Comparison {
  if (digest === undefined) return notCompared('no Digest header');
  if (!DIGEST_PATTERN.test(digest)) return notCompared('Digest not of the form SHA-256=<base64>');
  const expected = digestHeaderOf(body);
  return compared(
    digest === expected
      ? undefined
      : `Digest ${digest} is not the SHA-256 of the ${body.length} bytes received (${expected})`,
  );
}
