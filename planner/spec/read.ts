/**
 * Reads the text of a platform file or plan (YAML or JSON) into plain data, fast, and maps
 * paths back to lines only when a problem must be reported.
 *
 * Three readers, each for what it does best: plain block YAML, most platform files, is read by
 * `block-yaml.ts`; any other YAML by js-yaml, which builds plain data straight from the text
 * (several times faster than building a document model, which matters for files of 10,000
 * workloads and more); the `yaml` package's document model, with its line counter, is built
 * only to locate a problem or to explain a syntax error with its line and column.
 */
import type { YAMLException } from 'js-yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { Issue } from '../errors';
import { readBlockYaml } from './block-yaml';
import { formatPath, type PathSegment } from './format';
import { locateBlockPaths } from './locate-lines';

/**
 * Deepest nesting accepted (mappings and lists). A platform file nests about eight levels; the
 * bound keeps recursive validation far from the stack limit.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Values (mappings, lists and scalars, counted every time an alias repeats them) accepted per
 * character of input, with a floor for small files. Ordinary anchors and aliases stay far below
 * it; a file that expands exponentially through aliases ("billion laughs") stops at it.
 */
export const MAX_VALUES_PER_CHAR = 4;
const MIN_VALUE_BUDGET = 100_000;

/** Maps a path in the data to `source:line:col`, built on the first call only. */
export type Locator = (path: readonly PathSegment[]) => string;

/**
 * Maps many paths at once: one scan of the lines for all of them ({@link locateBlockPaths}),
 * the document model only for what the scan leaves.
 */
export type BulkLocator = (paths: readonly (readonly PathSegment[])[]) => string[];

/** The data of a well-formed file and ways to locate paths in it, or the syntax problems. */
export type ReadResult = { readonly data: unknown; readonly locate: Locator; readonly locateAll: BulkLocator } | { readonly issues: Issue[] };

const SYNTAX_FIXES: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'remove or rename the repeated key',
  MULTIPLE_DOCS: "keep one document per platform file (remove the second '---' document)",
  MISSING_CHAR: 'add the missing closing character',
  BAD_INDENT: 'indent the entry like its siblings, and close every bracket',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
};

type JsYamlPackage = typeof import('js-yaml');
let jsYamlPackage: JsYamlPackage | undefined;

/** js-yaml, loaded on first use: a file within the block subset (`block-yaml.ts`) or JSON never needs it. */
function jsYaml(): JsYamlPackage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; `import()` would make every caller asynchronous
  jsYamlPackage ??= require('js-yaml') as JsYamlPackage;
  return jsYamlPackage;
}

type YamlPackage = typeof import('yaml');
let yamlPackage: YamlPackage | undefined;

/**
 * The `yaml` package, loaded on first use: only a file with a problem to report needs it, and
 * loading it costs tens of milliseconds of CPU, more than reading a small file.
 */
function yamlModel(): YamlPackage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; `import()` would make every caller asynchronous
  yamlPackage ??= require('yaml') as YamlPackage;
  return yamlPackage;
}

/** Finds the node at `path` (the key node for the last key of a mapping), or the deepest node on the way. */
function locateNode(doc: Document, path: readonly PathSegment[]): Node | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlModel();
  let node: unknown = doc.contents;
  let found = (node ?? undefined) as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
      if (pair === undefined) return found;
      // an unknown or wrong key is best shown where the key is written
      if (i === path.length - 1) return (pair.key as Node | null) ?? found;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return found;
    }
    if (node === undefined || node === null) return found;
    found = node as Node;
  }
  return found;
}

function parseWithLines(text: string): { doc: Document; lines: LineCounter } {
  const { LineCounter, parseDocument } = yamlModel();
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines };
}

/** A locator over `text`, parsing it with positions on first use. */
function lazyLocator(text: string, source: string): Locator {
  let parsed: { doc: Document; lines: LineCounter } | undefined;
  return (path) => {
    try {
      parsed ??= parseWithLines(text);
      const node = locateNode(parsed.doc, path);
      if (node?.range === undefined || node.range === null) return source;
      const pos = parsed.lines.linePos(node.range[0]);
      return `${source}:${pos.line}:${pos.col}`;
    } catch {
      // a file the document model cannot hold (nested past its stack) is still named
      return source;
    }
  };
}

function syntaxIssues(doc: Document, source: string): Issue[] {
  return doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'an unknown position';
    const text = e.message
      .split('\n')[0]!
      .replace(/ at line \d+, column \d+:?$/, '')
      .replace(/; please use .*$/, '');
    return {
      path: '',
      message: `YAML syntax error at ${where} of ${source}: ${text}`,
      fix: SYNTAX_FIXES[e.code] ?? `correct the text at line ${pos?.line ?? '?'} (JSON is accepted too)`,
    };
  });
}

/** An issue for what js-yaml refused and the document model accepted (an undefined alias, nesting). */
function loaderIssue(e: YAMLException, source: string): Issue {
  const mark = e.mark as { line?: number; column?: number } | undefined;
  const where = mark?.line !== undefined ? `line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}` : 'an unknown position';
  const reason = e.reason || e.message.split('\n')[0]!;
  if (/alias/.test(reason)) {
    return {
      path: '',
      message: `YAML error at ${where} of ${source}: ${reason}`,
      fix: 'define the anchor (&name) before the alias (*name) that uses it, or write the value out',
    };
  }
  if (/maxDepth|nesting/.test(reason)) {
    return {
      path: '',
      message: `YAML error at ${where} of ${source}: nested deeper than ${MAX_NESTING_DEPTH} levels`,
      fix: 'a platform file nests about eight levels; close the brackets or fix the indentation',
    };
  }
  return { path: '', message: `YAML error at ${where} of ${source}: ${reason}`, fix: `correct the text at ${where} (JSON is accepted too)` };
}

/**
 * Checks the data is a tree of bounded depth and bounded size once aliases are expanded, so the
 * validation that walks it (recursively, once per reference) cannot run out of stack or time.
 * The walk recurses at most `MAX_NESTING_DEPTH` levels (it stops at that depth), so the check
 * itself cannot overflow; it keeps one path, extended and shortened in place, rather than a copy
 * per value (on a file of 10,000 workloads the copies were about half of the check's time). The order is
 * fixed, list items first to last and mapping keys last to first, so the same value is reported.
 */
function structureIssue(data: unknown, textLength: number, source: string, locate: Locator): Issue | undefined {
  const budget = Math.max(MIN_VALUE_BUDGET, MAX_VALUES_PER_CHAR * textLength);
  let seen = 0;
  const path: PathSegment[] = [];
  const visit = (value: unknown): Issue | undefined => {
    if (++seen > budget) {
      return {
        path: formatPath(path),
        message: `${source} expands to more than ${budget} values through YAML aliases (*name) (at ${locate(path)})`,
        fix: 'write the repeated parts out, or reuse fewer anchors inside other anchors',
      };
    }
    if (value === null || typeof value !== 'object') return undefined;
    if (path.length >= MAX_NESTING_DEPTH) {
      return {
        path: formatPath(path.slice(0, 8)) + '...',
        message: `nested deeper than ${MAX_NESTING_DEPTH} levels (at ${locate(path)})`,
        fix: 'a platform file nests about eight levels; close the brackets or fix the indentation',
      };
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        const issue = visit(value[i]);
        if (issue !== undefined) return issue;
        path.pop();
      }
      return undefined;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      path.push(k);
      const issue = visit((value as Record<string, unknown>)[k]);
      if (issue !== undefined) return issue;
      path.pop();
    }
    return undefined;
  };
  return visit(data);
}

/**
 * Reads YAML or JSON into plain data without source positions; positions are computed only
 * when `locate` is called. Well-formed JSON goes through `JSON.parse` (a repeated key: the last
 * one wins, as in JSON); anything else through js-yaml's core schema (YAML 1.2, as the `yaml`
 * package reads it: no timestamps, no merge keys). When js-yaml refuses the text, the `yaml`
 * document model explains where; an empty document reads as `null`.
 *
 * @param text - the file's contents
 * @param source - the file name, used in locations such as `platform.yaml:12:7`
 */
export function readYamlOrJson(text: string, source: string): ReadResult {
  const locate = lazyLocator(text, source);
  const locateAll: BulkLocator = (paths) => {
    const fast = locateBlockPaths(text, paths);
    return paths.map((p, i) => {
      const pos = fast[i];
      return pos !== undefined ? `${source}:${pos.line}:${pos.col}` : locate(p);
    });
  };
  const checked = (data: unknown): ReadResult => {
    const issue = structureIssue(data, text.length, source, locate);
    return issue === undefined ? { data, locate, locateAll } : { issues: [issue] };
  };
  if (/^\s*[{[]/.test(text)) {
    try {
      return checked(JSON.parse(text));
    } catch (e) {
      // not well-formed JSON (or nested past the stack): the YAML readers explain where
      if (e instanceof RangeError) return { issues: [loaderIssue(new (jsYaml().YAMLException)('nesting exceeded maxDepth'), source)] };
    }
  }
  // plain block YAML (most platform files) reads about three times faster than through js-yaml
  const plain = readBlockYaml(text);
  if (plain !== undefined) return checked(plain.data);
  try {
    return checked(jsYaml().load(text, { filename: source, maxDepth: MAX_NESTING_DEPTH }));
  } catch (e) {
    const { YAMLException } = jsYaml();
    // js-yaml stops at the depth bound before the document model could overflow its stack
    if (e instanceof YAMLException && /maxDepth/.test(e.reason)) return { issues: [loaderIssue(e, source)] };
    let parsed: { doc: Document } | undefined;
    try {
      parsed = parseWithLines(text);
    } catch {
      // the document model overflowed its stack: js-yaml's message below still locates the problem
    }
    if (parsed !== undefined && parsed.doc.errors.length > 0) return { issues: syntaxIssues(parsed.doc, source) };
    if (parsed !== undefined && parsed.doc.contents === null) return { data: null, locate, locateAll };
    if (e instanceof YAMLException) return { issues: [loaderIssue(e, source)] };
    throw e;
  }
}
