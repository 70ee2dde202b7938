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

/** How many problems a refusal lists; the rest are counted, so that a profile of 100,000 unknown keys gets a short message. */
const LISTED_PROBLEMS = 5;

/**
 * Every distinct problem of a failed validation, the most specific first (a wrong field deep
 * inside beats a complaint about its parent). Linear in the number of errors but for the sort.
 */
export function schemaProblems(
  errors: readonly ErrorObject[] | null | undefined,
): { field: string; message: string }[] {
  const sorted = [...(errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
  // allErrors reports one wrong field once per branch of a oneOf: list it once.
  return [...new Map(sorted.map(describe).map((p) => [`${p.field}: ${p.message}`, p])).values()];
}

/** The problem to show of a failed validation: the first of schemaProblems, then the next few on their own lines, then how many more there are. */
export function schemaProblem(errors: readonly ErrorObject[] | null | undefined): {
  field: string;
  message: string;
} {
  const [first, ...others] = schemaProblems(errors);
  if (!first) return { field: '/', message: 'is invalid' };
  const listed = others.slice(0, LISTED_PROBLEMS - 1).map((p) => `\n  ${p.field}: ${p.message}`);
  const rest = others.length - listed.length;
  const more = rest ? `\n  (and ${rest} more problem${rest > 1 ? 's' : ''})` : '';
  return { field: first.field, message: `${first.message}${listed.join('')}${more}` };
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
