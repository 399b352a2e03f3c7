/**
 * The block-YAML fast path reads exactly what js-yaml's core schema reads, or nothing: every text
 * it reads, js-yaml reads without error into equal data (same types, same key order).
 *
 * Seeded property tests: data rich in scalars the core schema reads specially, written by both
 * YAML libraries in several styles, and random edits of valid files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { stringify } from 'yaml';
import { syntheticFleet } from '../../../bench/synthetic';
import { readBlockYaml } from '../../../planner/spec/block-yaml';
import { readYamlOrJson } from '../../../planner/spec/read';

const SEED = 20261202;
const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** js-yaml's reading of `text` as the planner reads it (the core schema, the default). */
const jsYaml = (text: string): unknown => load(text, { maxDepth: 64 });

/** Checks that the fast path either declines `text` or reads what js-yaml reads. */
function agrees(text: string): void {
  const fast = readBlockYaml(text);
  if (fast === undefined) return;
  expect(() => jsYaml(text)).not.toThrow();
  expect(fast.data).toStrictEqual(jsYaml(text));
}

/** Scalars the core schema reads as something other than a string, or that YAML quotes or refuses. */
const TRICKY = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'FALSE',
  '0x1F',
  '0o17',
  '0b101',
  '1e3',
  '1E3',
  '1e',
  '10Gi',
  '500m',
  '1.5Gi',
  '2Ei',
  '8bit',
  '0xZ',
  '-1',
  '-0',
  '+1',
  '007',
  '.5',
  '1.',
  '-.inf',
  '.inf',
  '.NaN',
  '1_000',
  '1:30',
  '2024-01-01',
  'a:b',
  'a: b',
  'a:',
  '#x',
  'x #y',
  'x#y',
  '[a]',
  '{a}',
  'a,b',
  '--x',
  '-x',
  '- x',
  '-',
  '?',
  '? x',
  ':x',
  '',
  ' lead',
  'trail ',
  'two  spaces',
  'nb\u00a0sp',
  'é',
  '"q"',
  "'s'",
  'a"b',
  "it's",
  'back\\slash',
  '&a',
  '*a',
  '!t',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  'line\nbreak',
  'tab\tx',
  '__proto__',
  'constructor',
  'https://x.io/a:1',
  'nvcr.io/nim:1.0',
  'k8s.io/x',
  'a - b',
  'A',
  '_',
  '$x',
  'Infinity',
  'NaN',
];
/** Of those, the ones a writer puts out plainly or in plain quotes, which the fast path reads. */
const READABLE = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'FALSE',
  '10Gi',
  '500m',
  '1.5Gi',
  '2Ei',
  '8bit',
  '0xZ',
  '0x1F',
  '0o17',
  '1e3',
  '-1',
  '-0',
  '007',
  '.5',
  '1_000',
  '1:30',
  '2024-01-01',
  'a:b',
  '--x',
  '-x',
  'é',
  'a"b',
  'https://x.io/a:1',
  'nvcr.io/nim:1.0',
  'A',
  '_',
  '$x',
  'Infinity',
  'NaN',
  'a - b',
  'constructor',
  '',
];
const scalarValue = fc.oneof(
  { arbitrary: fc.constantFrom(...READABLE), weight: 6 },
  { arbitrary: fc.constantFrom(...TRICKY), weight: 1 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.constantFrom(0, -0, 0.5, -2.25, 2 ** 53, 2 ** 60, 1e21, 1e-7), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.oneof(fc.double(), fc.string({ maxLength: 8 })), weight: 1 },
);
const key = fc.oneof(
  { arbitrary: fc.constantFrom('name', 'team', 'type', 'gpu', 'replicas', 'nvidia.com/gpu', 'a_b', 'x-y', 'K'), weight: 6 },
  { arbitrary: fc.constantFrom(...TRICKY), weight: 2 },
  { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalarValue, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).node;

/** How many texts a property gave the fast path, and how many it read. */
const tally = { texts: 0, read: 0 };

/** Whether the fast path either declines `text` or reads what js-yaml reads. */
function agreesCounted(text: string): void {
  tally.texts++;
  if (readBlockYaml(text) !== undefined) tally.read++;
  agrees(text);
}

/** The ways the two libraries write data: block style, flow at some depth, quoting choices. */
const WRITERS: readonly ((data: unknown) => string)[] = [
  (d) => stringify(d),
  (d) => stringify(d, { indentSeq: false }),
  (d) => stringify(d, { collectionStyle: 'flow' }),
  (d) => dump(d),
  (d) => dump(d, { flowLevel: 1 }),
  (d) => dump(d, { flowLevel: 2, quoteStyle: 'double' }),
  (d) => dump(d, { seqNoIndent: true, lineWidth: -1, indent: 4 }),
  (d) => dump(d, { flowLevel: 1, flowSkipCommaSpace: true, flowBracketPadding: true }),
  (d) => dump(d, { forceQuotes: true }),
];

describe('readBlockYaml', () => {
  it('reads the synthetic fleet as js-yaml does', () => {
    const text = stringify(syntheticFleet(300));
    const fast = readBlockYaml(text);
    expect(fast).toBeDefined();
    expect(fast!.data).toStrictEqual(jsYaml(text));
  });

  it('reads the example platform files as js-yaml does, or declines them', () => {
    const files = fs
      .readdirSync(EXAMPLES)
      .map((d) => path.join(EXAMPLES, d, 'platform.yaml'))
      .filter((f) => fs.existsSync(f));
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    for (const text of texts) agrees(text);
    // written by hand, with comments and one-line flow lists: most are within the subset
    expect(texts.filter((t) => readBlockYaml(t) !== undefined).length).toBeGreaterThanOrEqual(2);
  });

  it('reads any data the libraries write as js-yaml does, or declines it', () => {
    fc.assert(
      // a platform file is a mapping; a scalar or empty document is js-yaml's to read
      fc.property(fc.oneof(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }), tree), fc.integer({ min: 0, max: WRITERS.length - 1 }), (data, w) => {
        let text: string;
        try {
          text = WRITERS[w]!(data);
        } catch {
          return; // a writer that cannot write this data (e.g. a key it refuses)
        }
        agreesCounted(text);
      }),
      { seed: SEED, numRuns: 1500 },
    );
    // the property only means something where the fast path reads: a good share of the texts
    expect(tally.read).toBeGreaterThan(tally.texts / 10);
  });

  it('reads an edited file as js-yaml does, or declines it: it never reads what js-yaml refuses', () => {
    const base = fs.readFileSync(path.join(EXAMPLES, 'gke-fleet', 'platform.yaml'), 'utf8');
    expect(readBlockYaml(base)).toBeDefined();
    const edit = fc.record({
      at: fc.integer({ min: 0, max: base.length }),
      cut: fc.integer({ min: 0, max: 3 }),
      insert: fc.constantFrom(
        '',
        ' ',
        '  ',
        '\n',
        '\n  ',
        '- ',
        ':',
        ': ',
        '#',
        ' #',
        '"',
        "'",
        '[',
        ']',
        '{',
        '}',
        ',',
        '&a',
        '*a',
        '!',
        '|',
        '>',
        '~',
        '-',
        '0',
        '\t',
        'x',
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = base;
        for (const e of edits) {
          const at = Math.min(e.at, text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        agrees(text);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a repeated key', 'a: 1\na: 2\n'],
    ['a comment after a value', 'a: 1 # one\n'],
    ['a scalar over two lines', 'a: one\n  two\n'],
    ['a mapping as a value on its line', 'a: b: c\n'],
    ['a tab', 'a:\n\t- 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a scalar document', 'just text\n'],
    ['a trailing space', 'a: 1 \n'],
    ['carriage returns', 'a: 1\r\nb: 2\r\n'],
  ])('declines %s, which js-yaml then reads or explains', (_what, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
    const read = readYamlOrJson(text, 'f.yaml');
    let expected: unknown;
    try {
      expected = { data: jsYaml(text) };
    } catch {
      expected = 'refused';
    }
    expect('issues' in read ? 'refused' : { data: read.data }).toStrictEqual(expected);
  });

  it('keeps source positions for problems in a file it reads', () => {
    const text = 'apiVersion: cnai.dev/v1alpha1\nkind: Platform\nmetadata:\n  name: x\n';
    const read = readYamlOrJson(text, 'p.yaml');
    expect('locate' in read && read.locate(['metadata', 'name'])).toBe('p.yaml:4:3');
  });
});
