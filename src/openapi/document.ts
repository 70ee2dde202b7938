import { readFile } from 'node:fs/promises';
import { parseYamlLinear, YamlError } from '../core/yaml.js';

/** The parts of an OpenAPI 3.0 description the suite reads; everything else is kept as plain data. */
export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: {
    schemas?: Record<string, unknown>;
    parameters?: Record<string, unknown>;
    responses?: Record<string, unknown>;
    headers?: Record<string, unknown>;
  };
}

export class OpenApiError extends Error {
  override name = 'OpenApiError';
}

/** Parses an OpenAPI 3.0 description (YAML or JSON) and checks the little the suite relies on. */
export function parseOpenApi(text: string, source: string): OpenApiDocument {
  let doc: unknown;
  try {
    doc = parseYamlLinear(text, { maxAliasCount: -1 });
  } catch (e) {
    const at = e instanceof YamlError ? e.field : undefined;
    throw new OpenApiError(`${source} is not valid YAML/JSON: ${at ? `${at} ` : ''}${(e as Error).message}`);
  }
  const d = doc as Partial<OpenApiDocument> | null;
  if (!d || typeof d !== 'object' || typeof d.openapi !== 'string' || !d.openapi.startsWith('3.')) {
    throw new OpenApiError(`${source} is not an OpenAPI 3 description (no "openapi: 3.x")`);
  }
  if (!d.paths || typeof d.paths !== 'object') throw new OpenApiError(`${source} has no paths`);
  return d as OpenApiDocument;
}

export async function loadOpenApi(file: string): Promise<OpenApiDocument> {
  return parseOpenApi(await readFile(file, 'utf8'), file);
}

/** Resolves a local reference ("#/components/schemas/User"); remote references are not supported. */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new OpenApiError(`only local $ref are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(key in node))
      throw new OpenApiError(`unresolvable $ref ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follows $ref chains of a parameter/response/header object until a concrete object is reached. */
export function deref<T>(doc: OpenApiDocument, value: unknown): { value: T; ref?: string } {
  let ref: string | undefined;
  let node = value;
  for (
    let i = 0;
    i < 32 && node && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string';
    i++
  ) {
    ref = (node as { $ref: string }).$ref;
    node = resolvePointer(doc, ref);
  }
  return { value: node as T, ref };
}
