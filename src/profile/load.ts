import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { ConfigError } from '../core/errors.js';
import { newAjv, schemaProblem } from '../core/json-schema.js';
import { Redactor } from '../core/redact.js';
import { readProfileFile, UnreadableFile, type FileKind } from './files.js';
import { parseYamlLinear, YamlError } from '../core/yaml.js';

const SCHEMA_DIR = fileURLToPath(new URL('../../config/schema/', import.meta.url));

/** A target profile as written by the user, validated against the shipped JSON Schema. */
export interface TargetProfile {
  readonly name: string;
  /** Absolute path of the profile file; relative paths inside it are resolved from its folder. */
  readonly file: string;
  readonly data: Record<string, unknown>;
}

let validator: ValidateFunction | undefined;

async function schemaValidator(): Promise<ValidateFunction> {
  if (validator) return validator;
  const ajv = newAjv({ useDefaults: true });
  for (const name of await readdir(SCHEMA_DIR)) {
    if (name.endsWith('.schema.json'))
      ajv.addSchema(JSON.parse(await readFile(path.join(SCHEMA_DIR, name), 'utf8')));
  }
  validator = ajv.getSchema('https://attesta.dev/schema/target-profile.schema.json');
  if (!validator) throw new Error('target profile schema missing from config/schema');
  return validator;
}

export async function loadProfile(file: string): Promise<TargetProfile> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = (await readProfileFile(abs, 'profile')).toString('utf8');
  } catch (e) {
    if (e instanceof UnreadableFile) throw new ConfigError(e.about('the target profile'), abs);
    throw e;
  }
  let data: unknown;
  try {
    data = parseYamlLinear(text);
  } catch (e) {
    if (e instanceof YamlError) throw new ConfigError(`is not valid YAML: ${e.message}`, abs, e.field);
    throw e;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError('must be a YAML mapping with at least a name', abs);
  }
  const validate = await schemaValidator();
  if (!validate(data)) {
    const problem = schemaProblem(validate.errors);
    throw new ConfigError(problem.message, abs, problem.field);
  }
  const profile = data as Record<string, unknown>;
  return { name: String(profile['name']), file: abs, data: profile };
}

/**
 * Loads every target profile, in order. Two targets of one name are refused: results, reports and
 * progress lines tell targets apart by name, so the second would be read as the first.
 */
export async function loadProfiles(files: readonly string[]): Promise<TargetProfile[]> {
  const byName = new Map<string, TargetProfile>();
  for (const file of files) {
    const profile = await loadProfile(file);
    const first = byName.get(profile.name);
    if (first) {
      throw new ConfigError(
        `names the target "${profile.name}", as ${first.file} does: give each target its own name`,
        profile.file,
        '/name',
      );
    }
    byName.set(profile.name, profile);
  }
  return [...byName.values()];
}

/**
 * Reads the files and secrets a profile refers to. Every failure names the profile file and the
 * field, and every secret it reads is registered with the run's redactor.
 */
export class ProfileReader {
  constructor(
    readonly profile: TargetProfile,
    private readonly redactor: Redactor,
  ) {}

  private resolvePath(ref: string): string {
    const p = ref.startsWith('file:') ? ref.slice('file:'.length) : ref;
    return path.resolve(path.dirname(this.profile.file), p);
  }

  /** A file the profile names: a regular file within the kind's size limit (FILE_LIMITS). */
  async file(ref: string, field: string, kind: FileKind = 'file'): Promise<Buffer> {
    const p = this.resolvePath(ref);
    try {
      return await readProfileFile(p, kind);
    } catch (e) {
      if (e instanceof UnreadableFile) throw new ConfigError(e.about(p), this.profile.file, field);
      throw e;
    }
  }

  /** A secret reference: env:NAME or file:PATH. */
  async secret(ref: string, field: string): Promise<string> {
    let value: string | undefined;
    if (ref.startsWith('env:')) {
      const name = ref.slice('env:'.length);
      value = process.env[name];
      if (value === undefined || value === '') {
        throw new ConfigError(`environment variable ${name} is not set`, this.profile.file, field);
      }
    } else if (ref.startsWith('file:')) {
      value = (await this.file(ref, field)).toString('utf8');
      // A file holding a single value (an api key) commonly ends with a newline that is not part of it.
      if (!value.includes('-----BEGIN')) value = value.trim();
    } else {
      throw new ConfigError('must be a secret reference, env:NAME or file:PATH', this.profile.file, field);
    }
    this.redactor.add(value);
    return value;
  }

  fail(message: string, field: string): never {
    throw new ConfigError(message, this.profile.file, field);
  }
}
