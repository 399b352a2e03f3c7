/**
 * Reading text into data: anchors and aliases of any number, undefined aliases, exponential
 * alias expansion and deep nesting all end in a located issue, never an exception.
 */
import { stringify } from 'yaml';
import { validatePlatform } from '../../../planner/spec/parse';
import { MAX_NESTING_DEPTH, readYamlOrJson } from '../../../planner/spec/read';
import { baseDoc } from './builders';
import { testCatalogue } from './test-catalogue';

/** The base platform with `n` extra notebooks that all reuse one anchored `gpu` block. */
function manyAliases(n: number): string {
  const lines = stringify(baseDoc()).replace('gpu:\n        memoryGiB: 10', 'gpu: &gpu10\n        memoryGiB: 10');
  const extra = Array.from({ length: n }, (_, i) => `    - name: nb-${i}\n      team: research\n      type: notebook\n      gpu: *gpu10\n`).join('');
  // workloads is the last list of the file: the aliases follow their anchor
  return lines + extra;
}

describe('readYamlOrJson', () => {
  it('accepts ordinary anchor reuse far beyond 100 aliases', () => {
    const text = manyAliases(300);
    expect(text).toContain('&gpu10');
    const { spec, issues } = validatePlatform(text, 'p.yaml', testCatalogue);
    expect(issues).toEqual([]);
    expect(spec!.spec.workloads.filter((w) => w.type === 'notebook' && w.gpu?.memoryGiB === 10)).toHaveLength(301);
  });

  it('reports an undefined alias with its line, not a stack trace', () => {
    const text = stringify(baseDoc()).replace('memoryGiB: 10', 'memoryGiB: *missing');
    const { issues } = validatePlatform(text, 'p.yaml', testCatalogue);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^YAML (syntax )?error at line \d+, column \d+ of p\.yaml: .*(missing|alias)/i);
    expect(issues[0]!.fix).toBeDefined();
  });

  it('stops exponential alias expansion ("billion laughs") with a bound and a fix', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const read = readYamlOrJson(text, 'laughs.yaml');
    expect('issues' in read && read.issues[0]!.message).toMatch(
      /^laughs\.yaml expands to more than 100000 values through YAML aliases \(\*name\) \(at laughs\.yaml:\d+:\d+\)$/,
    );
  });

  it.each([
    ['YAML flow lists', 'a: ' + '['.repeat(5000) + ']'.repeat(5000)],
    ['YAML block mappings', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n'],
    ['JSON', '{"a": ' + '['.repeat(2000) + ']'.repeat(2000) + '}'],
  ])('reports nesting deeper than the bound in %s as a located problem', (_kind, text) => {
    const { issues } = validatePlatform(text, 'deep.yaml', testCatalogue);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(new RegExp(`nested deeper than ${MAX_NESTING_DEPTH} levels`));
    expect(issues[0]!.message).not.toMatch(/call stack/);
    expect(issues[0]!.message).toMatch(/deep\.yaml/);
  });

  it('reports the first value over a bound in a fixed order: list items first to last, mapping keys last to first', () => {
    const deep = '['.repeat(MAX_NESTING_DEPTH + 2) + ']'.repeat(MAX_NESTING_DEPTH + 2);
    // JSON.parse accepts any depth, so the structure check is what reports it
    const json = readYamlOrJson(`{"a": ${deep}, "b": [1, ${deep}]}`, 'deep.json');
    expect('issues' in json && json.issues[0]!.path).toBe('b[1][0][0][0][0][0][0]...');
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 6; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    // the last key, a5, is checked first and alone expands past the budget of 100,000 values
    const read = readYamlOrJson(text, 'laughs.yaml');
    expect('issues' in read && read.issues[0]!.path).toMatch(/^a5\[0\]/);
  });

  it('reads an empty document as empty, and JSON and YAML of the same data alike', () => {
    expect(readYamlOrJson('', 'e.yaml')).toMatchObject({ data: null });
    expect(readYamlOrJson('# only a comment\n', 'e.yaml')).toMatchObject({ data: null });
    const doc = { a: [1, 'x', null, true], b: { c: 2.5 } };
    expect(readYamlOrJson(JSON.stringify(doc), 'd.json')).toMatchObject({ data: doc });
    expect(readYamlOrJson(stringify(doc), 'd.yaml')).toMatchObject({ data: doc });
  });

  it('reads YAML 1.2 core scalars as the yaml package does: dates and yes/no stay strings', () => {
    expect(readYamlOrJson('d: 2024-01-01\ny: yes\no: 0o17\nn: ~\n', 'c.yaml')).toMatchObject({ data: { d: '2024-01-01', y: 'yes', o: 15, n: null } });
  });

  it('locates a path only on demand, as source:line:column', () => {
    const read = readYamlOrJson('a:\n  b: [1, 2]\n', 'l.yaml');
    expect('locate' in read && read.locate(['a', 'b', 1])).toBe('l.yaml:2:10');
  });
});
