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

/**
 * Names of lower-case letters, digits and dashes, starting with a letter: the bulk of a
 * platform's distinct scalars (team, namespace, queue and workload names). js-yaml 5.5.0 writes
 * them plain except the words its schema reads as something else (`true`, `false`, `null`) and
 * the YAML 1.1 booleans it quotes for older readers (`y`, `n`, `yes`, `no`, `on`, `off`), as
 * `test/constructs/yaml-writer.test.ts` checks against `dump`; they need not be asked of it.
 */
const PLAIN_NAME = /^[a-z][a-z0-9-]*$/;
const QUOTED_NAMES: ReadonlySet<string> = new Set(['true', 'false', 'null', 'y', 'n', 'yes', 'no', 'on', 'off']);

/** Whether js-yaml writes `s` plain in every position without being asked. */
export function isPlainName(s: string): boolean {
  return s.length <= LONGEST_SIMPLE_KEY && PLAIN_NAME.test(s) && !QUOTED_NAMES.has(s);
}

/** Thrown inside the walk when a value is one js-yaml must write itself. */
class NotSimple extends Error {}

/** `'\n'` and the indentation of each level, made once. */
const NEWLINE_INDENT: string[] = [];

function newlineIndent(level: number): string {
  return (NEWLINE_INDENT[level] ??= '\n' + '  '.repeat(level));
}

/**
 * Writes JSON values as js-yaml does, remembering how each distinct scalar is written.
 *
 * The pieces of a document (keys, scalars, indentation, all remembered strings) are collected in
 * one array and joined once: a platform of many teams keeps every document until its file is
 * joined, and a document built by `+=` would stay a tree of hundreds of small string pieces until
 * then.
 */
export class YamlWriter {
  private readonly values = new Map<unknown, string>();
  private readonly items = new Map<unknown, string>();
  private readonly keys = new Map<string, string>();
  private parts: string[] = [];

  /** One object as a YAML document (with its final newline), byte for byte what `dump` writes. */
  document(o: unknown): string {
    this.parts = [];
    try {
      this.node(o, 0, true, this.values);
      this.parts.push('\n');
      return this.parts.join('');
    } catch (e) {
      if (e instanceof NotSimple) return dump(o, YAML_OPTIONS);
      throw e;
    } finally {
      this.parts = [];
    }
  }

  /**
   * A node as js-yaml's `writeNode` in block context: `compact` when it follows `- ` or starts the
   * document. Returns whether it wrote a non-empty collection, which starts on the next line.
   */
  private node(v: unknown, level: number, compact: boolean, scalars: Map<unknown, string>): boolean {
    if (Array.isArray(v)) {
      if (v.length === 0) this.parts.push('[]');
      else this.sequence(v, level, compact);
      return v.length > 0;
    }
    if (v !== null && typeof v === 'object') {
      if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) throw new NotSimple();
      const keys = Object.keys(v).sort();
      if (keys.length === 0) this.parts.push('{}');
      else this.mapping(v as Record<string, unknown>, keys, level, compact);
      return keys.length > 0;
    }
    this.parts.push(this.scalar(v, scalars));
    return false;
  }

  private mapping(o: Record<string, unknown>, keys: readonly string[], level: number, compact: boolean): void {
    const next = newlineIndent(level);
    const parts = this.parts;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!compact || i > 0) parts.push(next);
      parts.push(this.key(k), ': ');
      // a block collection starts on the next line: `key:` then its lines
      const at = parts.length - 1;
      if (this.node(o[k], level + 1, false, this.values)) parts[at] = ':';
    }
  }

  private sequence(a: readonly unknown[], level: number, compact: boolean): void {
    const next = newlineIndent(level);
    const parts = this.parts;
    for (let i = 0; i < a.length; i++) {
      if (!compact || i > 0) parts.push(next);
      // items are written compact (`- key: v`, `- - x`), so only a scalar or empty item follows `- ` directly
      parts.push('- ');
      this.node(a[i], level + 1, true, this.items);
    }
  }

  private key(k: string): string {
    let text = this.keys.get(k);
    if (text === undefined) {
      if (k.length > LONGEST_SIMPLE_KEY || k.includes('\n')) throw new NotSimple();
      if (isPlainName(k)) text = k;
      else {
        const line = dump({ [k]: null }, YAML_OPTIONS);
        text = line.slice(0, line.length - ': null\n'.length);
      }
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
    if (typeof v === 'string' && isPlainName(v)) text = v;
    else if (cache === this.items) {
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
