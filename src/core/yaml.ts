import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/** A document that is not valid YAML: the message, and the field when one is to blame. */
export class YamlError extends Error {
  override name = 'YamlError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
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
  const lineCounter = new LineCounter();
  try {
    const doc = parseDocument(text, { uniqueKeys: false, lineCounter });
    const error = doc.errors[0];
    if (error) throw new YamlError(error.message.split('\n')[0]!);
    const duplicate = duplicateKey(doc.contents);
    if (duplicate) {
      const line = lineCounter.linePos(duplicate.offset).line;
      throw new YamlError(`is written twice in the same mapping (line ${line})`, duplicate.field);
    }
    return doc.toJS(maxAliasCount === undefined ? {} : { maxAliasCount });
  } catch (e) {
    // toJS refuses alias bombs, and a deeply nested document can exhaust the parser's stack.
    if (e instanceof YamlError) throw e;
    throw new YamlError((e as Error).message.split('\n')[0]!);
  }
}

/** The JSON pointer and source offset of a key written twice in one mapping, walking without recursion. */
function duplicateKey(root: unknown): { field: string; offset: number } | undefined {
  const pending: { node: unknown; field: string }[] = [{ node: root, field: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, field } = next;
    if (isSeq(node)) node.items.forEach((item, i) => pending.push({ node: item, field: `${field}/${i}` }));
    if (!isMap(node)) continue;
    const seen = new Set<string>();
    for (const pair of node.items) {
      // A key that is not a scalar never belongs in these documents; their schemas refuse what it becomes.
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const path = `${field}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (seen.has(key)) return { field: path, offset: pair.key.range?.[0] ?? 0 };
      seen.add(key);
      pending.push({ node: pair.value, field: path });
    }
  }
  return undefined;
}
