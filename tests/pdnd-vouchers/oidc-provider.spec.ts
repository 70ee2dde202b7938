import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error oidc-provider ships no type declarations
import Provider from 'oidc-provider';
import { stringify } from 'yaml';
import { startEService } from '../../src/reference/pdnd-vouchers/eservice.js';
import { test as base, expect, runAgainst } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';

/** oidc-provider for one client_credentials client (private_key_jwt, DPoP), issuing JWT vouchers for the e-service. */
function providerConfiguration(o: {
  clientId: string;
  clientPublicJwk: object;
  signingJwk: object;
  requireNonce: boolean;
  purposeId: string;
  audience: string;
}) {
  return {
    clients: [
      {
        client_id: o.clientId,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [o.clientPublicJwk] },
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [o.signingJwk] },
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['RS256'], dPoPSigningAlgValues: ['ES256', 'RS256'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Without a nonce secret oidc-provider issues no nonces at all; with one it requires them here.
      dPoP: {
        enabled: true,
        ...(o.requireNonce ? { nonceSecret: randomBytes(32), requireNonce: () => true } : {}),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => o.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          audience: o.audience,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
          scope: '',
        }),
      },
    },
    // PDND's vouchers carry the purpose: oidc-provider is told to add it, as a PDND-like deployment would.
    extraTokenClaims: () => ({ purposeId: o.purposeId }),
  };
}

/**
 * Interop with a real, OpenID-certified authorization server: oidc-provider configured for
 * client_credentials with private_key_jwt and DPoP (JWT access tokens for one resource, the
 * e-service), once without nonces and once requiring them. The e-service is the reference one,
 * trusting oidc-provider's keys.
 */
async function startOidcProvider(requireNonce: boolean) {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-oidc-'));
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const signingJwk = { ...signing.export({ format: 'jwk' }), kid: 'op-signing', alg: 'RS256', use: 'sig' };
  const publicJwk = {
    ...createPublicKey(signing).export({ format: 'jwk' }),
    kid: 'op-signing',
    alg: 'RS256',
    use: 'sig',
  };
  const purposeId = randomUUID();
  const eservice = await startEService({
    faults: new Set(),
    trusted: [{ issuer, jwks: { keys: [publicJwk] } }],
    purposes: new Set([purposeId]),
    voucherType: 'dpop',
    audit: false,
  });

  const clientKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const clientId = `client-${randomUUID()}`;
  const clientPublicJwk = {
    ...createPublicKey(clientKey).export({ format: 'jwk' }),
    kid: 'client-key-1',
    alg: 'RS256',
    use: 'sig',
  };
  await writeFile(
    path.join(dir, 'client.pem'),
    clientKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );

  const provider = new Provider(
    issuer,
    providerConfiguration({
      clientId,
      clientPublicJwk,
      signingJwk,
      requireNonce,
      purposeId,
      audience: eservice.audience,
    }),
  );
  handler = provider.callback();

  const profileFile = path.join(dir, 'oidc.yaml');
  await writeFile(
    profileFile,
    stringify({
      name: 'oidc-provider',
      pdndVouchers: {
        authorizationServer: {
          tokenEndpoint: `${issuer}/token`,
          assertionAudience: issuer,
          issuer,
          jwksUri: `${issuer}/jwks`,
        },
        client: { clientId, kid: 'client-key-1', privateKey: 'file:client.pem', purposeId },
        eservice: { url: eservice.url, audience: eservice.audience, voucherType: 'dpop' },
      },
    }),
  );
  return {
    profileFile,
    async stop() {
      await eservice.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** oidc-provider and the reference e-service, started for one test: `test.use({ requireNonce })`. */
const test = base.extend<{ requireNonce: boolean; op: { profileFile: string } }>({
  requireNonce: [false, { option: true }],
  op: async ({ requireNonce }, use) => {
    const op = await startOidcProvider(requireNonce);
    await use(op);
    await op.stop();
  },
});

for (const requireNonce of [false, true]) {
  test.describe(() => {
    test.use({ requireNonce });
    test(`oidc-provider ${requireNonce ? 'requiring DPoP nonces' : 'without DPoP nonces'}: vouchers obtained, refusals judged`, async ({
      op,
    }) => {
      const { report } = await runAgainst(op, ['pdnd-vouchers']);
      for (const r of report.results) console.log(r.verdict, r.id, r.reason);

      // Bearer and DPoP-bound JWT vouchers are issued; the DPoP one is bound to the proof key.
      const v1 = verdictOf(report.results, 'PDND-VOUCHER-01');
      expect(v1.verdict, v1.reason).toBe('pass');
      const d3 = verdictOf(report.results, 'PDND-DPOP-03');
      expect(d3.verdict, d3.reason).toBe('pass');
      expect(
        d3.evidence
          .filter((e) => e.label.startsWith('DPoP token request, proof mutated'))
          .map((e) => e.outcome),
      ).toEqual([
        ...Array(4).fill('refused: 400 invalid_dpop_proof'),
        // With nonces, oidc-provider judges freshness by the nonce, as RFC 9449 section 4.3 allows:
        // an old iat under a valid nonce is then no negative at all, never a FAIL.
        requireNonce
          ? expect.stringMatching(/^not applicable: the proof carried the server's DPoP nonce/)
          : 'refused: 400 invalid_dpop_proof',
      ]);
      // A proof whose jti was used in a served token request is refused the second time.
      const replayed = d3.evidence.find((e) => e.label.includes('same DPoP proof (same jti) sent again'));
      expect(replayed?.finding, replayed?.outcome).toBe('pass');

      // oidc-provider refuses every bad assertion with invalid_client, except one it cannot know
      // about: it has no notion of PDND purposes, so an assertion without purposeId is accepted.
      const v2 = verdictOf(report.results, 'PDND-VOUCHER-02');
      expect(v2.verdict).toBe('fail');
      // The reason says what came back: the voucher was issued.
      expect(v2.reason).toMatch(
        /^Not refused: client assertion of a consumer client without purposeId \(accepted: 200\)\.$/,
      );
      // Unregistered keys under a kid of their own or in a jwk header, and a replayed assertion jti, too.
      const refused = v2.evidence.filter((e) => e.finding === 'pass');
      expect(refused.map((e) => e.label)).toEqual(
        expect.arrayContaining([
          'client assertion signed with an unregistered RSA key under a kid of its own',
          'client assertion signed with an unregistered RSA key, carrying it in a jwk header under its own kid',
          'the same client assertion (same jti) sent again',
        ]),
      );
      expect(refused).toHaveLength(9);
      for (const e of refused) expect(e.details?.['error']).toMatch(/^invalid_(client|request)$/);
      // The profile names no second client: that negative is named as not run, never passed.
      expect(
        v2.evidence.find((e) => e.label.startsWith('client assertion naming another client'))?.outcome,
      ).toMatch(/^not run: the profile names no second client/);

      // Its DPoP vouchers work end to end at the e-service; its Bearer vouchers are refused there.
      for (const id of ['PDND-DPOP-01', 'PDND-DPOP-02']) {
        const r = verdictOf(report.results, id);
        expect(r.verdict, `${id}: ${r.reason}`).toBe('pass');
      }
      // No test signer in this profile: the expiry and audience negatives did not run, so no plain PASS.
      const p1 = verdictOf(report.results, 'PDND-PRODUCER-01');
      expect(p1.verdict, p1.reason).toBe('warn');
      expect(p1.reason).toMatch(
        /Not a full PASS: 2 named negative\(s\) could not be run: voucher expired .*; voucher for another audience/,
      );
      // The nonce flow at the token endpoint: challenged, answered once, served.
      const nonceNote = v1.evidence.find((e) => e.label === 'DPoP nonce at the token endpoint');
      expect(Boolean(nonceNote)).toBe(requireNonce);
      // The e-service's DPoP voucher was the first DPoP token request of its campaign: challenged, then served.
      const voucherRequest = verdictOf(report.results, 'PDND-DPOP-01').evidence[0];
      expect(voucherRequest?.outcome).toBe('issued (DPoP)');
      expect(voucherRequest?.details?.['challengeAnswered']).toBe(requireNonce ? true : undefined);
    });
  });
}
