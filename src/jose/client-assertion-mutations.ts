import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import type { assertionParts, ClientKey } from './client-assertion.js';
import { signCompact, tamperSignature, unsecuredJws } from './jws.js';

type Parts = ReturnType<typeof assertionParts>;

/**
 * Client assertions (RFC 7523) that differ from a valid one in exactly one respect; the suite
 * YAML names the ones that decide a requirement. `build` gets the header and claims of a valid
 * assertion and the client's registered key.
 */
export const CLIENT_ASSERTION_MUTATIONS: Record<
  string,
  { label: string; build(p: Parts, key: ClientKey): Promise<string> | string }
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
