import { createPrivateKey } from 'node:crypto';
import type { ProfileReader } from '../../profile/load.js';
import { readTrust } from '../../profile/identity.js';
import { OpenApiError, parseOpenApi } from '../../openapi/document.js';
import { eventOperations, operationsOf, paginatedOperations } from '../../openapi/operations.js';
import { ResponseValidator } from '../../openapi/validator.js';
import { SchemaConversionError } from '../../openapi/json-schema.js';
import type { GatewayKeys, PdndInteropTarget, VoucherCredentials } from './target.js';
import { gatewayConnectionFor, type Connection } from './connection.js';

const P = '/pdndInterop';
type Block = Record<string, unknown>;

export const DEFAULT_LOAD = {
  requestBudget: 600,
  concurrency: 4,
  maxRateLimitWaits: 3,
  maxRateLimitWaitMs: 30_000,
};

async function credentials(
  reader: ProfileReader,
  b: Block,
  field: string,
  label: string,
): Promise<VoucherCredentials> {
  const pem = await reader.secret(String(b['privateKey']), `${field}/privateKey`);
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    reader.fail('is not a PEM private key', `${field}/privateKey`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa')
    reader.fail('must be an RSA key: PDND client assertions are RS256', `${field}/privateKey`);
  return { label, clientId: String(b['clientId']), kid: String(b['kid']), privateKey };
}

/** A profile's `trust`: "public" (or absent) is Node's root store, else a PEM file of CA certificates. */
async function trustAnchors(
  reader: ProfileReader,
  trust: unknown,
  field: string,
): Promise<Pick<Connection, 'ca'>> {
  const ca = await readTrust(reader, trust, field);
  return ca ? { ca } : {};
}

/** Reads the pdndInterop block: the OpenAPI description and the gateway keys now, so a bad file stops the run (exit 2). */
export async function resolveTarget(reader: ProfileReader, block: Block): Promise<PdndInteropTarget> {
  const url = String(block['url']).replace(/\/+$/, '');
  try {
    new URL(url);
  } catch {
    reader.fail('is not a URL', `${P}/url`);
  }
  const file = String(block['openapi']);
  const text = (await reader.file(file, `${P}/openapi`)).toString('utf8');
  let api: PdndInteropTarget['api'];
  try {
    const doc = parseOpenApi(text, file);
    const operations = operationsOf(doc);
    api = {
      file,
      doc,
      operations,
      paginated: paginatedOperations(operations),
      events: eventOperations(operations),
      validator: new ResponseValidator(doc),
    };
  } catch (e) {
    if (e instanceof OpenApiError || e instanceof SchemaConversionError)
      reader.fail(e.message, `${P}/openapi`);
    throw e;
  }
  const keysBlock = block['gatewayKeys'] as Block;
  let gatewayKeys: GatewayKeys;
  if (typeof keysBlock['jwksUrl'] === 'string') gatewayKeys = { kind: 'url', url: keysBlock['jwksUrl'] };
  else {
    const f = String(keysBlock['jwksFile']);
    try {
      const jwks = JSON.parse((await reader.file(f, `${P}/gatewayKeys/jwksFile`)).toString('utf8')) as {
        keys?: unknown;
      };
      if (!Array.isArray(jwks.keys)) throw new Error('no keys array');
      gatewayKeys = { kind: 'jwks', jwks: jwks as { keys: Record<string, unknown>[] }, source: f };
    } catch (e) {
      reader.fail(`is not a JWKS (${(e as Error).message})`, `${P}/gatewayKeys/jwksFile`);
    }
  }
  const voucher = block['voucher'] as Block;
  const nonAdmin = block['nonAdmin'] as Block | undefined;
  const load = { ...DEFAULT_LOAD, ...(block['load'] as Partial<typeof DEFAULT_LOAD> | undefined) };
  const gateway: Connection = {
    ...(typeof block['address'] === 'string' ? { address: block['address'] } : {}),
    ...(await trustAnchors(reader, block['trust'], `${P}/trust`)),
  };
  const tokenEndpoint = String(voucher['tokenEndpoint']);
  // The voucher block's own address and trust win; else the gateway's apply on its host name only.
  const derived = gatewayConnectionFor(tokenEndpoint, url, gateway);
  const tokenAddress = typeof voucher['address'] === 'string' ? voucher['address'] : derived.address;
  const tokenCa =
    voucher['trust'] === undefined
      ? derived.ca
      : (await trustAnchors(reader, voucher['trust'], `${P}/voucher/trust`)).ca;
  return {
    baseUrl: url,
    ...gateway,
    api,
    gatewayKeys,
    tokenEndpoint,
    tokenConnection: {
      ...(tokenAddress !== undefined ? { address: tokenAddress } : {}),
      ...(tokenCa ? { ca: tokenCa } : {}),
    },
    assertionAudience: String(voucher['assertionAudience']),
    admin: await credentials(reader, voucher, `${P}/voucher`, 'admin client'),
    ...(nonAdmin
      ? { nonAdmin: await credentials(reader, nonAdmin, `${P}/nonAdmin`, 'non-admin client') }
      : {}),
    ids: { ...((block['ids'] as Record<string, string> | undefined) ?? {}) },
    controlPath: String(block['controlPath'] ?? '/users?offset=0&limit=1'),
    allowWrites: block['allowWrites'] === true,
    load,
  };
}
