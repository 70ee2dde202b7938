import { deref, type OpenApiDocument } from './document.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: Record<string, unknown>;
  /** The components reference the operation used, when it shares a parameter ("#/components/parameters/LimitParam"). */
  ref?: string;
}

export interface ResponseSpec {
  /** Content type → schema (OpenAPI 3.0, unconverted); empty when the response has no body. */
  content: Record<string, Record<string, unknown> | undefined>;
  /** Header names (lower case) the description declares for this response. */
  headers: string[];
}

export interface Operation {
  method: string;
  /** The path template, e.g. /clients/{clientId}/keys. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** Status code ("200", "4XX", "default") → response. */
  responses: Record<string, ResponseSpec>;
  requestBody?: { required: boolean; content: Record<string, Record<string, unknown> | undefined> };
}

/** Every operation of the description, path-level parameters merged in (operation-level wins). */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item['parameters'] as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const own = ((op['parameters'] as unknown[] | undefined) ?? []).map((p) => parameter(doc, p));
      const inherited = shared
        .map((p) => parameter(doc, p))
        .filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      const responses: Record<string, ResponseSpec> = {};
      for (const [status, r] of Object.entries(
        (op['responses'] as Record<string, unknown> | undefined) ?? {},
      )) {
        const res = deref<{
          content?: Record<string, { schema?: Record<string, unknown> }>;
          headers?: Record<string, unknown>;
        }>(doc, r).value;
        responses[status] = {
          content: Object.fromEntries(
            Object.entries(res.content ?? {}).map(([type, media]) => [type.toLowerCase(), media.schema]),
          ),
          headers: Object.keys(res.headers ?? {}).map((h) => h.toLowerCase()),
        };
      }
      const body = op['requestBody']
        ? deref<{ required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> }>(
            doc,
            op['requestBody'],
          ).value
        : undefined;
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId:
          typeof op['operationId'] === 'string' ? op['operationId'] : `${method.toUpperCase()} ${path}`,
        parameters: [...inherited, ...own],
        responses,
        ...(body
          ? {
              requestBody: {
                required: Boolean(body.required),
                content: Object.fromEntries(
                  Object.entries(body.content ?? {}).map(([t, m]) => [t, m.schema]),
                ),
              },
            }
          : {}),
      });
    }
  }
  return ops;
}

function parameter(doc: OpenApiDocument, raw: unknown): Parameter {
  const { value, ref } = deref<{
    name: string;
    in: Parameter['in'];
    required?: boolean;
    schema?: Record<string, unknown>;
  }>(doc, raw);
  return {
    name: value.name,
    in: value.in,
    required: Boolean(value.required),
    schema: value.schema ?? {},
    ...(ref ? { ref } : {}),
  };
}

/** Integer bounds of a parameter's schema (OpenAPI 3.0 keywords). */
export interface Bounds {
  minimum?: number;
  maximum?: number;
}

export function boundsOf(p: Parameter): Bounds {
  const s = p.schema;
  return {
    ...(typeof s['minimum'] === 'number' ? { minimum: s['minimum'] } : {}),
    ...(typeof s['maximum'] === 'number' ? { maximum: s['maximum'] } : {}),
  };
}

/** An operation paginated with the description's shared offset and limit parameters. */
export interface PaginatedOperation {
  operation: Operation;
  offset: Parameter;
  limit: Parameter;
}

/** An events operation: its own limit parameter (1..500 in PDND v3) and no offset. */
export interface EventOperation {
  operation: Operation;
  limit: Parameter;
}

const shared = (p: Parameter | undefined): p is Parameter =>
  Boolean(p?.ref?.startsWith('#/components/parameters/'));
const query = (op: Operation, name: string) => op.parameters.find((p) => p.in === 'query' && p.name === name);

/**
 * The operations that use the shared (components) offset and limit query parameters. Derived
 * from the file rather than listed, so a new paginated operation is tested the day it appears.
 */
export function paginatedOperations(ops: readonly Operation[]): PaginatedOperation[] {
  return ops.flatMap((operation) => {
    const offset = query(operation, 'offset');
    const limit = query(operation, 'limit');
    return shared(offset) && shared(limit) && offset.ref !== limit.ref ? [{ operation, offset, limit }] : [];
  });
}

/** The operations with a shared limit parameter and no offset: the event feeds. */
export function eventOperations(ops: readonly Operation[]): EventOperation[] {
  return ops.flatMap((operation) => {
    const limit = query(operation, 'limit');
    return shared(limit) && !query(operation, 'offset') ? [{ operation, limit }] : [];
  });
}

/** Matches a concrete path (without base) to an operation's path template. */
export function matchOperation(
  ops: readonly Operation[],
  method: string,
  path: string,
): Operation | undefined {
  const m = method.toUpperCase();
  const candidates = ops.filter((o) => o.method === m && templateRegExp(o.path).test(path));
  // A literal segment beats a parameter (/users/me before /users/{userId}).
  return candidates.sort((a, b) => literalCount(b.path) - literalCount(a.path))[0];
}

const regexCache = new Map<string, RegExp>();
function templateRegExp(template: string): RegExp {
  let re = regexCache.get(template);
  if (!re) {
    const body = template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`);
    regexCache.set(template, re);
  }
  return re;
}

const literalCount = (template: string) => template.split('/').filter((s) => s && !s.startsWith('{')).length;

/** Fills a path template: `{name}` → encoded value from `values`, else the fallback. */
export function fillPath(
  template: string,
  values: Readonly<Record<string, string>>,
  fallback: (name: string) => string,
): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? fallback(name)),
  );
}

/** The response spec for a status: exact code, then "4XX"-style range, then default. */
export function responseFor(op: Operation, status: number): ResponseSpec | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses['default'];
}
