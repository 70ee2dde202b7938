import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { stringify } from 'yaml';
import type { OpenApiDocument } from '../../openapi/document.js';
import { eventOperations, operationsOf, paginatedOperations } from '../../openapi/operations.js';
import type { PartContext, ReferencePart, ReferencePartModule } from '../part.js';
import { listenLoopback } from '../services/http.js';
import {
  PDND_AUTHORIZATION_SERVER,
  type ReferenceAuthorizationServer,
} from '../services/pdnd-authorization-server/index.js';
import { Authenticator } from './authenticate.js';
import { newGatewayData, registerApiClients, type ApiClient, type GatewayData } from './data.js';
import { GATEWAY_FAULTS, GATEWAY_VARIANTS, type GatewayFault } from './faults.js';
import type { SigningKey } from './integrity.js';
import { GATEWAY_OPENAPI } from './openapi.js';
import { SignedResponder } from './responder.js';
import type { Gateway } from './routes.js';
import { gatewayHandler } from './server.js';

export { JWKS_PATH } from './server.js';

export interface PdndGatewayOptions {
  /** Serve this description instead of the gateway's own: generic collections for its paginated and event operations. */
  description?: OpenApiDocument;
  /** Called for every request received (self-tests count the load a run puts on the gateway). */
  onRequest?: (method: string, path: string) => void;
  /** Called for every connection accepted (self-tests count what keep-alive saves: connections, handshakes on TLS). */
  onConnection?: () => void;
}

/** The gateway's Agid-JWT-Signature key, and another under the same kid: what a stale or wrong key looks like. */
async function signingKeys(): Promise<{ key: SigningKey; otherKey: SigningKey; jwks: JSONWebKeySet }> {
  const signing = await generateKeyPair('RS256', { extractable: true });
  const kid = `gateway-${randomUUID()}`;
  const otherKey: SigningKey = { privateKey: (await generateKeyPair('RS256')).privateKey, kid };
  const jwks = { keys: [{ ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  return { key: { privateKey: signing.privateKey, kid }, otherKey, jwks };
}

function profileOf(
  origin: string,
  files: { openapi: string; jwks: string },
  as: ReferenceAuthorizationServer,
  clients: { admin: ApiClient; nonAdmin: ApiClient },
  data: GatewayData,
): Record<string, unknown> {
  return {
    pdndInterop: {
      url: `${origin}/v3`,
      openapi: files.openapi,
      gatewayKeys: { jwksFile: files.jwks },
      voucher: { tokenEndpoint: as.tokenEndpoint, assertionAudience: as.assertionAudience, ...clients.admin },
      nonAdmin: clients.nonAdmin,
      ids: { clientId: data.clientObjectId, keychainId: data.keychainId, userId: data.users[0]?.userId },
      allowWrites: true,
      load: { requestBudget: 600, concurrency: 8, maxRateLimitWaits: 3, maxRateLimitWaitMs: 5_000 },
    },
  };
}

/**
 * A PDND-like v3 gateway on loopback: DPoP vouchers of the reference authorization server, the
 * users and keys operations with their real shapes, generic collections for every other
 * paginated operation of its description, and integrity and rate-limit headers on every response.
 */
async function start(context: PartContext, options: PdndGatewayOptions = {}): Promise<ReferencePart> {
  const { dir, faults } = context;
  const as = await context.service(PDND_AUTHORIZATION_SERVER);
  const doc = options.description ?? (GATEWAY_OPENAPI as unknown as OpenApiDocument);
  const ops = operationsOf(doc);
  const { key, otherKey, jwks } = await signingKeys();
  const on = (fault: GatewayFault) => faults.has(fault);
  const data = newGatewayData();
  const clients = await registerApiClients(as, dir);
  const gateway: Gateway = {
    doc,
    ops,
    paginated: new Set(paginatedOperations(ops).map((p) => p.operation)),
    events: new Set(eventOperations(ops).map((e) => e.operation)),
    data,
    on,
    auth: new Authenticator(as, on),
    respond: new SignedResponder({ key, otherKey }, faults),
  };
  const http = await listenLoopback(gatewayHandler(gateway, jwks, options.onRequest));
  gateway.respond.origin = http.origin;
  if (options.onConnection) http.server.on('connection', options.onConnection);
  const files = {
    openapi: path.join(dir, 'pdnd-gateway-openapi.yaml'),
    jwks: path.join(dir, 'pdnd-gateway-jwks.json'),
  };
  await writeFile(files.openapi, stringify(doc));
  await writeFile(files.jwks, JSON.stringify(jwks));
  return { profile: profileOf(http.origin, files, as, clients, data), stop: http.close };
}

export const part: ReferencePartModule<PdndGatewayOptions> = {
  suite: 'pdnd-interop-v3',
  faults: GATEWAY_FAULTS,
  variants: GATEWAY_VARIANTS,
  start,
};
