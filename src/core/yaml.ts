import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { SourcePosition } from './errors.js';

/** A document that is not valid YAML: the message, the field when one is to blame, and where. */
export class YamlError extends Error {
  override name = 'YamlError';
  constructor(
    message: string,
    readonly field?: string,
    readonly at?: SourcePosition,
  ) {
    super(message);
  }
}

/** A parsed document and, for each JSON pointer in it, where its field is written. */
export interface PositionedYaml {
  readonly value: unknown;
  /** The position of the field the pointer names or, when it is absent, of its nearest written parent. */
  positionOf(pointer: string): SourcePosition;
}

/**
 * Parses a YAML (or JSON) document that a profile names - the profile itself, an OpenAPI
 * description - in time linear in its size. yaml's own check for duplicate keys compares each key
 * with every earlier key of its mapping, which takes minutes on a profile of 100,000 keys; it is
 * switched off and done here with one set per mapping instead. A key written twice stays an
 * error: YAML forbids it, and the second value would silently win. `maxAliasCount` is yaml's
 * bound on alias expansion (-1: none, for descriptions that reuse schemas through anchors).
 */
export function parseYamlLinear(text: string, { maxAliasCount }: { maxAliasCount?: number } = {}): unknown {
  return parse(text, maxAliasCount, undefined);
}

/**
 * parseYamlLinear, keeping the source map from JSON pointer to line and column, so that every
 * problem found in a profile later (schema, files, secrets) names where it is written.
 */
export function parseYamlWithPositions(text: string): PositionedYaml {
  const offsets = new Map<string, number>();
  const lineCounter = new LineCounter();
  const value = parse(text, undefined, offsets, lineCounter);
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    value,
    positionOf(pointer) {
      // The nearest written ancestor: a missing required field is reported where its parent is.
      for (let p = pointer === '/' ? '' : pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const offset = offsets.get(p);
        if (offset !== undefined || p === '') return at(offset ?? 0);
      }
    },
  };
}

function parse(
  text: string,
  maxAliasCount: number | undefined,
  offsets: Map<string, number> | undefined,
  lineCounter = new LineCounter(),
): unknown {
  try {
    const doc = parseDocument(text, { uniqueKeys: false, lineCounter });
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      throw new YamlError(
        error.message.split('\n')[0]!,
        undefined,
        pos && { line: pos.line, column: pos.col },
      );
    }
    const duplicate = walk(doc.contents, offsets);
    if (duplicate) {
      const { line, col } = lineCounter.linePos(duplicate.offset);
      throw new YamlError(`is written twice in the same mapping (line ${line})`, duplicate.field, {
        line,
        column: col,
      });
    }
    return doc.toJS(maxAliasCount === undefined ? {} : { maxAliasCount });
  } catch (e) {
    // toJS refuses alias bombs, and a deeply nested document can exhaust the parser's stack.
    if (e instanceof YamlError) throw e;
    throw new YamlError((e as Error).message.split('\n')[0]!);
  }
}

/**
 * Walks the document without recursion: returns the JSON pointer and source offset of a key
 * written twice in one mapping, and records where each field is written when `offsets` is given.
 */
function walk(root: unknown, offsets?: Map<string, number>): { field: string; offset: number } | undefined {
  const pending: { node: unknown; field: string }[] = [{ node: root, field: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, field } = next;
    if (isSeq(node))
      node.items.forEach((item, i) => {
        const range = (item as { range?: [number, ...number[]] } | null)?.range;
        if (range) offsets?.set(`${field}/${i}`, range[0]);
        pending.push({ node: item, field: `${field}/${i}` });
      });
    if (!isMap(node)) continue;
    const seen = new Set<string>();
    for (const pair of node.items) {
      // A key that is not a scalar never belongs in these documents; their schemas refuse what it becomes.
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const path = `${field}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const offset = pair.key.range?.[0] ?? 0;
      if (seen.has(key)) return { field: path, offset };
      seen.add(key);
      offsets?.set(path, offset);
      pending.push({ node: pair.value, field: path });
    }
  }
  return undefined;
}
