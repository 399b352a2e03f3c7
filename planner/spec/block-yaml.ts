/**
 * A fast reader for the plainest YAML: block mappings and block lists of plain or simply quoted
 * scalars, as `yaml`'s `stringify` and most hand-written platform files are. It reads such a
 * file into the data js-yaml's core schema gives, about three times faster in a fresh process
 * (js-yaml builds a list of events, then the data); anything else it does not read at all, and
 * js-yaml reads the file as before, with its errors. See docs/decisions/0053-block-yaml-fast-path.md.
 *
 * What it leaves to js-yaml, so it never has to decide what YAML means there: anchors, aliases,
 * tags, flow collections other than one line of scalars, block scalars, multi-line scalars, comments after
 * a value, escapes and quotes inside quoted scalars, keys that are not plain names, repeated keys,
 * numbers other than plain decimals, trailing spaces, tabs, carriage returns, control characters,
 * no-break and other special spaces, characters outside the basic multilingual plane, documents
 * other than one mapping or one list, and nesting deeper than 32 levels.
 */

/** Marks text outside the subset. */
const OUTSIDE = Symbol('outside the block subset');

/**
 * Nesting read here at most. A platform file nests about eight levels; deeper files go to js-yaml,
 * which bounds the depth itself (`MAX_NESTING_DEPTH` in read.ts) and says where it is exceeded.
 */
const MAX_DEPTH = 32;

/**
 * Characters read here: line feeds, printable ASCII, and the rest of the basic multilingual
 * plane but for spaces YAML or js-yaml might treat apart (no-break space, line and paragraph
 * separators, byte order mark) and surrogates. Anything else sends the text to js-yaml.
 */
const OUTSIDE_CHARACTERS = /[^\n\x20-\x7e\xa1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
/** Keys read as themselves: a letter or underscore, then letters, digits and `_ . / -`. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/**
 * Plain scalars js-yaml's core schema reads as null or a boolean, and as what (js-yaml 5.5.0
 * `nullCoreTag`, `boolCoreTag`; the empty scalar is null too, and is read here only as `key:`).
 */
const WORDS: ReadonlyMap<string, null | boolean> = new Map<string, null | boolean>([
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);
/** Integers and decimals written plainly; other numbers (signs, exponents, octal, hex, `.inf`) go to js-yaml. */
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]*)\.[0-9]+$/;
/**
 * Strings that start with a number and go on with a letter no number of the core schema has
 * there (`e`, `o`, `x`, `b`): quantities such as `10Gi` or `500m`.
 */
const QUANTITY = /^[0-9]+(?:\.[0-9]+)?[AC-DF-NP-WYZac-df-np-wyz][A-Za-z]*$/;

/** Whether `c` may start a plain string: a letter, `_`, `/`, `$`, `(`, `<`, `=`, `^`, `~` or beyond ASCII. */
function startsWord(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x5f ||
    c === 0x2f ||
    c === 0x24 ||
    c === 0x28 ||
    c === 0x3c ||
    c === 0x3d ||
    c === 0x5e ||
    c === 0x7e ||
    c > 0x7f
  );
}

/** A plain or simply quoted scalar as js-yaml's core schema reads it, or `OUTSIDE`. */
function scalar(text: string): unknown {
  const first = text.charCodeAt(0);
  const second = text.charCodeAt(1);
  // `-` before a letter or another `-` starts a string (`--epochs=1`); before a digit or `.`, maybe a number
  if (startsWord(first) || (first === 0x2d && (second === 0x2d || (second >= 0x61 && second <= 0x7a) || (second >= 0x41 && second <= 0x5a)))) {
    // the common case, one pass: a string unless a word of the core schema, a comment, a flow indicator or `: `
    for (let i = 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x23 || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) return OUTSIDE;
      if (c === 0x3a && (i === text.length - 1 || text.charCodeAt(i + 1) === 0x20)) return OUTSIDE;
    }
    const word = WORDS.get(text);
    return word !== undefined ? word : text;
  }
  if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
    if (text.length < 2 || text.charCodeAt(text.length - 1) !== first) return OUTSIDE;
    const inner = text.slice(1, -1);
    return inner.includes('"') || inner.includes("'") || inner.includes('\\') ? OUTSIDE : inner;
  }
  if (first === 0x5b /* [ */ || first === 0x7b /* { */) return flow(text, first === 0x7b);
  if (INTEGER.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) && text !== '-0' ? n : OUTSIDE;
  }
  if (DECIMAL.test(text)) return Number(text);
  if (QUANTITY.test(text)) return text;
  // any other start is a YAML indicator or maybe a number
  return OUTSIDE;
}

/** A flow item or value: a scalar without `:`, whose plain form is the same in flow and block context. */
function flowScalar(text: string): unknown {
  const first = text.charCodeAt(0);
  if (text === '' || first === 0x5b || first === 0x7b || (first !== 0x22 && first !== 0x27 && text.includes(':'))) return OUTSIDE;
  return scalar(text);
}

/**
 * A flow list or mapping on one line, of scalars only (`[a, b]`, `{ cpu: 2, memory: 6Gi }`);
 * nested, empty or quoted-comma items are left to js-yaml (a comma inside quotes splits the item,
 * which then fails the quote check).
 */
function flow(text: string, isMapping: boolean): unknown {
  if (text.charCodeAt(text.length - 1) !== (isMapping ? 0x7d : 0x5d)) return OUTSIDE;
  const inner = text.slice(1, -1).trim();
  if (inner === '') return isMapping ? {} : [];
  const parts = inner.split(',');
  if (!isMapping) {
    const items: unknown[] = [];
    for (const part of parts) {
      const item = flowScalar(part.trim());
      if (item === OUTSIDE) return OUTSIDE;
      items.push(item);
    }
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    const entry = part.trim();
    const colon = entry.indexOf(': ');
    const key = entry.slice(0, colon);
    if (colon <= 0 || !PLAIN_KEY.test(key) || WORDS.has(key) || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) return OUTSIDE;
    const value = flowScalar(entry.slice(colon + 2).trim());
    if (value === OUTSIDE) return OUTSIDE;
    out[key] = value;
  }
  return out;
}

/** Whether the text after `- ` opens a mapping (`key: value` or `key:`) rather than being a scalar. */
function opensMapping(text: string): boolean {
  const first = text.charCodeAt(0);
  return first !== 0x22 && first !== 0x27 && first !== 0x5b && first !== 0x7b && (text.endsWith(':') || text.includes(': '));
}

/**
 * A cursor over the significant lines of the text (not blank, not a whole-line comment), kept as
 * offsets into it: only keys and values become strings of their own.
 */
class Cursor {
  /** Indent of the current line, or -1 past the end. */
  indent = -1;
  /** Offsets of the current line's content and of its end. */
  start = 0;
  end = 0;
  constructor(readonly text: string) {
    this.seek(0);
  }

  /** Whether every line has been read. */
  atEnd(): boolean {
    return this.indent === -1;
  }

  /** Whether the current line's content starts with `- `. */
  isItem(): boolean {
    return this.text.charCodeAt(this.start) === 0x2d && this.text.charCodeAt(this.start + 1) === 0x20;
  }

  /** Makes the rest of the current line, from `offset` on, a line of its own at `indent`. */
  restAt(offset: number, indent: number): void {
    this.start = offset;
    this.indent = indent;
  }

  /** Moves to the next significant line; false when a line has trailing spaces (left to js-yaml). */
  advance(): boolean {
    return this.seek(this.end + 1);
  }

  private seek(from: number): boolean {
    const text = this.text;
    for (let at = from; at < text.length;) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      let i = at;
      while (i < end && text.charCodeAt(i) === 0x20) i++;
      if (i < end && text.charCodeAt(i) !== 0x23 /* # */) {
        this.indent = i - at;
        this.start = i;
        this.end = end;
        return text.charCodeAt(end - 1) !== 0x20;
      }
      at = end + 1;
    }
    this.indent = -1;
    this.start = this.end = text.length;
    return true;
  }
}

/** The block (mapping or list) that starts at the current line, at `indent`. */
function block(c: Cursor, indent: number, depth: number): unknown {
  if (depth >= MAX_DEPTH || c.indent !== indent) return OUTSIDE;
  return c.isItem() ? list(c, indent, depth) : mapping(c, indent, depth);
}

/** A scalar that ends its line; a more indented line after it would continue it (or be an error js-yaml explains). */
function lastOnLine(c: Cursor, text: string, parentIndent: number): unknown {
  const value = scalar(text);
  if (!c.advance()) return OUTSIDE;
  return c.indent > parentIndent ? OUTSIDE : value;
}

function list(c: Cursor, indent: number, depth: number): unknown {
  const items: unknown[] = [];
  while (c.indent === indent && c.isItem()) {
    const rest = c.text.slice(c.start + 2, c.end);
    if (rest === '' || rest.charCodeAt(0) === 0x20) return OUTSIDE;
    let item: unknown;
    if (rest.startsWith('- ') || opensMapping(rest)) {
      // `- name: x` or `- - x`: the rest is read as a line of its own, at the column it starts at
      c.restAt(c.start + 2, indent + 2);
      item = block(c, indent + 2, depth + 1);
    } else {
      item = lastOnLine(c, rest, indent);
    }
    if (item === OUTSIDE) return OUTSIDE;
    items.push(item);
  }
  return items;
}

function mapping(c: Cursor, indent: number, depth: number): unknown {
  const out: Record<string, unknown> = {};
  while (c.indent === indent && c.text.charCodeAt(c.start) !== 0x2d /* - */) {
    const text = c.text;
    const colon = text.indexOf(':', c.start);
    const key = text.slice(c.start, colon);
    if (colon <= c.start || colon >= c.end || !PLAIN_KEY.test(key) || WORDS.has(key) || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key))
      return OUTSIDE;
    let value: unknown;
    if (colon === c.end - 1) {
      // `key:` alone: the block below it (more indented, or a list at the same indent), else null
      if (!c.advance()) return OUTSIDE;
      if (c.indent > indent) value = block(c, c.indent, depth + 1);
      else if (c.indent === indent && c.isItem()) value = list(c, indent, depth + 1);
      else value = null;
    } else {
      if (text.charCodeAt(colon + 1) !== 0x20) return OUTSIDE;
      let from = colon + 2;
      while (text.charCodeAt(from) === 0x20) from++;
      const rest = text.slice(from, c.end);
      // `a: b: c` and `a: - b` are not YAML; js-yaml says why
      if (rest.startsWith('- ') || opensMapping(rest)) return OUTSIDE;
      value = lastOnLine(c, rest, indent);
    }
    if (value === OUTSIDE) return OUTSIDE;
    out[key] = value;
  }
  return out;
}

/**
 * Reads `text` when it lies within the block subset.
 *
 * @returns the data, as js-yaml's core schema reads the same text, or undefined when the text is outside the subset
 */
export function readBlockYaml(text: string): { readonly data: unknown } | undefined {
  if (OUTSIDE_CHARACTERS.test(text)) return undefined;
  const c = new Cursor(text);
  if (c.indent !== 0 || c.text.charCodeAt(c.end - 1) === 0x20) return undefined;
  const data = block(c, 0, 0);
  return data === OUTSIDE || !c.atEnd() ? undefined : { data };
}
