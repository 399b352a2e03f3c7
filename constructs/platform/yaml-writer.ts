/**
 * Manifests as YAML, written by walking the objects once.
 *
 * The text is the text js-yaml's `dump` writes with the options of {@link YAML_OPTIONS}: block
 * mappings with keys sorted, sequences indented under their key, empty collections as `{}` and
 * `[]`. What js-yaml spends most of its time on is deciding, for every scalar, whether it can be
 * written plain or must be quoted; a platform repeats a few thousand distinct scalars (names,
 * labels, quantities) hundreds of thousands of times, so each distinct scalar is asked of js-yaml
 * once, in the same position, and the answer is reused. Objects holding anything else (multi-line
 * strings, whose block style depends on the indentation, very long keys, values that are not
 * plain JSON) are written by js-yaml itself.
 */
import { dump, type DumpOptions } from 'js-yaml';

/** Keys sorted, no line folding, double quotes where quoting is needed, no anchors. */
export const YAML_OPTIONS: DumpOptions = { sortKeys: true, lineWidth: -1, noRefs: true, quoteStyle: 'double' };

/** Longest key js-yaml writes as a plain `key:`; longer ones become explicit `? key` pairs. */
const LONGEST_SIMPLE_KEY = 1024;

/** Thrown inside the walk when a value is one js-yaml must write itself. */
class NotSimple extends Error {}

/** Writes JSON values as js-yaml does, remembering how each distinct scalar is written. */
export class YamlWriter {
  private readonly values = new Map<unknown, string>();
  private readonly items = new Map<unknown, string>();
  private readonly keys = new Map<string, string>();

  /** One object as a YAML document (with its final newline), byte for byte what `dump` writes. */
  document(o: unknown): string {
    try {
      return this.node(o, 0, true, this.values) + '\n';
    } catch (e) {
      if (e instanceof NotSimple) return dump(o, YAML_OPTIONS);
      throw e;
    }
  }

  /** A node as js-yaml's `writeNode` in block context: `compact` when it follows `- ` or starts the document. */
  private node(v: unknown, level: number, compact: boolean, scalars: Map<unknown, string>): string {
    if (Array.isArray(v)) return v.length === 0 ? '[]' : this.sequence(v, level, compact);
    if (v !== null && typeof v === 'object') {
      if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) throw new NotSimple();
      const keys = Object.keys(v).sort();
      return keys.length === 0 ? '{}' : this.mapping(v as Record<string, unknown>, keys, level, compact);
    }
    return this.scalar(v, scalars);
  }

  private mapping(o: Record<string, unknown>, keys: readonly string[], level: number, compact: boolean): string {
    let out = '';
    const next = '\n' + '  '.repeat(level);
    for (const k of keys) {
      if (!compact || out !== '') out += next;
      out += this.key(k);
      const value = this.node(o[k], level + 1, false, this.values);
      out += value === '' || value.charCodeAt(0) === 10 ? ':' : ': ';
      out += value;
    }
    return out;
  }

  private sequence(a: readonly unknown[], level: number, compact: boolean): string {
    let out = '';
    const next = '\n' + '  '.repeat(level);
    for (const item of a) {
      const text = this.node(item, level + 1, true, this.items);
      if (!compact || out !== '') out += next;
      out += text === '' || text.charCodeAt(0) === 10 ? '-' : '- ';
      out += text;
    }
    return out;
  }

  private key(k: string): string {
    let text = this.keys.get(k);
    if (text === undefined) {
      if (k.length > LONGEST_SIMPLE_KEY || k.includes('\n')) throw new NotSimple();
      const line = dump({ [k]: null }, YAML_OPTIONS);
      text = line.slice(0, line.length - ': null\n'.length);
      this.keys.set(k, text);
    }
    return text;
  }

  /** A string, number, boolean or null as js-yaml writes it as a mapping value or a sequence item. */
  private scalar(v: unknown, cache: Map<unknown, string>): string {
    // -0 and 0 are one key of a Map, and js-yaml writes them differently
    if (Object.is(v, -0)) throw new NotSimple();
    let text = cache.get(v);
    if (text !== undefined) return text;
    const simple =
      v === null ||
      typeof v === 'boolean' ||
      typeof v === 'number' ||
      // a multi-line string is a block scalar indented by its level
      (typeof v === 'string' && !v.includes('\n') && !v.includes('\r'));
    if (!simple) throw new NotSimple();
    if (cache === this.items) {
      const line = dump([v], YAML_OPTIONS);
      text = line.slice('- '.length, line.length - 1);
    } else {
      const line = dump({ a: v }, YAML_OPTIONS);
      text = line.slice('a: '.length, line.length - 1);
    }
    if (text.includes('\n')) throw new NotSimple();
    cache.set(v, text);
    return text;
  }
}
