/**
 * OpenAPI 3.0 Schema Objects are a dialect of JSON Schema draft 4/5; ajv speaks draft-07. This
 * converts faithfully, keeping every constraint the description states:
 * - `nullable: true` adds null to `type` (and to `enum`), or allows null beside a composite;
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` (draft 4) become the numeric draft-07 form;
 * - siblings of `$ref` are ignored, as OpenAPI 3.0 says; refs to components/schemas are rewritten;
 * - annotations ajv does not know (example, xml, externalDocs, discriminator, x-*) are dropped.
 * `additionalProperties: false` and formats (uuid, date-time, int32...) are kept as they are.
 */
type Schema = Record<string, unknown>;

const SCHEMA_KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'title',
  'description',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const DROPPED = new Set([
  'example',
  'examples',
  'xml',
  'externalDocs',
  'discriminator',
  'nullable',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);

export class SchemaConversionError extends Error {
  override name = 'SchemaConversionError';
}

/** `rewriteRef` maps "#/components/schemas/X" to wherever the converted components live. */
export function toJsonSchema(
  node: unknown,
  rewriteRef: (ref: string) => string,
  where = '#',
): Schema | boolean {
  if (typeof node === 'boolean') return node;
  if (!node || typeof node !== 'object' || Array.isArray(node))
    throw new SchemaConversionError(`${where}: not a schema object`);
  const s = node as Schema;
  if (typeof s['$ref'] === 'string') return { $ref: rewriteRef(s['$ref']) };
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (SCHEMA_KEYWORDS.has(key)) out[key] = value;
    else if (key === 'properties') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, sub]) => [
          name,
          toJsonSchema(sub, rewriteRef, `${where}/properties/${name}`),
        ]),
      );
    } else if (key === 'items' || key === 'not')
      out[key] = toJsonSchema(value, rewriteRef, `${where}/${key}`);
    else if (key === 'additionalProperties') {
      out[key] = typeof value === 'boolean' ? value : toJsonSchema(value, rewriteRef, `${where}/${key}`);
    } else if ((SUBSCHEMA_LISTS as readonly string[]).includes(key)) {
      out[key] = (value as unknown[]).map((sub, i) => toJsonSchema(sub, rewriteRef, `${where}/${key}/${i}`));
    } else if (!DROPPED.has(key) && !key.startsWith('x-')) {
      throw new SchemaConversionError(`${where}: unsupported keyword "${key}"`);
    }
  }
  const bounded = exclusiveBound(
    s,
    exclusiveBound(s, out, 'exclusiveMinimum', 'minimum'),
    'exclusiveMaximum',
    'maximum',
  );
  return s['nullable'] === true ? nullable(bounded) : bounded;
}

function exclusiveBound(
  s: Schema,
  out: Schema,
  key: 'exclusiveMinimum' | 'exclusiveMaximum',
  bound: 'minimum' | 'maximum',
): Schema {
  const v = s[key];
  if (v === true && typeof s[bound] === 'number') {
    return Object.fromEntries([...Object.entries(out).filter(([k]) => k !== bound), [key, s[bound]]]);
  }
  return typeof v === 'number' ? { ...out, [key]: v } : out; // a number is already the draft-06+ form
}

function nullable(out: Schema): Schema {
  if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  if (typeof out['type'] === 'string') return { ...out, type: [out['type'], 'null'] };
  if (Array.isArray(out['type']))
    return out['type'].includes('null') ? out : { ...out, type: [...out['type'], 'null'] };
  // No type (a composite such as allOf): null is one more alternative.
  return { anyOf: [out, { type: 'null' }] };
}
