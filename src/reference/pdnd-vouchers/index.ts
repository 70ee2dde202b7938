import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, type JWK } from 'jose';
import type { PartContext, ReferencePart, ReferencePartModule } from '../part.js';
import { AS_FAULTS, AS_VARIANTS } from '../services/pdnd-authorization-server/faults.js';
import {
  PDND_AUTHORIZATION_SERVER,
  type ReferenceAuthorizationServer,
} from '../services/pdnd-authorization-server/index.js';
import { startEService, type ReferenceEService } from './eservice.js';
import { ESERVICE_FAULTS, ESERVICE_VARIANTS } from './faults.js';

/** Other e-service configurations a producer may choose (self-tests): Bearer, no audit, DPoP nonces. */
export interface VouchersOptions {
  voucherType?: 'bearer' | 'dpop';
  audit?: boolean;
  nonces?: boolean;
  /** Where the expired-redirected variant sends an expired voucher's call. */
  elsewhere?: string;
}

/** Audit information the reference e-service asks for (AUDIT_REST_02). */
const AUDIT_CLAIMS = { userID: 'operator-42', userLocation: 'workstation-7', LoA: 'LoA3' };
const TEST_ISSUER = 'attesta-reference-test-issuer';

interface KeyFile {
  file: string;
  jwk: JWK;
}

/** An RSA key pair as PDND clients register them: the private half in a PEM file for the profile. */
async function rsaKey(dir: string, file: string, kid: string): Promise<KeyFile> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeFile(path.join(dir, file), pem, { mode: 0o600 });
  return { file, jwk: { ...(await exportJWK(createPublicKey(privateKey))), kid, alg: 'RS256', use: 'sig' } };
}

interface Registered {
  client: KeyFile & { clientId: string; purposeId: string };
  apiClient: KeyFile & { clientId: string };
  signer: KeyFile;
}

function profileOf(
  as: ReferenceAuthorizationServer,
  eservice: ReferenceEService,
  { client, apiClient, signer }: Registered,
  voucherType: 'bearer' | 'dpop',
  audit: boolean,
): Record<string, unknown> {
  return {
    pdndVouchers: {
      authorizationServer: {
        tokenEndpoint: as.tokenEndpoint,
        assertionAudience: as.assertionAudience,
        issuer: as.issuer,
        jwksUri: as.jwksUri,
      },
      client: {
        clientId: client.clientId,
        kid: client.jwk.kid,
        privateKey: `file:${client.file}`,
        purposeId: client.purposeId,
      },
      apiClient: {
        clientId: apiClient.clientId,
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
        testSigner: { issuer: TEST_ISSUER, kid: signer.jwk.kid, privateKey: `file:${signer.file}` },
      },
    },
  };
}

/**
 * A consumer client registered on the authorization server with one purpose, a producer's
 * e-service that expects DPoP vouchers with AUDIT_REST_02 (so every requirement is exercised), and
 * a test issuer the e-service trusts, for the negatives that need a voucher from a trusted signer.
 */
async function start(context: PartContext, options: VouchersOptions = {}): Promise<ReferencePart> {
  const { dir, faults } = context;
  const voucherType = options.voucherType ?? 'dpop';
  const audit = options.audit ?? true;
  const as = await context.service(PDND_AUTHORIZATION_SERVER);
  const keys: Registered = {
    client: {
      clientId: randomUUID(),
      purposeId: randomUUID(),
      ...(await rsaKey(dir, 'pdnd-client-key.pem', `client-${randomUUID()}`)),
    },
    apiClient: {
      clientId: randomUUID(),
      ...(await rsaKey(dir, 'pdnd-api-client-key.pem', `api-client-${randomUUID()}`)),
    },
    signer: await rsaKey(dir, 'pdnd-test-signer-key.pem', `test-signer-${randomUUID()}`),
  };
  const eservice = await startEService({
    faults,
    trusted: [
      { issuer: as.issuer, jwks: as.jwks },
      { issuer: TEST_ISSUER, jwks: { keys: [keys.signer.jwk] } },
    ],
    purposes: new Set([keys.client.purposeId]),
    voucherType,
    audit,
    nonces: options.nonces,
    elsewhere: options.elsewhere,
  });
  as.registerPurpose(keys.client.purposeId, eservice.audience);
  as.registerClient({
    clientId: keys.client.clientId,
    keys: [keys.client.jwk],
    purposes: [keys.client.purposeId],
  });
  as.registerClient({ clientId: keys.apiClient.clientId, keys: [keys.apiClient.jwk] });
  return { profile: profileOf(as, eservice, keys, voucherType, audit), stop: () => eservice.stop() };
}

export const part: ReferencePartModule<VouchersOptions> = {
  suite: 'pdnd-vouchers',
  // The authorization server's faults break pdnd-vouchers rules: they are this part's to name.
  faults: { ...ESERVICE_FAULTS, ...AS_FAULTS },
  variants: { ...ESERVICE_VARIANTS, ...AS_VARIANTS },
  start,
};
