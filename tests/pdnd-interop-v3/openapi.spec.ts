import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { loadOpenApi } from '../../src/openapi/document.js';
import { eventOperations, operationsOf, paginatedOperations } from '../../src/openapi/operations.js';
import { toJsonSchema } from '../../src/openapi/json-schema.js';
import { ResponseValidator } from '../../src/openapi/validator.js';

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
