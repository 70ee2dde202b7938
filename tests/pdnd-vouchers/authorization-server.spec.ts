import { randomUUID } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet, SignJWT, type CryptoKey } from 'jose';
import { createDpopProof, generateDpopKey } from '../../src/jose/dpop.js';
import {
  startAuthorizationServer,
  type ReferenceAuthorizationServer,
} from '../../src/reference/services/pdnd-authorization-server/index.js';

const test = base.extend<{ as: ReferenceAuthorizationServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  as: async ({}, use) => {
    const as = await startAuthorizationServer({ faults: new Set() });
    await use(as);
    await as.stop();
  },
});

/** The reference authorization server on its own: the contract the v3 gateway part also relies on. */
test('issues Bearer and DPoP vouchers for valid assertions and refuses a bad one', async ({ as }) => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  as.registerClient({ clientId: 'api-client', keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
  const assertion = (aud: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('api-client')
      .setSubject('api-client')
      .setAudience(aud)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(privateKey as CryptoKey);
  const form = async (aud: string) =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion(aud),
    });

  const bearer = await fetch(as.tokenEndpoint, { method: 'POST', body: await form(as.assertionAudience) });
  expect(bearer.status).toBe(200);
  const b = (await bearer.json()) as { access_token: string; token_type: string };
  expect(b.token_type).toBe('Bearer');
  const { payload } = await jwtVerify(b.access_token, createLocalJWKSet(as.jwks), {
    issuer: as.issuer,
    audience: as.m2mAudience,
  });
  expect(payload['role']).toBe('m2m');

  const key = await generateDpopKey();
  const proof = await createDpopProof(key, { htm: 'POST', htu: as.tokenEndpoint });
  const dpop = await fetch(as.tokenEndpoint, {
    method: 'POST',
    body: await form(as.tokenEndpoint),
    headers: { DPoP: proof },
  });
  expect(dpop.status).toBe(200);
  const d = (await dpop.json()) as { access_token: string; token_type: string };
  expect(d.token_type).toBe('DPoP');
  const verified = await jwtVerify(d.access_token, createLocalJWKSet(as.jwks));
  expect(verified.payload['cnf']).toEqual({ jkt: key.thumbprint });

  const wrongAud = await fetch(as.tokenEndpoint, {
    method: 'POST',
    body: await form('https://elsewhere.example'),
  });
  expect(wrongAud.status).toBe(401);
});
