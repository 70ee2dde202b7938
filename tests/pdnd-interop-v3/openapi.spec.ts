import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { loadOpenApi, parseOpenApi } from '../../src/openapi/document.js';
import { eventOperations, operationsOf, paginatedOperations } from '../../src/openapi/operations.js';
import { toJsonSchema } from '../../src/openapi/json-schema.js';
import { ResponseValidator } from '../../src/openapi/validator.js';
import { findDefects } from '../../src/openapi/defects.js';
import { PROBE_UUID, probeValue } from '../../src/openapi/probe-values.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REAL = path.resolve(repoRoot, '..', 'shared', 'data', 'pdnd-openapi', 'm2mGatewayApiV3.yml');

test.describe('the real m2mGatewayApiV3.yml', () => {
  test('derives 43 paginated and 13 event operations, with their bounds from the file', async () => {
    const ops = operationsOf(await loadOpenApi(REAL));
    const paginated = paginatedOperations(ops);
    const events = eventOperations(ops);
    expect(paginated).toHaveLength(43);
    expect(events).toHaveLength(13);
    expect(paginated.every((p) => p.operation.method === 'GET')).toBe(true);
    expect(
      new Set(paginated.map((p) => `${p.limit.schema['minimum']}..${p.limit.schema['maximum']}`)),
    ).toEqual(new Set(['1..50']));
    expect(new Set(events.map((e) => `${e.limit.schema['minimum']}..${e.limit.schema['maximum']}`))).toEqual(
      new Set(['1..500']),
    );
    expect(paginated.map((p) => p.operation.path)).toContain('/users');
    expect(events.map((e) => e.operation.path)).toContain('/keyEvents');
  });

  test('ajv compiles every response schema of the file', async () => {
    const doc = await loadOpenApi(REAL);
    const validator = new ResponseValidator(doc);
    let compiled = 0;
    for (const op of operationsOf(doc)) {
      for (const spec of Object.values(op.responses)) {
        for (const schema of Object.values(spec.content)) {
          if (!schema) continue;
          expect(() => validator.compile(schema), `${op.method} ${op.path}`).not.toThrow();
          compiled++;
        }
      }
    }
    expect(compiled).toBeGreaterThan(1000);
  });

  test('validates User faithfully: additionalProperties false, uuid format, required fields', async () => {
    const doc = await loadOpenApi(REAL);
    const v = new ResponseValidator(doc);
    const getUser = operationsOf(doc).find((o) => o.operationId === 'getUser')!;
    const user = {
      userId: '6f1c6b1e-2f55-4c1b-9d0e-1d2b3c4d5e6f',
      name: 'Ada',
      familyName: 'Lovelace',
      roles: ['admin'],
    };
    const check = (body: unknown) =>
      v.validate(getUser, 200, 'application/json', Buffer.from(JSON.stringify(body))).errors;
    expect(check(user)).toEqual([]);
    expect(check({ ...user, email: 'a@b.c' }).join()).toContain('unexpected property "email"');
    expect(check({ ...user, userId: 'not-a-uuid' }).join()).toContain('format "uuid"');
    expect(check({ name: 'x', familyName: 'y', roles: [] }).join()).toContain('userId');
    // Problem: the draft-4 boolean exclusiveMaximum of the file becomes the numeric form.
    expect(
      v
        .validate(
          getUser,
          404,
          'application/problem+json',
          Buffer.from('{"type":"about:blank","status":600,"title":"x"}'),
        )
        .errors.join(),
    ).toContain('< 600');
  });
});

test.describe('OpenAPI 3.0 → JSON Schema', () => {
  const rw = (r: string) => r.replace('#/components/schemas/', 'base#/definitions/');
  test('nullable adds null to type and enum, and wraps composites', () => {
    expect(toJsonSchema({ type: 'string', enum: ['A', 'B'], nullable: true }, rw)).toEqual({
      type: ['string', 'null'],
      enum: ['A', 'B', null],
    });
    expect(toJsonSchema({ allOf: [{ $ref: '#/components/schemas/X' }], nullable: true }, rw)).toEqual({
      anyOf: [{ allOf: [{ $ref: 'base#/definitions/X' }] }, { type: 'null' }],
    });
  });
  test('ignores $ref siblings, drops annotations, refuses unknown keywords', () => {
    expect(toJsonSchema({ $ref: '#/components/schemas/X', description: 'd' }, rw)).toEqual({
      $ref: 'base#/definitions/X',
    });
    expect(toJsonSchema({ type: 'integer', example: 3, 'x-extra': 1 }, rw)).toEqual({ type: 'integer' });
    expect(() => toJsonSchema({ type: 'string', patternProperties: {} }, rw)).toThrow(/unsupported keyword/);
  });
});

test.describe('defects of a description', () => {
  test('the real m2mGatewayApiV3.yml: every required name no response can carry, each once', async () => {
    const doc = await loadOpenApi(REAL);
    const { repaired, defects } = findDefects(doc);
    expect(defects.map((d) => `${d.pointer} ${d.problem.split(' is ')[0]}`)).toEqual([
      '#/components/schemas/EServiceTemplateEvent/required/2 "eventTimestamp - eserviceTemplateId"',
      '#/components/schemas/EService/required/5 "descriptors"',
      '#/components/schemas/EServiceDescriptor/required/2 "docs"',
      '#/components/schemas/EServiceDescriptor/required/4 "creationDate"',
      '#/components/schemas/EServiceTemplateVersion/required/3 "creationDate"',
      '#/components/schemas/Tenant/required/1 "certifier"',
      '#/components/schemas/Tenant/required/3 "attributes"',
      '#/components/schemas/Tenant/required/5 "mails"',
    ]);
    // The document read is untouched; the copy the checks use keeps every other required name.
    const tenant = (s: typeof doc) => (s.components!.schemas!['Tenant'] as { required: string[] }).required;
    expect(tenant(doc)).toContain('certifier');
    expect(tenant(repaired)).toEqual(['id', 'externalId', 'createdAt', 'name']);
  });

  test('a Tenant without the undeclared names is judged on the rest of its schema', async () => {
    const doc = await loadOpenApi(REAL);
    const v = new ResponseValidator(findDefects(doc).repaired);
    const getTenant = operationsOf(doc).find((o) => o.method === 'GET' && o.path === '/tenants/{tenantId}')!;
    const tenant = {
      id: '6f1c6b1e-2f55-4c1b-9d0e-1d2b3c4d5e6f',
      externalId: { origin: 'IPA', value: 'x' },
      createdAt: '2026-01-01T00:00:00Z',
      name: 'Comune',
    };
    const check = (body: unknown) =>
      v.validate(getTenant, 200, 'application/json', Buffer.from(JSON.stringify(body))).errors;
    expect(check(tenant)).toEqual([]);
    expect(check({ ...tenant, certifier: true }).join()).toContain('unexpected property "certifier"');
    expect(check({ ...tenant, name: undefined }).join()).toContain("required property 'name'");
  });

  test('crossed bounds, an enum member its schema forbids and an invalid pattern are set aside', () => {
    const schemas = {
      A: { type: 'string', minLength: 5, maxLength: 3 },
      B: { type: 'integer', minimum: 10, maximum: 10, exclusiveMaximum: true },
      C: { type: 'string', enum: ['ok', 'Bad'], pattern: '^[a-z]+$' },
      D: { type: 'string', pattern: '^\\_x$' },
      E: { type: 'array', minItems: 2, maxItems: 1, items: { type: 'string', enum: ['a', 1] } },
      F: { type: 'integer', minimum: 1, maximum: 5 },
    };
    const { repaired, defects } = findDefects({ openapi: '3.0.3', paths: {}, components: { schemas } });
    expect(defects.map((d) => d.pointer)).toEqual([
      '#/components/schemas/A/minLength',
      '#/components/schemas/B/minimum',
      '#/components/schemas/C/enum/1',
      '#/components/schemas/D/pattern',
      '#/components/schemas/E/minItems',
      '#/components/schemas/E/items/enum/1',
    ]);
    expect(repaired.components!.schemas).toEqual({
      A: { type: 'string' },
      B: { type: 'integer' },
      C: { type: 'string', enum: ['ok', 'Bad'] },
      D: { type: 'string' },
      E: { type: 'array', items: { enum: ['a', 1] } },
      F: { type: 'integer', minimum: 1, maximum: 5 },
    });
  });

  test('inline schemas of operations and parameters are found where they are written', () => {
    const doc = {
      openapi: '3.0.3',
      paths: {
        '/a/{id}': {
          parameters: [{ name: 'id', in: 'path', schema: { type: 'integer', minimum: 3, maximum: 1 } }],
          get: {
            responses: {
              '200': {
                content: {
                  'application/json': {
                    schema: { type: 'object', additionalProperties: false, required: ['x'] },
                  },
                },
              },
            },
          },
        },
      },
    };
    expect(findDefects(doc).defects.map((d) => d.pointer)).toEqual([
      '#/paths/~1a~1{id}/parameters/0/schema/minimum',
      '#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/required/0',
    ]);
  });
});

test.describe('probe values', () => {
  test('every path parameter of the real file gets a value its schema accepts ($ref uuid included)', async () => {
    const doc = await loadOpenApi(REAL);
    const v = new ResponseValidator(doc);
    const params = operationsOf(doc).flatMap((o) => o.parameters.filter((p) => p.in === 'path'));
    expect(params.length).toBeGreaterThan(100);
    for (const p of params) expect(probeValue(v, p), p.name).toBeDefined();
    const tenantId = params.find((p) => p.name === 'tenantId')!;
    expect(tenantId.schema).toEqual({ $ref: '#/components/schemas/TenantId' });
    expect(probeValue(v, tenantId)).toBe(PROBE_UUID);
  });

  test('enums, integer bounds, patterns and arrays; none when nothing can hold', () => {
    const doc = {
      openapi: '3.0.3',
      paths: {},
      components: { schemas: { State: { type: 'string', enum: ['ACTIVE', 'DRAFT'] } } },
    };
    const v = new ResponseValidator(doc);
    const value = (schema: Record<string, unknown>) => probeValue(v, { schema });
    expect(value({ $ref: '#/components/schemas/State' })).toBe('ACTIVE');
    expect(value({ type: 'integer', minimum: 7, maximum: 9 })).toBe('7');
    expect(value({ type: 'integer', minimum: 7, exclusiveMinimum: true })).toBe('8');
    expect(value({ type: 'string', pattern: '^[0-9]{3}$', minLength: 3 })).toBe('000');
    expect(value({ type: 'array', items: { $ref: '#/components/schemas/State' } })).toBe('ACTIVE');
    expect(value({ type: 'string', pattern: '^[0-9]{3}-[0-9]{4}$' })).toBeUndefined();
  });
});

test('a description is parsed in time linear in its size, and a key written twice is named', () => {
  // yaml's own duplicate-key check is quadratic: 100,000 keys in one mapping took minutes.
  const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i}: 1`).join('\n');
  const started = Date.now();
  parseOpenApi(`openapi: 3.0.3\npaths: {}\nx-many:\n${keys}\n`, 'many.yaml');
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(() => parseOpenApi('openapi: 3.0.3\npaths: {}\npaths: {}\n', 'twice.yaml')).toThrow(
    /twice\.yaml is not valid YAML\/JSON: \/paths is written twice in the same mapping \(line 3\)/,
  );
});
