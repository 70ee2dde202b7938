import { deref, type OpenApiDocument } from '../../openapi/document.js';
import type { Operation, Parameter } from '../../openapi/operations.js';
import { ResponseValidator } from '../../openapi/validator.js';
import { badRequest } from './http-error.js';

type Schema = Record<string, unknown>;

/** A path or query string as the typed value its schema describes (a number stays text if it is not one). */
function typed(doc: OpenApiDocument, schema: unknown, raw: string): unknown {
  const s = deref<Schema>(doc, schema).value ?? {};
  if ((s['type'] === 'integer' || s['type'] === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (s['type'] === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** The values of the path template's parameters in a concrete path. */
function pathValues(op: Operation, rest: string): Record<string, string> {
  const names = op.path.split('/');
  const parts = rest.split('/');
  return Object.fromEntries(
    names.flatMap((n, i) =>
      n.startsWith('{') ? [[n.slice(1, -1), decodeURIComponent(parts[i] ?? '')]] : [],
    ),
  );
}

/**
 * The `gateway.validates-parameters` variant: every path and query parameter checked against its
 * schema in the description ($ref, format, enum, bounds, pattern), as a validating gateway does -
 * 400 for a malformed value. Conformant: a probe must send values the schemas accept.
 */
export class ParameterCheck {
  private readonly validator: ResponseValidator;

  constructor(private readonly doc: OpenApiDocument) {
    this.validator = new ResponseValidator(doc);
  }

  check(op: Operation, rest: string, url: URL): void {
    const path = pathValues(op, rest);
    for (const p of op.parameters) {
      if (p.in === 'path') this.one(p, typed(this.doc, p.schema, path[p.name] ?? ''));
      if (p.in !== 'query') continue;
      const raw = url.searchParams.getAll(p.name);
      if (!raw.length) {
        if (p.required) throw badRequest(`query parameter ${p.name} is required`);
        continue;
      }
      const s = deref<Schema>(this.doc, p.schema).value ?? {};
      const items = s['type'] === 'array' ? raw.flatMap((r) => r.split(',')) : undefined;
      this.one(
        p,
        items ? items.map((r) => typed(this.doc, s['items'], r)) : typed(this.doc, p.schema, raw[0]!),
      );
    }
  }

  private one(p: Parameter, value: unknown): void {
    if (!this.validator.compile(p.schema)(value))
      throw badRequest(`${p.in} parameter ${p.name} does not match its schema`);
  }
}
