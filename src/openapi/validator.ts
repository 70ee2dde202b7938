import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './document.js';
import { toJsonSchema } from './json-schema.js';
import { responseFor, type Operation, type ResponseSpec } from './operations.js';

export type BodyVerdict =
  | { validated: true; errors: string[] }
  /** Nothing to validate against (no body declared, a multipart download...): said, not hidden. */
  | { validated: false; reason: string; errors: string[] };

/**
 * Validates response bodies against the description's schemas with ajv. The components schemas
 * are converted once into one JSON Schema document; each operation's response schema refers to it.
 */
export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly base: string;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    this.ajv = new Ajv({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allowUnionTypes: true,
      validateFormats: true,
    });
    addFormats.default(this.ajv);
    const digest = createHash('sha256')
      .update(JSON.stringify(doc.components?.schemas ?? {}))
      .digest('hex')
      .slice(0, 16);
    this.base = `https://attesta.dev/openapi/${digest}`;
    const definitions = Object.fromEntries(
      Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => [
        name,
        toJsonSchema(s, this.rewrite, `#/components/schemas/${name}`),
      ]),
    );
    this.ajv.addSchema({ $id: this.base, definitions });
  }

  private readonly rewrite = (ref: string): string => {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (!m) throw new Error(`unsupported schema $ref ${ref}`);
    return `${this.base}#/definitions/${m[1]}`;
  };

  /** Compiles (once) the validator of one OpenAPI schema object; throws on a schema ajv rejects. */
  compile(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(toJsonSchema(schema, this.rewrite));
      this.compiled.set(key, fn);
    }
    return fn;
  }

  /**
   * The file does not list every error each operation can give (getUser has no 404, yet an
   * unknown user is one): an undocumented error is held to the description's Problem schema.
   */
  private undocumentedError(status: number): ResponseSpec | undefined {
    if (status < 400 || !this.doc.components?.schemas?.['Problem']) return undefined;
    return { content: { 'application/problem+json': { $ref: '#/components/schemas/Problem' } }, headers: [] };
  }

  /** Validates one received body against what the operation documents for this status and content type. */
  validate(op: Operation, status: number, contentType: string | undefined, body: Buffer): BodyVerdict {
    const spec = responseFor(op, status) ?? this.undocumentedError(status);
    if (!spec)
      return {
        validated: false,
        reason: `status ${status} is not documented for ${op.method} ${op.path}`,
        errors: [`undocumented status ${status}`],
      };
    const declared = Object.keys(spec.content);
    if (!declared.length) {
      return body.length
        ? {
            validated: false,
            reason: 'no body is documented',
            errors: [`a body of ${body.length} bytes where none is documented`],
          }
        : { validated: false, reason: 'no body is documented', errors: [] };
    }
    const type = (contentType ?? '').split(';', 1).join('').trim().toLowerCase();
    if (!declared.includes(type)) {
      return {
        validated: false,
        reason: 'content type not documented',
        errors: [`Content-Type "${type || '(none)'}" is not among the documented ${declared.join(', ')}`],
      };
    }
    const schema = spec.content[type];
    if (!schema) return { validated: false, reason: `no schema for ${type}`, errors: [] };
    if (!type.endsWith('json'))
      return { validated: false, reason: `${type} bodies are not validated`, errors: [] };
    let data: unknown;
    try {
      data = JSON.parse(body.toString('utf8'));
    } catch {
      return { validated: true, errors: ['the body is not JSON'] };
    }
    const fn = this.compile(schema);
    return { validated: true, errors: fn(data) ? [] : describeErrors(fn.errors ?? []) };
  }
}

function describeErrors(errors: readonly ErrorObject[]): string[] {
  return errors.slice(0, 5).map((e) => {
    const at = e.instancePath || '(body)';
    if (e.keyword === 'additionalProperties')
      return `${at}: unexpected property "${String(e.params['additionalProperty'])}"`;
    return `${at}: ${e.message ?? e.keyword}`;
  });
}
