import { test, expect } from '@playwright/test';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { compareDigestValue, digestFormProblem, digestHeaderOf } from '../../src/modi/digest.js';
import { compareSignedHeaders, signatureProblem } from '../../src/modi/agid-signature.js';
import type { Comparison } from '../../src/modi/comparison.js';
import { rateLimitProblems, retryDelayMs } from '../../src/modi/rate-limit.js';
import { problemDetailsProblems } from '../../src/modi/problem.js';

const body = Buffer.from('{"results":[]}');

test('Digest: base64 SHA-256 of the bytes received, in the documented form', () => {
  const d = digestHeaderOf(body);
  expect(d).toMatch(/^SHA-256=[a-zA-Z0-9+/]{43}=$/);
  expect(digestFormProblem(d)).toBeUndefined();
  expect(compareDigestValue(d, body)).toEqual({ compared: true, problems: [] });
  expect(digestFormProblem(undefined)).toBe('no Digest header');
  expect(digestFormProblem(`SHA-256=${'ab'.repeat(32)}`)).toMatch(/does not match/);
  const other = compareDigestValue(d, Buffer.from('{"results": []}'));
  expect(other.compared && other.problems.join()).toMatch(/is not the SHA-256/);
});

test('Digest value: nothing compared, so nothing proven, when the Digest is absent or malformed', () => {
  expect(compareDigestValue(undefined, body)).toEqual({ compared: false, why: 'no Digest header' });
  const hex = `SHA-256=${'ab'.repeat(32)}`;
  expect(compareDigestValue(hex, body)).toEqual({
    compared: false,
    why: 'Digest not of the form SHA-256=<base64>',
  });
});

/** The problems of a compared response; a response not compared fails the test. */
const problemsOf = (c: Comparison): string[] => {
  if (!c.compared) throw new Error(`not compared: ${c.why}`);
  return c.problems;
};

test('signed_headers: one-member objects, lower-case names, equal to the headers sent', () => {
  const signedHeadersProblems = (jws: string, r: { headers: Record<string, string> }) =>
    problemsOf(compareSignedHeaders(jws, r));
  const sig = (claims: unknown) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
  const headers = { digest: 'SHA-256=x', 'content-type': 'application/json' };
  expect(
    signedHeadersProblems(
      sig({ signed_headers: [{ digest: 'SHA-256=x' }, { 'content-type': 'application/json' }] }),
      { headers },
    ),
  ).toEqual([]);
  expect(signedHeadersProblems(sig({ signed_headers: [{ digest: 'SHA-256=x' }] }), { headers })).toEqual([
    'signed_headers does not cover content-type',
  ]);
  expect(
    signedHeadersProblems(
      sig({ signed_headers: [{ digest: 'SHA-256=y', 'content-type': 'application/json' }] }),
      { headers },
    ).join(),
  ).toMatch(/not a single-member object/);
  expect(
    signedHeadersProblems(
      sig({ signed_headers: [{ Digest: 'SHA-256=x' }, { 'content-type': 'application/json' }] }),
      { headers },
    ).join(),
  ).toMatch(/not lower case/);
  expect(
    signedHeadersProblems(
      sig({ signed_headers: [{ digest: 'SHA-256=x' }, { 'content-type': 'application/json' }] }),
      { headers: { ...headers, 'content-encoding': 'gzip' } },
    ),
  ).toEqual(['signed_headers does not cover content-encoding']);
  // No signature, or no Digest to compare with: not compared (PDND3-INT-03 / INT-01 own the absence).
  expect(compareSignedHeaders(undefined, { headers })).toEqual({
    compared: false,
    why: 'no Agid-JWT-Signature header',
  });
  expect(compareSignedHeaders('not-a-jws', { headers }).compared).toBe(false);
  expect(
    compareSignedHeaders(sig({ signed_headers: [{ 'content-type': 'application/json' }] }), {
      headers: { 'content-type': 'application/json' },
    }).compared,
  ).toBe(false);
  // A signed digest the response does not carry is a mismatch INT-04 itself finds.
  expect(
    signedHeadersProblems(sig({ signed_headers: [{ digest: 'SHA-256=x' }] }), { headers: {} }).join(),
  ).toMatch(/signed_headers has digest but the response has no digest header/);
});

test('Agid-JWT-Signature: verified against the configured keys, with alg and iat/exp checked', async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
  const sign = (key: typeof privateKey, exp = '5m') =>
    new SignJWT({ signed_headers: [] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
  expect(await signatureProblem(await sign(privateKey), keys)).toBeUndefined();
  expect(await signatureProblem(await sign(other.privateKey), keys)).toMatch(
    /does not verify with the gateway's key/,
  );
  expect(await signatureProblem(await sign(privateKey, '-5m'), keys)).toMatch(/expired/);
  expect(await signatureProblem(undefined, keys)).toBe('no Agid-JWT-Signature header');
  expect(await signatureProblem('e30.e30.', keys)).toMatch(/alg undefined/);
});

test('rate-limit headers and the wait a 429 asks for (bounded)', () => {
  const ok = { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '7', 'x-rate-limit-interval': '1000' };
  expect(rateLimitProblems({ headers: ok })).toEqual([]);
  expect(rateLimitProblems({ headers: { ...ok, 'x-rate-limit-remaining': '101' } }).join()).toMatch(
    /exceeds/,
  );
  expect(rateLimitProblems({ headers: { 'x-rate-limit-limit': '-1' } })).toHaveLength(3);
  expect(retryDelayMs({ headers: { 'retry-after': '2' } }, 500, 10_000)).toBe(2000);
  expect(retryDelayMs({ headers: { 'retry-after': '3600' } }, 500, 10_000)).toBe(10_000);
  expect(retryDelayMs({ headers: { ...ok, 'x-rate-limit-remaining': '0' } }, 500, 10_000)).toBe(1000);
  expect(retryDelayMs({ headers: {} }, 500, 10_000)).toBe(500);
});

test('errors are problem+json with type, title and the HTTP status', () => {
  const problem = (status: number, type: string, json: unknown) => ({
    status,
    headers: { 'content-type': type },
    body: Buffer.from(JSON.stringify(json)),
  });
  expect(
    problemDetailsProblems(
      problem(404, 'application/problem+json', { type: 'about:blank', status: 404, title: 'Not Found' }),
    ),
  ).toEqual([]);
  expect(
    problemDetailsProblems(
      problem(404, 'application/json', { type: 'about:blank', status: 400, title: 'x' }),
    ),
  ).toEqual([
    'error Content-Type is "application/json", not application/problem+json',
    'problem status 400 differs from the HTTP status 404',
  ]);
  expect(problemDetailsProblems(problem(200, 'text/plain', 'fine'))).toEqual([]);
});
