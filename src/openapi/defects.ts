import type { OpenApiDocument } from './document.js';

/**
 * Defects of a description: constraints of a schema that no value can satisfy (or that no
 * validator can apply). A response cannot be blamed for them, so the description is repaired
 * when it is loaded - only the contradicting keyword is set aside, every other constraint of the
 * schema still applies - and each defect is reported once, with its JSON pointer (RFC 6901).
 */
export interface DescriptionDefect {
  /** Where in the description, e.g. "#/components/schemas/Tenant/required/1". */
  pointer: string;
  /** What is contradictory, in a sentence. */
  problem: string;
  /** What the checks do instead. */
  setAside: string;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Removes keywords from a schema object of the repaired copy. */
const setAside = (s: Node, keywords: readonly string[]) => {
  for (const k of keywords) Reflect.deleteProperty(s, k);
};

/** Each rule looks at one schema object, reports its defects and repairs it in place. */
type Rule = (s: Node, at: string, report: (d: DescriptionDefect) => void) => void;

/** `required` names a property that `additionalProperties: false` forbids: no object has it. */
const requiredUndeclared: Rule = (s, at, report) => {
  if (s['additionalProperties'] !== false || !Array.isArray(s['required'])) return;
  const declared = isNode(s['properties']) ? s['properties'] : {};
  const required = s['required'] as unknown[];
  required.forEach((name, i) => {
    if (typeof name === 'string' && !(name in declared))
      report({
        pointer: `${at}/required/${i}`,
        problem: `"${name}" is required but is not a declared property, and additionalProperties is false`,
        setAside: `"${name}" is not required`,
      });
  });
  s['required'] = required.filter((name) => typeof name !== 'string' || name in declared);
};

const BOUNDS = [
  ['minimum', 'maximum'],
  ['minLength', 'maxLength'],
  ['minItems', 'maxItems'],
  ['minProperties', 'maxProperties'],
] as const;

/** A lower bound above its upper bound (or equal to it with an exclusive bound): nothing lies between. */
const crossedBounds: Rule = (s, at, report) => {
  for (const [lo, hi] of BOUNDS) {
    const min = s[lo];
    const max = s[hi];
    if (typeof min !== 'number' || typeof max !== 'number') continue;
    const exclusive = s['exclusiveMinimum'] === true || s['exclusiveMaximum'] === true;
    if (min < max || (min === max && !(lo === 'minimum' && exclusive))) continue;
    report({
      pointer: `${at}/${lo}`,
      problem: `${lo} ${min} is not below ${hi} ${max}${min === max ? ' (an exclusive bound)' : ''}`,
      setAside: `neither ${lo} nor ${hi} is applied`,
    });
    setAside(s, [lo, hi, ...(lo === 'minimum' ? ['exclusiveMinimum', 'exclusiveMaximum'] : [])]);
  }
};

/** A pattern ECMA-262 (with the u flag, as ajv compiles it) does not accept: no validator can apply it. */
const invalidPattern: Rule = (s, at, report) => {
  const pattern = s['pattern'];
  if (typeof pattern !== 'string') return;
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    report({
      pointer: `${at}/pattern`,
      problem: `the pattern is not a valid ECMA-262 regular expression (${(e as Error).message})`,
      setAside: 'the pattern is not applied',
    });
    delete s['pattern'];
  }
};

const JSON_TYPE = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/** The keywords an enum member contradicts: a value the description both lists and forbids. */
function contradicted(s: Node, member: unknown): string[] {
  const out: string[] = [];
  const type = s['type'];
  const t = JSON_TYPE(member);
  if (typeof type === 'string' && type !== t && !(type === 'number' && t === 'integer') && member !== null)
    out.push('type');
  if (typeof member === 'string') {
    const p = s['pattern'];
    if (typeof p === 'string' && !new RegExp(p, 'u').test(member)) out.push('pattern');
    if (typeof s['minLength'] === 'number' && [...member].length < s['minLength']) out.push('minLength');
    if (typeof s['maxLength'] === 'number' && [...member].length > s['maxLength']) out.push('maxLength');
  }
  if (typeof member === 'number') {
    if (typeof s['minimum'] === 'number' && member < s['minimum']) out.push('minimum');
    if (typeof s['maximum'] === 'number' && member > s['maximum']) out.push('maximum');
  }
  return out;
}

/** An enum member that the schema's other keywords forbid: the enum still restricts the values, the contradicted keywords go. */
const enumContradiction: Rule = (s, at, report) => {
  if (!Array.isArray(s['enum'])) return;
  const drop = new Set<string>();
  (s['enum'] as unknown[]).forEach((member, i) => {
    const keys = contradicted(s, member);
    if (!keys.length) return;
    keys.forEach((k) => drop.add(k));
    report({
      pointer: `${at}/enum/${i}`,
      problem: `the enum member ${JSON.stringify(member)} is forbidden by ${keys.join(', ')} of the same schema`,
      setAside: `${keys.join(', ')} not applied beside the enum`,
    });
  });
  setAside(s, [...drop]);
};

/** Order matters: an invalid pattern goes before the enum rule compiles it. */
const RULES: Rule[] = [invalidPattern, requiredUndeclared, crossedBounds, enumContradiction];

/** Every schema object under a schema (not through $ref: the target is visited where it is defined). */
function visitSchema(s: unknown, at: string, report: (d: DescriptionDefect) => void): void {
  if (!isNode(s) || typeof s['$ref'] === 'string') return;
  for (const rule of RULES) rule(s, at, report);
  if (isNode(s['properties']))
    for (const [name, sub] of Object.entries(s['properties']))
      visitSchema(sub, `${at}/properties/${escape(name)}`, report);
  for (const key of ['items', 'additionalProperties', 'not'])
    if (isNode(s[key])) visitSchema(s[key], `${at}/${key}`, report);
  for (const key of ['allOf', 'anyOf', 'oneOf'])
    if (Array.isArray(s[key]))
      (s[key] as unknown[]).forEach((sub, i) => visitSchema(sub, `${at}/${key}/${i}`, report));
}

/** The schema positions of a parameter, header, response, request body or media type map. */
function visitHolder(holder: unknown, at: string, report: (d: DescriptionDefect) => void): void {
  if (!isNode(holder) || typeof holder['$ref'] === 'string') return;
  if (holder['schema'] !== undefined) visitSchema(holder['schema'], `${at}/schema`, report);
  for (const key of ['content', 'headers'])
    if (isNode(holder[key]))
      for (const [name, sub] of Object.entries(holder[key]))
        visitHolder(sub, `${at}/${key}/${escape(name)}`, report);
}

function visitOperation(op: Node, at: string, report: (d: DescriptionDefect) => void): void {
  if (Array.isArray(op['parameters']))
    op['parameters'].forEach((p, i) => visitHolder(p, `${at}/parameters/${i}`, report));
  visitHolder(op['requestBody'], `${at}/requestBody`, report);
  if (isNode(op['responses']))
    for (const [status, r] of Object.entries(op['responses']))
      visitHolder(r, `${at}/responses/${escape(status)}`, report);
}

/**
 * Finds every defect of a description and returns a copy repaired of them; the document given is
 * left as it is. Schemas are visited where they are written (components, or inline in paths).
 */
export function findDefects(doc: OpenApiDocument): {
  repaired: OpenApiDocument;
  defects: DescriptionDefect[];
} {
  const repaired = structuredClone(doc);
  const defects: DescriptionDefect[] = [];
  const report = (d: DescriptionDefect) => void defects.push(d);
  const components = (repaired.components ?? {}) as Record<string, unknown>;
  for (const [name, s] of Object.entries(repaired.components?.schemas ?? {}))
    visitSchema(s, `#/components/schemas/${escape(name)}`, report);
  for (const kind of ['parameters', 'responses', 'headers', 'requestBodies'])
    if (isNode(components[kind]))
      for (const [name, h] of Object.entries(components[kind]))
        visitHolder(h, `#/components/${kind}/${escape(name)}`, report);
  for (const [path, item] of Object.entries(repaired.paths)) {
    const at = `#/paths/${escape(path)}`;
    if (Array.isArray(item['parameters']))
      item['parameters'].forEach((p, i) => visitHolder(p, `${at}/parameters/${i}`, report));
    for (const [method, op] of Object.entries(item))
      if (method !== 'parameters' && isNode(op)) visitOperation(op, `${at}/${method}`, report);
  }
  return { repaired, defects };
}
