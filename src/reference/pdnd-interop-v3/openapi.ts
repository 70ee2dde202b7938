/**
 * The OpenAPI description of the reference gateway, written for it: a small part of PDND's v3 API
 * with the real shapes (users, client and producer keychain keys, a few collections, one event
 * feed), the shared offset/limit parameters, and the integrity and rate-limit response headers.
 * The official file stays in ../shared/data; a user points the profile at their own copy.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const headers = {
  'X-Rate-Limit-Limit': { $ref: '#/components/headers/RateLimitLimitHeader' },
  'X-Rate-Limit-Remaining': { $ref: '#/components/headers/RateLimitRemainingHeader' },
  'X-Rate-Limit-Interval': { $ref: '#/components/headers/RateLimitIntervalHeader' },
  Digest: { $ref: '#/components/headers/IntegrityRest02DigestHeader' },
  'Agid-JWT-Signature': { $ref: '#/components/headers/IntegrityRest02AgidJwtSignatureHeader' },
};
const ok = (schema: string, description = 'OK') => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
  headers,
});
const errors = (...codes: string[]) =>
  Object.fromEntries(
    codes.map((c) => [
      c,
      {
        $ref: `#/components/responses/${({ '400': 'BadRequest', '401': 'Unauthorized', '403': 'Forbidden', '404': 'NotFound', '429': 'TooManyRequests' } as Record<string, string>)[c]}`,
      },
    ]),
  );
const page = [
  { $ref: '#/components/parameters/OffsetParam' },
  { $ref: '#/components/parameters/LimitParam' },
];
const pathId = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
});
const list = (operationId: string, schema: string, extra: Record<string, unknown> = {}) => ({
  get: {
    operationId,
    parameters: page,
    responses: { '200': ok(schema), ...errors('400', '401', '403', '404', '429') },
  },
  ...extra,
});
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
  headers,
});
const uuid = { type: 'string', format: 'uuid' };
const results = (item: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['results', 'pagination'],
  properties: { results: { type: 'array', items: ref(item) }, pagination: ref('Pagination') },
});

export const GATEWAY_OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'Attesta reference PDND v3 gateway', version: '3.1.1-reference' },
  security: [{ DPoPAuth: [], DPoPProofHeader: [] }],
  paths: {
    '/users': {
      get: {
        operationId: 'getUsers',
        parameters: [
          {
            in: 'query',
            name: 'roles',
            required: false,
            explode: false,
            schema: { type: 'array', items: { type: 'string' }, default: [] },
          },
          ...page,
        ],
        responses: { '200': ok('Users'), ...errors('400', '401', '403', '429') },
      },
    },
    '/users/{userId}': {
      get: {
        operationId: 'getUser',
        parameters: [pathId('userId')],
        responses: { '200': ok('User'), ...errors('400', '401', '403', '429') },
      },
    },
    '/clients': list('getClients', 'Clients'),
    '/clients/{clientId}/keys': {
      parameters: [pathId('clientId')],
      ...list('getClientKeys', 'JWKs'),
      post: {
        operationId: 'createClientKey',
        requestBody: { required: true, content: { 'application/json': { schema: ref('KeySeed') } } },
        responses: { '200': ok('Key'), ...errors('400', '401', '403', '429') },
      },
    },
    '/clients/{clientId}/keys/{keyId}': {
      parameters: [
        pathId('clientId'),
        { name: 'keyId', in: 'path', required: true, schema: { type: 'string' } },
      ],
      delete: {
        operationId: 'deleteClientKeyById',
        responses: { '200': ok('VoidObject'), ...errors('400', '401', '403', '404', '429') },
      },
    },
    '/producerKeychains': list('getProducerKeychains', 'ProducerKeychains'),
    '/producerKeychains/{keychainId}/keys': {
      parameters: [pathId('keychainId')],
      ...list('getProducerKeychainKeys', 'JWKs'),
      post: {
        operationId: 'createProducerKeychainKey',
        requestBody: { required: true, content: { 'application/json': { schema: ref('KeySeed') } } },
        responses: { '200': ok('ProducerKey'), ...errors('400', '401', '403', '429') },
      },
    },
    '/producerKeychains/{keychainId}/keys/{keyId}': {
      parameters: [
        pathId('keychainId'),
        { name: 'keyId', in: 'path', required: true, schema: { type: 'string' } },
      ],
      delete: {
        operationId: 'deleteProducerKeychainKeyById',
        responses: { '200': ok('VoidObject'), ...errors('400', '401', '403', '404', '429') },
      },
    },
    '/agreements': list('getAgreements', 'Agreements'),
    '/keyEvents': {
      get: {
        operationId: 'getKeyEvents',
        parameters: [
          { $ref: '#/components/parameters/LastEventId' },
          { $ref: '#/components/parameters/EventsLimit' },
        ],
        responses: { '200': ok('KeyEvents'), ...errors('400', '401', '403', '429') },
      },
    },
  },
  components: {
    parameters: {
      OffsetParam: {
        in: 'query',
        name: 'offset',
        required: true,
        schema: { type: 'integer', format: 'int32', minimum: 0 },
      },
      LimitParam: {
        in: 'query',
        name: 'limit',
        required: true,
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 50 },
      },
      LastEventId: { in: 'query', name: 'lastEventId', schema: uuid },
      EventsLimit: {
        in: 'query',
        name: 'limit',
        required: true,
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 500 },
      },
    },
    schemas: {
      Pagination: {
        type: 'object',
        additionalProperties: false,
        required: ['offset', 'limit', 'totalCount'],
        properties: {
          offset: { type: 'integer', format: 'int32', minimum: 0 },
          limit: { type: 'integer', format: 'int32', minimum: 1, maximum: 50 },
          totalCount: { type: 'integer', format: 'int32', minimum: 0 },
        },
      },
      User: {
        type: 'object',
        additionalProperties: false,
        required: ['userId', 'name', 'familyName', 'roles'],
        properties: {
          userId: uuid,
          name: { type: 'string' },
          familyName: { type: 'string' },
          roles: { type: 'array', items: { type: 'string' } },
        },
      },
      Users: results('User'),
      Client: { oneOf: [ref('FullClient'), ref('PartialClient')] },
      FullClient: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'consumerId', 'name', 'createdAt'],
        properties: {
          id: uuid,
          consumerId: uuid,
          name: { type: 'string' },
          description: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      PartialClient: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'consumerId'],
        properties: { id: uuid, consumerId: uuid },
      },
      Clients: results('Client'),
      ProducerKeychain: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'producerId'],
        properties: {
          id: uuid,
          producerId: uuid,
          name: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      ProducerKeychains: results('ProducerKeychain'),
      Agreement: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'eserviceId', 'descriptorId', 'producerId', 'consumerId', 'state', 'createdAt'],
        properties: {
          id: uuid,
          eserviceId: uuid,
          descriptorId: uuid,
          producerId: uuid,
          consumerId: uuid,
          state: {
            type: 'string',
            enum: [
              'DRAFT',
              'ACTIVE',
              'ARCHIVED',
              'PENDING',
              'SUSPENDED',
              'MISSING_CERTIFIED_ATTRIBUTES',
              'REJECTED',
            ],
          },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      Agreements: results('Agreement'),
      KeyUse: { type: 'string', enum: ['SIG', 'ENC'] },
      KeySeed: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'use', 'alg', 'name'],
        properties: {
          key: { type: 'string' },
          use: ref('KeyUse'),
          alg: { type: 'string' },
          name: { type: 'string', minLength: 5, maxLength: 60 },
        },
      },
      JWK: {
        type: 'object',
        additionalProperties: false,
        required: ['kty', 'kid'],
        properties: {
          kty: { type: 'string' },
          use: { type: 'string' },
          alg: { type: 'string' },
          kid: { type: 'string' },
          n: { type: 'string' },
          e: { type: 'string' },
          crv: { type: 'string' },
          x: { type: 'string' },
          y: { type: 'string' },
        },
      },
      JWKs: results('JWK'),
      Key: {
        type: 'object',
        additionalProperties: false,
        required: ['clientId', 'jwk'],
        properties: { clientId: uuid, jwk: ref('JWK') },
      },
      ProducerKey: {
        type: 'object',
        additionalProperties: false,
        required: ['producerKeychainId', 'jwk'],
        properties: { producerKeychainId: uuid, jwk: ref('JWK') },
      },
      KeyEvent: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'eventType', 'eventTimestamp', 'kid', 'clientId'],
        properties: {
          id: uuid,
          eventType: { type: 'string', enum: ['CLIENT_KEY_ADDED', 'CLIENT_KEY_DELETED'] },
          eventTimestamp: { type: 'string', format: 'date-time' },
          kid: { type: 'string' },
          clientId: uuid,
        },
      },
      KeyEvents: {
        type: 'object',
        additionalProperties: false,
        required: ['events'],
        properties: { events: { type: 'array', items: ref('KeyEvent') } },
      },
      VoidObject: { type: 'object', additionalProperties: false, description: 'An empty object' },
      Problem: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'status', 'title'],
        properties: {
          type: { type: 'string' },
          status: { type: 'integer', format: 'int32', minimum: 100, maximum: 600, exclusiveMaximum: true },
          title: { type: 'string', maxLength: 64, pattern: '^[ -~]{0,64}$' },
          correlationId: { type: 'string', maxLength: 64 },
          detail: { type: 'string', maxLength: 4096, pattern: '^.{0,1024}$' },
        },
      },
    },
    responses: {
      BadRequest: problemResponse('Bad Request'),
      Unauthorized: problemResponse('Unauthorized'),
      Forbidden: problemResponse('Forbidden'),
      NotFound: problemResponse('Not Found'),
      TooManyRequests: problemResponse('Too Many Requests'),
    },
    headers: {
      RateLimitLimitHeader: { schema: { type: 'integer', format: 'int32', minimum: 0 } },
      RateLimitRemainingHeader: { schema: { type: 'integer', format: 'int32', minimum: 0 } },
      RateLimitIntervalHeader: { schema: { type: 'integer', format: 'int32', minimum: 0 } },
      IntegrityRest02DigestHeader: { schema: { type: 'string', pattern: '^SHA-256=[a-zA-Z0-9+/]{43}=$' } },
      IntegrityRest02AgidJwtSignatureHeader: { schema: { type: 'string' } },
    },
    securitySchemes: {
      DPoPAuth: { type: 'http', scheme: 'DPoP' },
      DPoPProofHeader: { type: 'apiKey', in: 'header', name: 'DPoP' },
    },
  },
};

/**
 * The description of the `gateway.description-defect` variant: User requires "email", which it
 * does not declare under additionalProperties false - no User can satisfy it, as in some published
 * files. The gateway still answers Users as they are (conformant to everything else).
 */
export function withDescriptionDefect<T extends { components?: { schemas?: Record<string, unknown> } }>(
  doc: T,
): T {
  const copy = structuredClone(doc);
  const user = copy.components?.schemas?.['User'] as { required?: string[] } | undefined;
  if (user) user.required = [...(user.required ?? []), 'email'];
  return copy;
}
