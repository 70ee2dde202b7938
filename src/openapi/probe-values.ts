import { deref, type OpenApiDocument } from './document.js';
import type { Operation, Parameter } from './operations.js';
import type { ResponseValidator } from './validator.js';

/** A v4 UUID that names nothing: a probe for an object nobody configured gets a 404, not a 400. */
export const PROBE_UUID = '00000000-0000-4000-8000-00000000a77e';

type Schema = Record<string, unknown>;

const STRING_BY_FORMAT: Record<string, string> = {
  uuid: PROBE_UUID,
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  email: 'attesta@example.invalid',
  uri: 'https://example.invalid/attesta',
};

/** Values of the schema's type worth trying, most telling first; the schema decides which holds. */
function candidates(doc: OpenApiDocument, schema: unknown, depth = 0): unknown[] {
  const s = deref<Schema>(doc, schema).value ?? {};
  if (Array.isArray(s['enum'])) return s['enum'].filter((v) => v !== null);
  for (const key of ['allOf', 'oneOf', 'anyOf'])
    if (Array.isArray(s[key]) && depth < 8)
      return (s[key] as unknown[]).flatMap((x) => candidates(doc, x, depth + 1));
  const num = (k: string) => (typeof s[k] === 'number' ? [s[k] as number] : []);
  switch (s['type']) {
    case 'integer':
    case 'number': {
      const lows = num('minimum').flatMap((m) => [m, Math.floor(m) + 1]);
      return [...lows, 0, 1, ...num('maximum').flatMap((m) => [m, Math.ceil(m) - 1])];
    }
    case 'boolean':
      return [false, true];
    case 'array':
      return depth < 8
        ? candidates(doc, s['items'], depth + 1)
            .slice(0, 4)
            .map((v) => [v])
        : [];
    default: {
      const min = typeof s['minLength'] === 'number' ? s['minLength'] : 1;
      const byFormat = typeof s['format'] === 'string' ? STRING_BY_FORMAT[s['format']] : undefined;
      return [
        ...(byFormat ? [byFormat] : []),
        'attesta-probe',
        'a'.repeat(min),
        '0'.repeat(min),
        'A'.repeat(min),
        PROBE_UUID,
      ];
    }
  }
}

/**
 * A value a parameter's schema accepts (its $ref followed, its format, enum, bounds and pattern
 * checked by the same validator that judges responses), as it goes in a path or query string; or
 * undefined when none of the candidates holds, so a probe never sends what a validating gateway
 * must refuse with 400 for a reason that is not the one tested.
 */
export function probeValue(validator: ResponseValidator, p: Pick<Parameter, 'schema'>): string | undefined {
  const valid = validator.compile(p.schema);
  const value = candidates(validator.doc, p.schema).find((v) => valid(v));
  if (value === undefined) return undefined;
  return Array.isArray(value) ? String(value[0]) : String(value);
}

/** The required query parameters of an operation other than those named, each with a valid value. */
export function requiredQuery(
  validator: ResponseValidator,
  op: Operation,
  except: readonly string[],
): { values: Record<string, string>; unsatisfied: string[] } {
  const values: Record<string, string> = {};
  const unsatisfied: string[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'query' && x.required && !except.includes(x.name))) {
    const v = probeValue(validator, p);
    if (v === undefined) unsatisfied.push(p.name);
    else values[p.name] = v;
  }
  return { values, unsatisfied };
}
