import { deref, type OpenApiDocument } from '../../openapi/document.js';

const SAMPLE_UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/**
 * The smallest instance valid against an OpenAPI schema: required properties only, empty arrays,
 * first enum values. It lets the reference serve a generic collection for any paginated operation
 * of any description (the real file included) - `{results: [], pagination: {...}}`, `{events: []}`.
 */
export function sampleOf(
  doc: OpenApiDocument,
  schema: unknown,
  hints: Record<string, unknown> = {},
  depth = 0,
): unknown {
  if (depth > 20) return null;
  const s = deref<Record<string, unknown>>(doc, schema).value ?? {};
  const next = (sub: unknown) => sampleOf(doc, sub, hints, depth + 1);
  if (Array.isArray(s['enum'])) return s['enum'][0];
  for (const k of ['oneOf', 'anyOf'] as const) if (Array.isArray(s[k])) return next(s[k][0]);
  if (Array.isArray(s['allOf'])) return Object.assign({}, ...s['allOf'].map((x) => next(x) as object));
  switch (s['type']) {
    case 'object': {
      const props = (s['properties'] as Record<string, unknown> | undefined) ?? {};
      const required = (s['required'] as string[] | undefined) ?? [];
      return Object.fromEntries(
        required.map((name) => [name, name in hints ? hints[name] : next(props[name] ?? {})]),
      );
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof s['minimum'] === 'number' ? s['minimum'] : 0;
    case 'boolean':
      return false;
    case 'string':
      if (s['format'] === 'uuid') return SAMPLE_UUID;
      if (s['format'] === 'date-time') return new Date(0).toISOString();
      if (s['format'] === 'date') return '1970-01-01';
      return 'x'.repeat(typeof s['minLength'] === 'number' ? s['minLength'] : 1);
    default:
      return {};
  }
}
