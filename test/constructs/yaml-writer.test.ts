import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { dump } from 'js-yaml';
import { renderObjects } from '../../constructs/platform/render';
import { isPlainName, YAML_OPTIONS, YamlWriter } from '../../constructs/platform/yaml-writer';
import { plan } from '../../planner/plan';
import { parsePlatform } from '../../planner/spec/parse';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

describe('YamlWriter writes what js-yaml dump writes', () => {
  test.each(['eks-fleet', 'gke-fleet', 'kind-laptop', 'reference'])('every rendered object of examples/%s', (name) => {
    const file = path.join(EXAMPLES, name, 'platform.yaml');
    const objects = Object.values(renderObjects(plan(parsePlatform(fs.readFileSync(file, 'utf8'), file)))).flat();
    const writer = new YamlWriter();
    for (const o of objects) expect(writer.document(o)).toBe(dump(o, YAML_OPTIONS));
  });

  test('scalars that must be quoted, numbers, empty collections and nesting', () => {
    const o = {
      strings: [
        '',
        ' lead',
        'trail ',
        'true',
        'null',
        '~',
        'yes',
        'on',
        '1',
        '1.5',
        '0x1f',
        '1e3',
        '2026-12-01',
        'a: b',
        '- x',
        '#c',
        'x #c',
        '*a',
        '&a',
        '!t',
        '%p',
        '@a',
        '`b',
        "it's",
        'say "hi"',
        '{a}',
        '[a]',
        'a,b',
        '\t',
        'é',
        '💡',
        'back\\slash',
      ],
      numbers: [0, 1, -1, 0.5, 1e21, 1e-7, 123456789012, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      other: [true, false, null],
      empty: { list: [], map: {} },
      nested: [[1, [2, []]], [{ a: 1, b: [{}] }], { 'key with space': 1, true: 2, '': 3, 'a:b': 4, '- k': 5 }],
    };
    expect(new YamlWriter().document(o)).toBe(dump(o, YAML_OPTIONS));
  });

  test('multi-line strings, -0 and non-JSON values are left to js-yaml', () => {
    const writer = new YamlWriter();
    for (const o of [{ script: 'line 1\nline 2\n', n: [-0] }, { a: { b: 'x\r\ny' } }, { long: { ['k'.repeat(1100)]: 1 } }]) {
      expect(writer.document(o)).toBe(dump(o, YAML_OPTIONS));
    }
  });

  test('any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const o = { v };
        expect(new YamlWriter().document(o)).toBe(dump(o, YAML_OPTIONS));
      }),
      { numRuns: 300 },
    );
  });

  test('names written plain without asking js-yaml are those dump writes plain, as key, value and item', () => {
    // js-yaml 5.5.0 (dist/js-yaml.cjs.js): its schema's words and the YAML 1.1 booleans are quoted
    const asDump = (x: string): boolean =>
      dump({ a: x }, YAML_OPTIONS) === `a: ${x}\n` && dump([x], YAML_OPTIONS) === `- ${x}\n` && dump({ [x]: null }, YAML_OPTIONS) === `${x}: null\n`;
    for (const word of ['true', 'false', 'null', 'y', 'n', 'yes', 'no', 'on', 'off', 'nan', 'inf', 'e1', 'x0', 'a-', 'team-0042', 'Yes', 'a.b', '1a', '-a'])
      expect([word, isPlainName(word)]).toEqual([word, isPlainName(word) && asDump(word)]);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzY0189-._ '.split('')), maxLength: 8 }), (x) => {
        if (isPlainName(x)) expect(asDump(x)).toBe(true);
        const o = { [x]: x, list: [x] };
        expect(new YamlWriter().document(o)).toBe(dump(o, YAML_OPTIONS));
      }),
      { numRuns: 3000 },
    );
  });
});
