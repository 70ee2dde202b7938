import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import {
  ConfigError,
  ConfigErrors,
  LISTED_PROBLEMS,
  ProblemList,
  type SourcePosition,
} from '../core/errors.js';
import { newAjv, schemaProblems } from '../core/json-schema.js';
import { Redactor } from '../core/redact.js';
import { readProfileFile, UnreadableFile, type FileKind } from './files.js';
import { parseYamlWithPositions, YamlError, type PositionedYaml } from '../core/yaml.js';

const SCHEMA_DIR = fileURLToPath(new URL('../../config/schema/', import.meta.url));

/** A target profile as written by the user, validated against the shipped JSON Schema. */
export interface TargetProfile {
  readonly name: string;
  /** Absolute path of the profile file; relative paths inside it are resolved from its folder. */
  readonly file: string;
  readonly data: Record<string, unknown>;
  /** Where a field (JSON pointer) is written in the file, for the problems found later. */
  readonly positionOf?: (pointer: string) => SourcePosition;
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

/**
 * Every schema violation of a profile, in the order they are written in the file (the most
 * specific first on one line); only the listed ones become errors, so a profile of 100,000
 * unknown keys is refused in about a second.
 */
function schemaErrors(file: string, errors: ValidateFunction['errors'], yaml: PositionedYaml): ConfigError {
  const problems = schemaProblems(errors)
    .map((p, i) => ({ ...p, i, at: yaml.positionOf(p.field) }))
    .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column || a.i - b.i);
  const listed = problems
    .slice(0, LISTED_PROBLEMS)
    .map((p) => new ConfigError(p.message, file, p.field, p.at));
  return ConfigErrors.of(listed, problems.length - listed.length)!;
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
  let yaml: PositionedYaml;
  try {
    yaml = parseYamlWithPositions(text);
  } catch (e) {
    if (e instanceof YamlError) throw new ConfigError(`is not valid YAML: ${e.message}`, abs, e.field, e.at);
    throw e;
  }
  const data = yaml.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError('must be a YAML mapping with at least a name', abs);
  }
  const validate = await schemaValidator();
  if (!validate(data)) throw schemaErrors(abs, validate.errors, yaml);
  const profile = data as Record<string, unknown>;
  return { name: String(profile['name']), file: abs, data: profile, positionOf: yaml.positionOf };
}

/**
 * Reads every target profile, in order, keeping the problems of all of them: the profiles that
 * are valid, and the problems of the others. Two targets of one name are refused: results,
 * reports and progress lines tell targets apart by name, so the second would be read as the first.
 */
export async function readProfiles(
  files: readonly string[],
): Promise<{ profiles: TargetProfile[]; problems: ProblemList }> {
  const problems = new ProblemList();
  const byName = new Map<string, TargetProfile>();
  for (const file of files) {
    const profile = await problems.attempt(() => loadProfile(file));
    if (!profile) continue;
    const first = byName.get(profile.name);
    if (first) {
      const message = `names the target "${profile.name}", as ${first.file} does: give each target its own name`;
      problems.add(problemIn(profile, message, '/name'));
    } else byName.set(profile.name, profile);
  }
  return { profiles: [...byName.values()], problems };
}

/** Loads every target profile, in order; the problems of all of them are thrown together. */
export async function loadProfiles(files: readonly string[]): Promise<TargetProfile[]> {
  const { profiles, problems } = await readProfiles(files);
  problems.check();
  return profiles;
}

/** A problem with one field of a profile, naming the file, the field and where it is written. */
export function problemIn(profile: TargetProfile, message: string, field?: string): ConfigError {
  return new ConfigError(message, profile.file, field, field ? profile.positionOf?.(field) : undefined);
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
      if (e instanceof UnreadableFile) throw problemIn(this.profile, e.about(p), field);
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
        throw problemIn(this.profile, `environment variable ${name} is not set`, field);
      }
    } else if (ref.startsWith('file:')) {
      value = (await this.file(ref, field)).toString('utf8');
      // A file holding a single value (an api key) commonly ends with a newline that is not part of it.
      if (!value.includes('-----BEGIN')) value = value.trim();
    } else {
      throw problemIn(this.profile, 'must be a secret reference, env:NAME or file:PATH', field);
    }
    this.redactor.add(value);
    return value;
  }

  /**
   * Several independent secrets of one block (api keys, say), read together: every one unset or
   * unreadable is reported, not only the first.
   */
  async secrets<T extends Record<string, string | undefined>>(refs: T, field: string): Promise<T> {
    const problems = new ProblemList();
    const values: Record<string, string | undefined> = {};
    for (const [name, ref] of Object.entries(refs)) {
      if (ref !== undefined)
        values[name] = await problems.attempt(() => this.secret(ref, `${field}/${name}`));
    }
    problems.check();
    return values as T;
  }

  /** A problem with a field of this profile, to throw or to collect. */
  problem(message: string, field: string): ConfigError {
    return problemIn(this.profile, message, field);
  }

  fail(message: string, field: string): never {
    throw this.problem(message, field);
  }
}
