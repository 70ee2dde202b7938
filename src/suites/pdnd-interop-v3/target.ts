import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { OpenApiDocument } from '../../openapi/document.js';
import { OpenApiError, parseOpenApi } from '../../openapi/document.js';
import { findDefects, type DescriptionDefect } from '../../openapi/defects.js';
import { eventOperations, operationsOf, paginatedOperations } from '../../openapi/operations.js';
import type { EventOperation, Operation, PaginatedOperation } from '../../openapi/operations.js';
import { SchemaConversionError } from '../../openapi/json-schema.js';
import { ResponseValidator } from '../../openapi/validator.js';
import type { PDNDInteroperabilitaAPIV3 } from '../../profile/blocks.generated.js';
import { readTrust } from '../../profile/identity.js';
import type { ProfileReader } from '../../profile/load.js';
import { ProblemList } from '../../core/errors.js';
import { gatewayConnectionFor, type Connection } from './connection.js';

/** A client registered on PDND that obtains DPoP vouchers for the v3 API (client_credentials + client assertion). */
export interface VoucherCredentials {
  /** Which client this is, in evidence ("admin client", "non-admin client"). */
  label: string;
  clientId: string;
  kid: string;
  privateKey: KeyObject;
}

/** The gateway's keys for Agid-JWT-Signature: a JWKS file read at start, or a JWKS URL fetched when needed. */
export type GatewayKeys =
  { kind: 'jwks'; jwks: { keys: Record<string, unknown>[] }; source: string } | { kind: 'url'; url: string };

export interface LoadLimits {
  /** Requests this suite may send to the platform in one run, token requests included. */
  requestBudget: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** How often one request may be retried after a 429. */
  maxRateLimitWaits: number;
  /** The longest single wait a 429 may impose; a longer Retry-After is capped. */
  maxRateLimitWaitMs: number;
}

/** The resolved pdndInterop block of a target profile. */
export interface PdndInteropTarget {
  /** The v3 base URL, e.g. https://api.uat.interop.pagopa.it/v3 (no trailing slash). */
  baseUrl: string;
  address?: string;
  /** Trust anchors for an https gateway; undefined means Node's public root store. */
  ca?: string[];
  api: {
    file: string;
    /** The description as read, repaired of its defects: everything below derives from it. */
    doc: OpenApiDocument;
    /** What no response could satisfy, set aside and reported once (PDND3-SCHEMA-01). */
    defects: DescriptionDefect[];
    operations: Operation[];
    paginated: PaginatedOperation[];
    events: EventOperation[];
    validator: ResponseValidator;
  };
  gatewayKeys: GatewayKeys;
  tokenEndpoint: string;
  /**
   * How the token endpoint is reached: the voucher block's own address and trust, else the
   * gateway's where the token endpoint is on the gateway's host name, else DNS and public roots.
   */
  tokenConnection: Connection;
  /** aud of the client assertions. */
  assertionAudience: string;
  admin: VoucherCredentials;
  nonAdmin?: VoucherCredentials;
  /** Values for path parameters ({clientId}, {userId}...): existing objects the suite may read. */
  ids: Record<string, string>;
  /** The request of the positive control, relative to the base URL. */
  controlPath: string;
  allowWrites: boolean;
  load: LoadLimits;
}

const P = '/pdndInterop';
type Block = PDNDInteroperabilitaAPIV3;

export const DEFAULT_LOAD = {
  requestBudget: 600,
  concurrency: 4,
  maxRateLimitWaits: 3,
  maxRateLimitWaitMs: 30_000,
};

async function credentials(
  reader: ProfileReader,
  b: Block['voucher'] | NonNullable<Block['nonAdmin']>,
  field: string,
  label: string,
): Promise<VoucherCredentials> {
  const pem = await reader.secret(b.privateKey, `${field}/privateKey`);
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    reader.fail('is not a PEM private key', `${field}/privateKey`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa')
    reader.fail('must be an RSA key: PDND client assertions are RS256', `${field}/privateKey`);
  return { label, clientId: b.clientId, kid: b.kid, privateKey };
}

/** A profile's `trust`: "public" (or absent) is Node's root store, else a PEM file of CA certificates. */
async function trustAnchors(
  reader: ProfileReader,
  trust: string | undefined,
  field: string,
): Promise<Pick<Connection, 'ca'>> {
  const ca = await readTrust(reader, trust, field);
  return ca ? { ca } : {};
}

/** The OpenAPI description the profile names, with what the campaigns derive from it. */
async function readApi(reader: ProfileReader, file: string): Promise<PdndInteropTarget['api']> {
  const text = (await reader.file(file, `${P}/openapi`, 'openapi')).toString('utf8');
  try {
    const { repaired: doc, defects } = findDefects(parseOpenApi(text, file));
    const operations = operationsOf(doc);
    return {
      file,
      doc,
      defects,
      operations,
      paginated: paginatedOperations(operations),
      events: eventOperations(operations),
      validator: new ResponseValidator(doc),
    };
  } catch (e) {
    if (e instanceof OpenApiError || e instanceof SchemaConversionError)
      return reader.fail(e.message, `${P}/openapi`);
    throw e;
  }
}

/** The gateway's keys: a JWKS URL fetched later, within the request budget, or a JWKS file read now. */
async function readGatewayKeys(reader: ProfileReader, keys: Block['gatewayKeys']): Promise<GatewayKeys> {
  if (typeof keys.jwksUrl === 'string') return { kind: 'url', url: keys.jwksUrl };
  const f = String(keys.jwksFile);
  const text = (await reader.file(f, `${P}/gatewayKeys/jwksFile`)).toString('utf8');
  try {
    const jwks = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(jwks.keys)) throw new Error('no keys array');
    return { kind: 'jwks', jwks: jwks as { keys: Record<string, unknown>[] }, source: f };
  } catch (e) {
    return reader.fail(`is not a JWKS (${(e as Error).message})`, `${P}/gatewayKeys/jwksFile`);
  }
}

/**
 * Reads the pdndInterop block: the OpenAPI description and the gateway keys now, so a bad file
 * stops the run (exit 2). Its files and secrets are independent: every problem is reported.
 */
export async function resolveTarget(reader: ProfileReader, block: Block): Promise<PdndInteropTarget> {
  const url = block.url.replace(/\/+$/, '');
  const { voucher, nonAdmin } = block;
  const problems = new ProblemList();
  await problems.attempt(() => (URL.canParse(url) ? undefined : reader.fail('is not a URL', `${P}/url`)));
  const api = await problems.attempt(() => readApi(reader, block.openapi));
  const gatewayKeys = await problems.attempt(() => readGatewayKeys(reader, block.gatewayKeys));
  const gatewayCa = await problems.attempt(() => trustAnchors(reader, block.trust, `${P}/trust`));
  const voucherCa =
    voucher.trust === undefined
      ? undefined
      : await problems.attempt(() => trustAnchors(reader, voucher.trust, `${P}/voucher/trust`));
  const admin = await problems.attempt(() => credentials(reader, voucher, `${P}/voucher`, 'admin client'));
  const nonAdminCredentials = nonAdmin
    ? await problems.attempt(() => credentials(reader, nonAdmin, `${P}/nonAdmin`, 'non-admin client'))
    : undefined;
  problems.check();
  const load = { ...DEFAULT_LOAD, ...block.load };
  const gateway: Connection = {
    ...(typeof block.address === 'string' ? { address: block.address } : {}),
    ...gatewayCa,
  };
  const tokenEndpoint = voucher.tokenEndpoint;
  // The voucher block's own address and trust win; else the gateway's apply on its host name only.
  const derived = gatewayConnectionFor(tokenEndpoint, url, gateway);
  const tokenAddress = typeof voucher.address === 'string' ? voucher.address : derived.address;
  const tokenCa = voucherCa === undefined ? derived.ca : voucherCa.ca;
  return {
    baseUrl: url,
    ...gateway,
    api: api!,
    gatewayKeys: gatewayKeys!,
    tokenEndpoint,
    tokenConnection: {
      ...(tokenAddress !== undefined ? { address: tokenAddress } : {}),
      ...(tokenCa ? { ca: tokenCa } : {}),
    },
    assertionAudience: voucher.assertionAudience,
    admin: admin!,
    ...(nonAdminCredentials ? { nonAdmin: nonAdminCredentials } : {}),
    ids: { ...(block.ids ?? {}) },
    controlPath: block.controlPath ?? '/users?offset=0&limit=1',
    allowWrites: block.allowWrites === true,
    load,
  };
}
