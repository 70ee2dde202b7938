import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import type { OpenApiDocument } from '../../openapi/document.js';
import { matchOperation, responseFor, type Operation } from '../../openapi/operations.js';
import { readBody } from '../services/http.js';
import type { Authenticator } from './authenticate.js';
import { ADMIN_ROLE, type GatewayData, type User } from './data.js';
import type { GatewayFault } from './faults.js';
import { HttpError, notFound } from './http-error.js';
import { readKeySeed } from './key-seed.js';
import type { ParameterCheck } from './parameters.js';
import { page, validateQuery } from './query.js';
import type { SignedResponder } from './responder.js';
import { sampleOf } from './sample.js';

/** The gateway's description, data and helpers, as every route sees them. */
export interface Gateway {
  doc: OpenApiDocument;
  ops: Operation[];
  paginated: ReadonlySet<Operation>;
  events: ReadonlySet<Operation>;
  data: GatewayData;
  on(fault: GatewayFault): boolean;
  auth: Authenticator;
  respond: SignedResponder;
  /** Under `gateway.validates-parameters`: every path and query parameter checked against its schema. */
  parameters?: ParameterCheck;
}

/** An authenticated request for an operation of the description, its query validated. */
interface Call {
  res: ServerResponse;
  method: string;
  /** The path after /v3. */
  rest: string;
  op: Operation;
  query: Record<string, number>;
  isAdmin: boolean;
  body: string;
}

const KEYS_PATH = /^\/(clients|producerKeychains)\/([^/]+)\/keys(?:\/([^/]+))?$/;

const userOut = (g: Gateway, u: User) =>
  g.on('gateway.user-extra-property') ? { ...u, email: `${u.name.toLowerCase()}@example.invalid` } : u;

const notImplemented = (c: Call) => notFound(`${c.method} ${c.op.path} is not implemented by the reference`);

async function listUsers(g: Gateway, c: Call): Promise<void> {
  return g.respond.json(
    c.res,
    200,
    page(
      g.data.users.map((u) => userOut(g, u)),
      c.query,
    ),
  );
}

async function getUser(g: Gateway, c: Call): Promise<void> {
  const u = g.data.users.find((x) => x.userId === decodeURIComponent(c.rest.split('/')[2] ?? ''));
  if (!u) throw notFound('no such user');
  return g.respond.json(c.res, 200, userOut(g, u));
}

function isKeysCall(c: Call): boolean {
  return KEYS_PATH.test(c.rest) && (c.op.path.endsWith('/keys') || c.op.path.endsWith('/keys/{keyId}'));
}

/** The keys of a client or producer keychain: anyone reads them, only an administrator changes them. */
async function keys(g: Gateway, c: Call): Promise<void> {
  const [, collection = '', ownerId = '', keyId = ''] = KEYS_PATH.exec(c.rest) ?? [];
  const owner = g.data.owners.get(`/${collection}/${ownerId}`);
  if (!owner) throw notFound('no such client or producer keychain');
  if (c.method === 'GET') return g.respond.json(c.res, 200, page([...owner.keys.values()], c.query));
  if (!c.isAdmin) throw new HttpError(403, 'Forbidden', 'only an administrator may change keys');
  if (c.method === 'POST') {
    const { jwk, use, alg } = readKeySeed(c.body, (f) => g.on(f));
    const kid = randomUUID();
    const stored: JWK = {
      kty: jwk.kty ?? 'RSA',
      ...(jwk.n ? { n: jwk.n, e: jwk.e } : {}),
      ...(jwk.crv ? { crv: jwk.crv, x: jwk.x, y: jwk.y } : {}),
      kid,
      use,
      alg,
    };
    owner.keys.set(kid, stored);
    return g.respond.json(c.res, 200, { [owner.idField]: ownerId, jwk: stored });
  }
  if (c.method === 'DELETE') {
    if (!owner.keys.delete(decodeURIComponent(keyId))) throw notFound('no such key');
    if (g.on('gateway.delete-204')) return g.respond.empty(c.res, 204);
    return g.respond.json(c.res, 200, {});
  }
  throw notImplemented(c);
}

/** Any other paginated or event operation of the description: the smallest valid collection. */
async function sampleCollection(g: Gateway, c: Call): Promise<void> {
  const schema = responseFor(c.op, 200)?.content['application/json'];
  const hints = { offset: c.query['offset'] ?? 0, limit: Math.min(c.query['limit'] ?? 1, 50), totalCount: 0 };
  return g.respond.json(c.res, 200, sampleOf(g.doc, schema, hints));
}

/** The first route whose test matches serves the call. */
const ROUTES: { matches: (g: Gateway, c: Call) => boolean; serve: (g: Gateway, c: Call) => Promise<void> }[] =
  [
    { matches: (_g, c) => c.op.path === '/users', serve: listUsers },
    { matches: (_g, c) => c.op.path === '/users/{userId}', serve: getUser },
    { matches: (_g, c) => isKeysCall(c), serve: keys },
    {
      matches: (g, c) => c.method === 'GET' && (g.paginated.has(c.op) || g.events.has(c.op)),
      serve: sampleCollection,
    },
  ];

/** A request under /v3: its operation, credentials and query checked in PDND's order, then served. */
export async function serveV3(
  g: Gateway,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const rest = url.pathname.slice('/v3'.length) || '/';
  const op = matchOperation(g.ops, method, rest);
  if (!op) throw notFound(`no resource at ${url.pathname}`);
  const claims = await g.auth.claims(req, url);
  g.parameters?.check(op, rest, url);
  const query = validateQuery(op, url, g.paginated.has(op), (f) => g.on(f));
  const isAdmin = claims['role'] === ADMIN_ROLE || g.on('gateway.rbac-not-enforced');
  const body = method === 'POST' ? await readBody(req) : '';
  const call: Call = { res, method, rest, op, query, isAdmin, body };
  const route = ROUTES.find((r) => r.matches(g, call));
  if (!route) throw notImplemented(call);
  return route.serve(g, call);
}
