/**
 * Edits of a parsed document by path, for tests that change a platform file anywhere: every path
 * to a value, and a copy with one value set or removed.
 */

/** One step of a path: a key of an object or an index of an array. */
export type PathStep = string | number;

/** Every path to a value in `doc` (the empty path first), as keys and indexes. */
export function valuePaths(doc: unknown, prefix: PathStep[] = []): PathStep[][] {
  if (doc === null || typeof doc !== 'object') return [prefix];
  const entries: [PathStep, unknown][] = Array.isArray(doc) ? doc.map((v, i) => [i, v]) : Object.entries(doc);
  return [prefix, ...entries.flatMap(([k, v]) => valuePaths(v, [...prefix, k]))];
}

/** A copy of `doc` with the value at `at` replaced by `value`, or removed when `value` is undefined. */
export function setAt(doc: unknown, at: readonly PathStep[], value: unknown): unknown {
  const copy = structuredClone(doc) as Record<PathStep, unknown>;
  let cur = copy;
  for (const seg of at.slice(0, -1)) cur = cur[seg] as Record<PathStep, unknown>;
  if (value === undefined) delete cur[at[at.length - 1]!];
  else cur[at[at.length - 1]!] = value;
  return copy;
}
