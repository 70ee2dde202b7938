/**
 * A cache of the `size` values last asked for: what is made once and asked for again soon (a
 * target's TLS settings, a server's certificates) without growing with the number of targets.
 */
export function recentlyUsed<V>(size: number): (key: string, make: () => V) => V {
  // A Map iterates in insertion order: the least recently used entry comes first.
  const values = new Map<string, V>();
  return (key, make) => {
    const value = values.has(key) ? values.get(key)! : make();
    values.delete(key);
    values.set(key, value);
    if (values.size > size) values.delete(values.keys().next().value!);
    return value;
  };
}
