import type { KeyObject } from 'node:crypto';
import type { ClientKey } from '../../jose/client-assertion.js';
import { parsePrivateKey } from '../../jose/keys.js';
import type { HttpTls } from '../../http/client.js';
import type { PDNDVouchers } from '../../profile/blocks.generated.js';
import { ProblemList } from '../../core/errors.js';
import type { ProfileReader } from '../../profile/load.js';
import { readTrust } from '../../profile/identity.js';

/** The pdndVouchers block of a target profile, resolved: keys parsed, files read. */
export interface PdndVouchersTarget {
  as: {
    tokenEndpoint: string;
    assertionAudience: string;
    issuer?: string;
    jwksUri?: string;
    address?: string;
    tls?: HttpTls;
  };
  client: ClientKey & { purposeId: string };
  apiClient?: ClientKey & { audience?: string };
  eservice: {
    rawUrl: string;
    /** The URL of the positive control (url, with request.path when given). */
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    acceptStatus?: number[];
    address?: string;
    tls?: HttpTls;
    audience?: string;
    voucherType: 'bearer' | 'dpop';
    dpopAlg: 'ES256' | 'RS256';
    audit: boolean;
    auditClaims: Record<string, unknown>;
    testSigner?: { issuer?: string; kid: string; privateKey: KeyObject; alg: 'RS256' | 'ES256' };
  };
}

type Block = PDNDVouchers;
const P = '/pdndVouchers';

async function readKey(reader: ProfileReader, ref: string, field: string) {
  const text = await reader.secret(ref, field);
  try {
    return await parsePrivateKey(text);
  } catch (e) {
    return reader.fail((e as Error).message, field);
  }
}

async function tlsOf(
  reader: ProfileReader,
  trust: string | undefined,
  field: string,
): Promise<HttpTls | undefined> {
  const ca = await readTrust(reader, trust, field);
  return ca ? { ca } : undefined;
}

async function clientKey(
  reader: ProfileReader,
  b: Block['client'] | NonNullable<Block['apiClient']>,
  field: string,
): Promise<ClientKey> {
  const key = await readKey(reader, b.privateKey, `${field}/privateKey`);
  // PDND accepts only RS256 client assertions.
  if (key.alg !== 'RS256')
    reader.fail('must be an RSA key: PDND client assertions are signed RS256', `${field}/privateKey`);
  return { clientId: b.clientId, kid: b.kid, privateKey: key.privateKey, alg: 'RS256' };
}

/** The positive control's URL: the e-service URL, with request.path when given. */
function controlUrl(reader: ProfileReader, rawUrl: string, path: string | undefined): string {
  try {
    return new URL(path ?? '', rawUrl).href;
  } catch {
    return reader.fail('is not a URL', `${P}/eservice/url`);
  }
}

export async function resolvePdndVouchers(reader: ProfileReader, block: Block): Promise<PdndVouchersTarget> {
  const { authorizationServer: as, client, apiClient: api, eservice: es } = block;
  const request = es.request ?? {};
  const signer = es.testSigner;
  // The URL, keys and trust files of the block are independent: every problem is reported.
  const problems = new ProblemList();
  const url = await problems.attempt(() => controlUrl(reader, es.url, request.path));
  const signerKey = signer
    ? await problems.attempt(() => readKey(reader, signer.privateKey, `${P}/eservice/testSigner/privateKey`))
    : undefined;
  const asTls = await problems.attempt(() => tlsOf(reader, as.trust, `${P}/authorizationServer/trust`));
  const clientKeyOf = await problems.attempt(() => clientKey(reader, client, `${P}/client`));
  const apiKey = api ? await problems.attempt(() => clientKey(reader, api, `${P}/apiClient`)) : undefined;
  const esTls = await problems.attempt(() => tlsOf(reader, es.trust, `${P}/eservice/trust`));
  problems.check();
  return {
    as: {
      tokenEndpoint: as.tokenEndpoint,
      assertionAudience: as.assertionAudience,
      issuer: as.issuer,
      jwksUri: as.jwksUri,
      address: as.address,
      tls: asTls,
    },
    client: { ...clientKeyOf!, purposeId: client.purposeId },
    apiClient: api && apiKey ? { ...apiKey, audience: api.audience } : undefined,
    eservice: {
      rawUrl: es.url,
      url: url!,
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      body: request.body,
      acceptStatus: es.acceptStatus,
      address: es.address,
      tls: esTls,
      audience: es.audience,
      voucherType: es.voucherType === 'dpop' ? 'dpop' : 'bearer',
      dpopAlg: es.dpopAlg === 'RS256' ? 'RS256' : 'ES256',
      audit: es.audit === true,
      auditClaims: es.auditClaims ?? {},
      testSigner:
        signer && signerKey
          ? { issuer: signer.issuer, kid: signer.kid, privateKey: signerKey.privateKey, alg: signerKey.alg }
          : undefined,
    },
  };
}
