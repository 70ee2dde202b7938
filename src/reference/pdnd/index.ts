import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, type JWK } from 'jose';
import type { ReferencePart } from '../index.js';
import { AS_FAULTS, type ReferenceAuthorizationServer } from './authorization-server.js';
import { ESERVICE_FAULTS, startEService } from './eservice.js';

/** Faults of the pdnd-vouchers part: the producer's e-service and the shared authorization server. */
export const PDND_VOUCHERS_FAULTS: readonly string[] = [...ESERVICE_FAULTS, ...AS_FAULTS];

/** Audit information the reference e-service asks for (AUDIT_REST_02). */
const AUDIT_CLAIMS = { userID: 'operator-42', userLocation: 'workstation-7', LoA: 'LoA3' };

/** An RSA key pair as PDND clients register them: the private half in a PEM file for the profile. */
async function rsaKey(dir: string, file: string, kid: string): Promise<{ file: string; jwk: JWK }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeFile(path.join(dir, file), pem, { mode: 0o600 });
  return { file, jwk: { ...(await exportJWK(createPublicKey(privateKey))), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * A consumer client registered on the authorization server with one purpose, a producer's
 * e-service that expects DPoP vouchers with AUDIT_REST_02 (so every requirement is exercised), and
 * a test issuer the e-service trusts, for the negatives that need a voucher from a trusted signer.
 */
export async function startPdndVouchersReference(
  dir: string,
  faults: ReadonlySet<string>,
  as: ReferenceAuthorizationServer,
  /** Other e-service configurations a producer may choose (self-tests): Bearer, no audit, DPoP nonces. */
  variant: { voucherType?: 'bearer' | 'dpop'; audit?: boolean; nonces?: boolean } = {},
): Promise<ReferencePart> {
  const voucherType = variant.voucherType ?? 'dpop';
  const audit = variant.audit ?? true;
  const clientId = randomUUID();
  const purposeId = randomUUID();
  const client = await rsaKey(dir, 'pdnd-client-key.pem', `client-${randomUUID()}`);
  const apiClientId = randomUUID();
  const apiClient = await rsaKey(dir, 'pdnd-api-client-key.pem', `api-client-${randomUUID()}`);
  const signer = await rsaKey(dir, 'pdnd-test-signer-key.pem', `test-signer-${randomUUID()}`);
  const testIssuer = 'attesta-reference-test-issuer';

  const eservice = await startEService({
    faults,
    trusted: [
      { issuer: as.issuer, jwks: as.jwks },
      { issuer: testIssuer, jwks: { keys: [signer.jwk] } },
    ],
    purposes: new Set([purposeId]),
    voucherType,
    audit,
    nonces: variant.nonces,
  });
  as.registerPurpose(purposeId, eservice.audience);
  as.registerClient({ clientId, keys: [client.jwk], purposes: [purposeId] });
  as.registerClient({ clientId: apiClientId, keys: [apiClient.jwk] });

  const profile = {
    pdndVouchers: {
      authorizationServer: {
        tokenEndpoint: as.tokenEndpoint,
        assertionAudience: as.assertionAudience,
        issuer: as.issuer,
        jwksUri: as.jwksUri,
      },
      client: { clientId, kid: client.jwk.kid, privateKey: `file:${client.file}`, purposeId },
      apiClient: {
        clientId: apiClientId,
        kid: apiClient.jwk.kid,
        privateKey: `file:${apiClient.file}`,
        audience: as.m2mAudience,
      },
      eservice: {
        url: eservice.url,
        audience: eservice.audience,
        voucherType,
        audit,
        ...(audit ? { auditClaims: AUDIT_CLAIMS } : {}),
        testSigner: { issuer: testIssuer, kid: signer.jwk.kid, privateKey: `file:${signer.file}` },
      },
    },
  };
  return { profile, stop: () => eservice.stop() };
}
