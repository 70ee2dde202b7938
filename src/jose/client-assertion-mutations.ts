import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { publicMembers } from './dpop.js';
import type { assertionParts, ClientKey } from './client-assertion.js';
import { signCompact, tamperSignature, unsecuredJws } from './jws.js';

type Parts = ReturnType<typeof assertionParts>;

/** What a row may need beyond the client's own key: another client the AS knows (a second identity). */
export interface AssertionContext {
  otherClientId?: string;
}

/** An assertion signed by a fresh RSA key the AS has never seen, under a kid of its own. */
async function unregistered(p: Parts, withJwk: boolean): Promise<string> {
  // Async generation: a synchronous RSA key generation would stall every probe in flight.
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `attesta-unregistered-${randomUUID()}`;
  const jwk = withJwk ? { jwk: publicMembers(await exportJWK(publicKey)) } : {};
  return signCompact({ ...p.header, kid, ...jwk }, p.claims, privateKey);
}

/**
 * Client assertions (RFC 7523) that differ from a valid one in exactly one respect; the suite
 * YAML names the ones that decide a requirement. `build` gets the header and claims of a valid
 * assertion and the client's registered key; a row that needs what the profile does not give
 * returns why it could not be made (`notRun`). The token request's client_id is the assertion's sub.
 */
export const CLIENT_ASSERTION_MUTATIONS: Record<
  string,
  {
    label: string;
    build(p: Parts, key: ClientKey, ctx: AssertionContext): Promise<string> | string | { notRun: string };
  }
> = {
  'wrong-audience': {
    label: 'client assertion with aud https://attesta.invalid/other-audience',
    build: (p, key) =>
      signCompact(p.header, { ...p.claims, aud: 'https://attesta.invalid/other-audience' }, key.privateKey),
  },
  expired: {
    label: 'client assertion expired 5 minutes ago (iat 10 minutes ago)',
    build: (p, key) => {
      const now = Math.floor(Date.now() / 1000);
      return signCompact(p.header, { ...p.claims, iat: now - 600, exp: now - 300 }, key.privateKey);
    },
  },
  'unregistered-key': {
    label: 'client assertion signed with an unregistered RSA key under the registered kid',
    // Async generation: a synchronous RSA key generation would stall every probe in flight.
    build: async (p) => signCompact(p.header, p.claims, (await generateKeyPair('RS256')).privateKey),
  },
  'unregistered-key-own-kid': {
    label: 'client assertion signed with an unregistered RSA key under a kid of its own',
    build: (p) => unregistered(p, false),
  },
  'unregistered-key-jwk-header': {
    label:
      'client assertion signed with an unregistered RSA key, carrying it in a jwk header under its own kid',
    build: (p) => unregistered(p, true),
  },
  'other-client': {
    label:
      "client assertion naming another client of the AS in iss, sub and client_id, signed with this client's registered key",
    build: (p, key, ctx) => {
      if (!ctx.otherClientId)
        return { notRun: 'the profile names no second client of the authorization server (apiClient)' };
      // The other client's own request would name no purpose (an API client): only the identity differs.
      const claims = Object.fromEntries(
        Object.entries(p.claims).filter(([name]) => name !== 'purposeId' && name !== 'digest'),
      );
      const other = { ...claims, iss: ctx.otherClientId, sub: ctx.otherClientId };
      return signCompact(p.header, other, key.privateKey);
    },
  },
  'alg-none': {
    label: 'client assertion with alg none and no signature',
    build: (p) => unsecuredJws(p.header, p.claims),
  },
  'tampered-signature': {
    label: 'client assertion with one signature byte flipped',
    build: async (p, key) => tamperSignature(await signCompact(p.header, p.claims, key.privateKey)),
  },
  'missing-purpose-id': {
    label: 'client assertion of a consumer client without purposeId',
    build: (p, key) => {
      const claims = Object.entries(p.claims).filter(([name]) => name !== 'purposeId');
      return signCompact(p.header, Object.fromEntries(claims), key.privateKey);
    },
  },
  malformed: { label: 'client_assertion that is not a JWT', build: () => `not-a-jwt-${randomUUID()}` },
};
