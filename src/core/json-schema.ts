import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';

/** The one ajv set-up of the harness, for target profiles and suite definitions alike. */
export function newAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    ...options,
  });
  addFormats.default(ajv);
  return ajv;
}

/**
 * The problem to show of a failed validation: the most specific error first (a wrong field deep
 * inside beats a complaint about its parent), with how many more there are.
 */
export function schemaProblem(errors: readonly ErrorObject[] | null | undefined): {
  field: string;
  message: string;
} {
  const sorted = [...(errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
  if (!sorted.length) return { field: '/', message: 'is invalid' };
  const first = describe(sorted[0]!);
  const more =
    sorted.length > 1 ? ` (and ${sorted.length - 1} more problem${sorted.length > 2 ? 's' : ''})` : '';
  return { field: first.field, message: `${first.message}${more}` };
}

function describe(error: ErrorObject): { field: string; message: string } {
  const field = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        field: `${field === '/' ? '' : field}/${String(error.params['additionalProperty'])}`,
        message: 'is not a known field',
      };
    case 'required':
      return {
        field: `${field === '/' ? '' : field}/${String(error.params['missingProperty'])}`,
        message: 'is required',
      };
    case 'pattern':
      return field.match(/key|passphrase|apiKeys|secret/i)
        ? {
            field,
            message: 'must be a secret reference, env:NAME or file:PATH (secrets are never written inline)',
          }
        : { field, message: `must match ${String(error.params['pattern'])}` };
    default:
      return { field, message: error.message ?? 'is invalid' };
  }
}
