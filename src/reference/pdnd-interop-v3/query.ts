import type { Operation } from '../../openapi/operations.js';
import type { GatewayFault } from './faults.js';
import { badRequest } from './http-error.js';

/** The default page size, and the largest one. */
const PAGE_SIZE = 50;

interface Bounds {
  required: boolean;
  min: number | undefined;
  max: number | undefined;
}

/** A parameter's bounds from its schema, loosened by the fault that drops one of them on the shared offset/limit. */
function boundsOf(
  p: Operation['parameters'][number],
  shared: boolean,
  on: (fault: GatewayFault) => boolean,
): Bounds {
  const s = p.schema;
  const bounds: Bounds = {
    required: p.required,
    max: typeof s['maximum'] === 'number' ? s['maximum'] : undefined,
    min: typeof s['minimum'] === 'number' ? s['minimum'] : undefined,
  };
  if (!shared) return bounds;
  if (p.name === 'limit' && on('gateway.limit-51-accepted')) bounds.max = undefined;
  if (p.name === 'offset' && on('gateway.offset-negative-accepted')) bounds.min = undefined;
  if (p.name === 'limit' && on('gateway.missing-limit-accepted')) bounds.required = false;
  return bounds;
}

/**
 * Integer query parameters checked against their schemas, as PDND's request validation does.
 * `shared`: the operation takes the shared offset/limit parameters.
 */
export function validateQuery(
  op: Operation,
  url: URL,
  shared: boolean,
  on: (fault: GatewayFault) => boolean,
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    if (p.schema['type'] !== 'integer') continue;
    const raw = url.searchParams.get(p.name);
    const { required, min, max } = boundsOf(p, shared, on);
    if (raw === null) {
      if (required) throw badRequest(`query parameter ${p.name} is required`);
      if (p.name === 'limit') values[p.name] = max ?? PAGE_SIZE;
      continue;
    }
    if (!/^-?\d+$/.test(raw)) throw badRequest(`query parameter ${p.name} must be an integer`);
    const n = Number(raw);
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      throw badRequest(`query parameter ${p.name} must be within ${min ?? '-inf'}..${max ?? 'inf'}`);
    }
    values[p.name] = n;
  }
  return values;
}

/** One page of a collection, with its pagination. */
export function page<T>(items: T[], q: Record<string, number>) {
  const offset = q['offset'] ?? 0;
  const limit = q['limit'] ?? PAGE_SIZE;
  return {
    results: items.slice(offset, offset + limit),
    pagination: { offset, limit, totalCount: items.length },
  };
}
