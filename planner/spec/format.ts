/**
 * Small helpers shared by the platform-file checks: paths, values, and "did you mean" suggestions.
 */

/** One segment of a path into the platform file: an object key or a list index. */
export type PathSegment = string | number;

/**
 * A problem found before it is located in the source text.
 *
 * `problem` says what is wrong with the value received; `allowed` lists what is accepted;
 * `fix` says what to change. The parser adds the line and column and builds the final `Issue`.
 */
export interface DraftIssue {
  readonly path: readonly PathSegment[];
  readonly problem: string;
  readonly allowed?: string;
  readonly fix?: string;
}

/** Writes a path the way users read it: `spec.workloads[3].model`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

const MAX_VALUE_CHARS = 60;

/** Shows a value from the file in a message: JSON, shortened when long. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/** Names the kind of a value in the file's terms (YAML users write lists and mappings). */
export function describeKind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${showValue(value)}`;
    case 'number':
      return Number.isInteger(value) ? `the whole number ${value}` : `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** Quotes and joins allowed values: `"a", "b", "c"`. */
export function listValues(values: readonly unknown[]): string {
  return values.map((v) => showValue(v)).join(', ');
}

/** Edit distance counting insertions, deletions, substitutions and swaps of neighbours as 1 each. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `value` by edit distance (case-insensitive), or `undefined` when
 * none is close enough to be a plausible typo (more than a third of the longer string differs,
 * at least one edit allowed).
 * Ties go to the alphabetically first candidate so the suggestion is stable.
 */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const v = value.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const c of [...candidates].sort()) {
    const d = editDistance(v, c.toLowerCase());
    if (best === undefined || d < best.d) best = { name: c, d };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(v.length, best.name.length) / 3));
  return best.d <= limit ? best.name : undefined;
}

/** A fix that suggests the closest allowed value when one is near, else picks from the list. */
export function suggestFix(value: unknown, candidates: readonly string[], what: string): string {
  const near = typeof value === 'string' ? closest(value, candidates) : undefined;
  return near !== undefined ? `did you mean ${showValue(near)}?` : `use one of the allowed ${what}`;
}

/**
 * Turns a name into a DNS-1123 label: lower case, runs of other characters become '-'.
 * Used to suggest a fix for names Kubernetes would reject.
 */
export function toDnsLabel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}
