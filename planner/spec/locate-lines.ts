/**
 * Locates many paths of a block-style YAML file in one pass over its lines, without building a
 * document model. A platform file of half a million workloads has as many warnings; the `yaml`
 * document model with positions of such a file takes minutes and gigabytes, this scan seconds
 * and no more memory than the answers.
 *
 * The scan understands the block style `cnai`, `yaml` and js-yaml write (mappings, sequences,
 * plain and quoted scalars, block scalars, comments, anchors and aliases on values) and gives up
 * on a path as soon as anything else stands in the way (flow collections that span lines, tags or
 * anchors on a node it must locate, complex keys, tabs, several documents). A path it gives up on
 * is left `undefined`, for the caller to locate with the document model; a path it answers is
 * where the document model puts it: the key of a mapping entry, the first character of a
 * sequence item.
 */
import type { PathSegment } from './format';

/** A 1-based line and column, as the `yaml` package's LineCounter reports them. */
export interface LinePos {
  readonly line: number;
  readonly col: number;
}

/** The requested paths as a tree: each node lists the paths ending there. */
interface Trie {
  readonly children: Map<PathSegment, Trie>;
  readonly ends: number[];
}

function trieOf(paths: readonly (readonly PathSegment[])[]): Trie {
  const root: Trie = { children: new Map(), ends: [] };
  paths.forEach((path, i) => {
    let node = root;
    for (const seg of path) {
      let next = node.children.get(seg);
      if (!next) {
        next = { children: new Map(), ends: [] };
        node.children.set(seg, next);
      }
      node = next;
    }
    node.ends.push(i);
  });
  return root;
}

/** An open block collection: its column, the requested paths inside it, and its current entry. */
interface Frame {
  readonly indent: number;
  readonly kind: 'map' | 'seq';
  readonly trie: Trie | undefined;
  /** Index of the current item (sequences). */
  index: number;
  /** Requested paths at and below the current key or item. */
  child: Trie | undefined;
}

const PLAIN_KEY = /[A-Za-z_][A-Za-z0-9_.\-/]*/y;

/** Whether a node starting with `ch` carries an anchor or a tag, whose place in the node's range the scan leaves to the parser. */
function hasProperties(ch: string | undefined): boolean {
  return ch === '&' || ch === '!';
}

/**
 * Line and column of each of `paths` in `text`, or `undefined` for a path the scan cannot vouch
 * for (the caller asks the document model).
 */
export function locateBlockPaths(text: string, paths: readonly (readonly PathSegment[])[]): (LinePos | undefined)[] {
  const out: (LinePos | undefined)[] = paths.map(() => undefined);
  if (paths.length === 0) return out;
  // a byte order mark or a lone carriage return shift offsets the way only the parser knows
  if (text.charCodeAt(0) === 0xfeff || (text.includes('\r') && /\r(?!\n)/.test(text))) return out;
  const root = trieOf(paths);
  let remaining = paths.length;
  const record = (t: Trie | undefined, line: number, col: number): void => {
    if (!t) return;
    for (const i of t.ends) {
      if (out[i] === undefined) {
        out[i] = { line, col };
        remaining--;
      }
    }
  };
  const frames: Frame[] = [];
  const top = (): Frame | undefined => frames[frames.length - 1];
  /** Requested paths of the value that a new collection at this point is. */
  const valueTrie = (): Trie | undefined => (frames.length === 0 ? root : top()!.child);
  /** Lines more indented than this column belong to the scalar before them (block or multi-line plain). */
  let skipAbove = -1;
  /** A sequence item whose content starts on a later line, more indented than its dash. */
  let pending: { trie: Trie | undefined; dash: number } | undefined;
  let started = false;
  let line = 0;
  for (let ls = 0; ls <= text.length && remaining > 0;) {
    line++;
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    const next = le + 1;
    const end = le > ls && text.charCodeAt(le - 1) === 13 ? le - 1 : le;
    let c = 0;
    while (ls + c < end && text.charCodeAt(ls + c) === 32) c++;
    const first = text[ls + c];
    if (ls + c === end || first === '#') {
      ls = next;
      continue;
    }
    if (first === '\t') return out;
    if (c <= skipAbove) skipAbove = -1;
    if (skipAbove >= 0) {
      ls = next;
      continue;
    }
    if (c === 0 && (text.startsWith('---', ls) || text.startsWith('...', ls)) && (end === ls + 3 || text[ls + 3] === ' ')) {
      // one document per file: a leading '---' only
      if (started || text.startsWith('...', ls) || end !== ls + 3) return out;
      ls = next;
      continue;
    }
    if (first === '%') return out;
    started = true;
    if (pending) {
      const p = pending;
      pending = undefined;
      if (c > p.dash && !hasProperties(first)) record(p.trie, line, c + 1);
    } else if (frames.length === 0) {
      if (!hasProperties(first)) record(root, line, c + 1);
    }
    let pos = ls + c;
    for (;;) {
      const ch = text[pos]!;
      if (ch === '-' && (pos + 1 === end || text[pos + 1] === ' ')) {
        while (top() !== undefined && top()!.indent > c) frames.pop();
        let f = top();
        if (f && f.kind === 'seq' && f.indent === c) f.index++;
        else {
          f = { indent: c, kind: 'seq', trie: valueTrie(), index: 0, child: undefined };
          frames.push(f);
        }
        f.child = f.trie?.children.get(f.index);
        let p = pos + 1;
        while (p < end && text[p] === ' ') p++;
        if (p === end || text[p] === '#') {
          pending = { trie: f.child, dash: c };
          break;
        }
        if (text[p] === '\t') return out;
        const inner = c + (p - pos);
        if (!hasProperties(text[p])) record(f.child, line, inner + 1);
        c = inner;
        pos = p;
        continue;
      }
      const key = keyAt(text, pos, end);
      if (key === 'unsupported') return out;
      if (key !== undefined) {
        while (top() !== undefined && (top()!.indent > c || (top()!.indent === c && top()!.kind === 'seq'))) frames.pop();
        let f = top();
        if (!f || f.kind !== 'map' || f.indent !== c) {
          f = { indent: c, kind: 'map', trie: valueTrie(), index: 0, child: undefined };
          frames.push(f);
        }
        f.child = f.trie?.children.get(key.key);
        record(f.child, line, c + 1);
        const v = valueAfter(text, key.end, end);
        if (v === 'unsupported') return out;
        if (v !== 'none') skipAbove = c;
        if (typeof v === 'number' && f.child !== undefined && f.child.children.size > 0) {
          // `zones: [a, b]`, `gpu: { count: 1 }`: the entries of a one-line flow collection of scalars
          for (const [seg, at] of flowEntries(text, v, end) ?? []) record(f.child.children.get(seg), line, at - ls + 1);
        }
        break;
      }
      // a scalar item (`- value`) or a lone scalar document; a `: ` in it is a key the scan does not read
      if (/:(?: |\t|$)/.test(text.slice(pos, end)) && text[pos] !== '"' && text[pos] !== "'" && text[pos] !== '{' && text[pos] !== '[') return out;
      const v = valueAfter(text, pos, end);
      if (v === 'unsupported') return out;
      if (v !== 'none') skipAbove = c;
      break;
    }
    ls = next;
  }
  return out;
}

/** A mapping key at `pos` (plain or quoted, then `:` and a space or the end), `undefined` when none starts there. */
function keyAt(text: string, pos: number, end: number): { key: string; end: number } | undefined | 'unsupported' {
  const ch = text[pos]!;
  let key: string;
  let after: number;
  if (ch === '"' || ch === "'") {
    const close = closingQuote(text, pos, end);
    if (close < 0) return 'unsupported';
    after = close + 1;
    while (after < end && text[after] === ' ') after++;
    if (text[after] !== ':' || !(after + 1 === end || text[after + 1] === ' ' || text[after + 1] === '\t')) return undefined;
    const raw = text.slice(pos, close + 1);
    if (ch === "'") key = raw.slice(1, -1).replace(/''/g, "'");
    else {
      try {
        key = JSON.parse(raw) as string;
      } catch {
        return 'unsupported';
      }
    }
    return { key, end: after + 1 };
  }
  if (ch === '?' && (pos + 1 === end || text[pos + 1] === ' ')) return 'unsupported';
  PLAIN_KEY.lastIndex = pos;
  const m = PLAIN_KEY.exec(text);
  if (!m) return undefined;
  after = pos + m[0].length;
  if (after > end) return undefined;
  let colon = after;
  while (colon < end && text[colon] === ' ') colon++;
  if (text[colon] !== ':' || !(colon + 1 === end || text[colon + 1] === ' ' || text[colon + 1] === '\t')) return undefined;
  return { key: m[0], end: colon + 1 };
}

/** Index of the quote closing the one at `pos` on this line, or -1. */
function closingQuote(text: string, pos: number, end: number): number {
  const q = text[pos];
  for (let i = pos + 1; i < end; i++) {
    const ch = text[i];
    if (q === '"' && ch === '\\') i++;
    else if (ch === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/**
 * What follows a key's `:` (or a dash) on its line: nothing (the value is on the next lines),
 * a scalar whose continuation lines are more indented, the offset of a flow collection that
 * closes on the line, or something the scan leaves to the parser.
 */
function valueAfter(text: string, pos: number, end: number): 'none' | 'scalar' | number | 'unsupported' {
  let p = pos;
  for (;;) {
    while (p < end && (text[p] === ' ' || text[p] === '\t')) p++;
    if (p === end || text[p] === '#') return 'none';
    // an anchor or a tag on a value: its node follows on this line or the next ones
    if (text[p] === '&' || text[p] === '!') {
      while (p < end && text[p] !== ' ') p++;
      continue;
    }
    break;
  }
  const ch = text[p]!;
  if (ch === '|' || ch === '>') return 'scalar';
  if (ch === '"' || ch === "'") {
    const close = closingQuote(text, p, end);
    return close < 0 ? 'unsupported' : 'scalar';
  }
  if (ch === '{' || ch === '[') return flowCloses(text, p, end) ? p : 'unsupported';
  if (ch === '-' && (p + 1 === end || text[p + 1] === ' ')) return 'unsupported';
  return 'scalar';
}

/** Whether the flow collection opening at `pos` closes on this line (quotes skipped). */
function flowCloses(text: string, pos: number, end: number): boolean {
  let depth = 0;
  for (let i = pos; i < end; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = closingQuote(text, i, end);
      if (close < 0) return false;
      i = close;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0)
        return (
          text.slice(i + 1, end).trim() === '' ||
          text
            .slice(i + 1, end)
            .trimStart()
            .startsWith('#')
        );
    }
  }
  return false;
}

/** The end of the flow scalar starting at `i` (after its closing quote, or before `,` `]` `}`), or -1 for anything else. */
function flowScalarEnd(text: string, i: number, end: number, inMap: boolean): number {
  const ch = text[i];
  if (ch === undefined || i >= end || '[]{},&!*?#:'.includes(ch)) return -1;
  if (ch === '"' || ch === "'") {
    const close = closingQuote(text, i, end);
    return close < 0 ? -1 : close + 1;
  }
  while (i < end && text[i] !== ',' && text[i] !== ']' && text[i] !== '}') {
    if (text[i] === ':' && (!inMap || text[i + 1] === ' ')) return inMap ? i : -1;
    if (text[i] === '#' || text[i] === '[' || text[i] === '{') return -1;
    i++;
  }
  return i;
}

/**
 * The entries of a one-line flow collection of scalars (`[a, "b"]`, `{ count: 1, model: L4 }`)
 * with the offset of each item or key, or undefined when it holds anything else (nested
 * collections, anchors, complex keys).
 */
function flowEntries(text: string, open: number, end: number): [PathSegment, number][] | undefined {
  const inMap = text[open] === '{';
  const close = inMap ? '}' : ']';
  const entries: [PathSegment, number][] = [];
  let i = open + 1;
  for (;;) {
    while (i < end && text[i] === ' ') i++;
    if (text[i] === close) return entries;
    const start = i;
    let after = flowScalarEnd(text, i, end, inMap);
    if (after < 0) return undefined;
    if (inMap) {
      const raw = text.slice(start, after).trimEnd();
      let key: string;
      if (raw.startsWith('"')) {
        try {
          key = JSON.parse(raw) as string;
        } catch {
          return undefined;
        }
      } else key = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
      if (!/^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(key) && !raw.startsWith('"') && !raw.startsWith("'")) return undefined;
      while (after < end && text[after] === ' ') after++;
      if (text[after] !== ':') return undefined;
      i = after + 1;
      while (i < end && text[i] === ' ') i++;
      after = flowScalarEnd(text, i, end, false);
      if (after < 0) return undefined;
      entries.push([key, start]);
    } else entries.push([entries.length, start]);
    i = after;
    while (i < end && text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== close) return undefined;
  }
}
