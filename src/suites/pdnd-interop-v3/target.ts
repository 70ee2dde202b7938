import type { KeyObject } from 'node:crypto';
import type { OpenApiDocument } from '../../openapi/document.js';
import type { EventOperation, Operation, PaginatedOperation } from '../../openapi/operations.js';
import type { ResponseValidator } from '../../openapi/validator.js';
import type { Connection } from './connection.js';

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
    doc: OpenApiDocument;
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
