/**
 * The line scan that locates many paths at once answers exactly where the `yaml` document model
 * puts each path, and leaves to it what it cannot read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { syntheticFleet } from '../../../bench/synthetic';
import type { PathSegment } from '../../../planner/spec/format';
import { locateBlockPaths } from '../../../planner/spec/locate-lines';
import { readYamlOrJson } from '../../../planner/spec/read';

/** Every path of the data: mapping keys and sequence items, the root included. */
function allPaths(data: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [prefix];
  if (Array.isArray(data)) data.forEach((v, i) => out.push(...allPaths(v, [...prefix, i])));
  else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) out.push(...allPaths(v, [...prefix, k]));
  return out;
}

/** Compares the scan with the document model on every path; returns how many paths the scan answered. */
function agreeWithDocumentModel(text: string): { answered: number; total: number } {
  const read = readYamlOrJson(text, 'f.yaml');
  if (!('data' in read)) throw new Error('test input must be well-formed');
  const paths = allPaths(read.data);
  const fast = locateBlockPaths(text, paths);
  let answered = 0;
  paths.forEach((p, i) => {
    const pos = fast[i];
    if (pos === undefined) return;
    answered++;
    expect({ path: p, at: `f.yaml:${pos.line}:${pos.col}` }).toEqual({ path: p, at: read.locate(p) });
  });
  return { answered, total: paths.length };
}

const examples = path.resolve(__dirname, '../../../examples');

describe('locateBlockPaths', () => {
  it.each(['reference', 'eks-fleet', 'gke-fleet', 'kind-laptop'])('answers every path of examples/%s/platform.yaml as the document model does', (name) => {
    const r = agreeWithDocumentModel(fs.readFileSync(path.join(examples, name, 'platform.yaml'), 'utf8'));
    expect(r.answered).toBe(r.total);
  });

  it('answers every path of files written by the yaml package and by js-yaml (anchors and aliases included)', () => {
    const fleet = syntheticFleet(300);
    const byYaml = agreeWithDocumentModel(stringify(fleet));
    expect(byYaml.answered).toBe(byYaml.total);
    // one object in two places, which js-yaml writes as an anchor and an alias
    const shared = { count: 1, model: 'L4' as const };
    fleet.spec.workloads.push({ name: 'twin-a', team: 'team-00', type: 'batch', gpu: shared }, { name: 'twin-b', team: 'team-00', type: 'batch', gpu: shared });
    // js-yaml writes objects used twice as an anchor and aliases: the aliased values are not mappings to walk into
    const jsYaml = dump(fleet, { lineWidth: -1 });
    expect(jsYaml).toMatch(/&ref_\d+/);
    const byJsYaml = agreeWithDocumentModel(jsYaml);
    // the alias has no mapping below it: the two keys of its copy are left to the document model
    expect(byJsYaml.total - byJsYaml.answered).toBe(2);
  });

  it('reads compact sequences, quoted keys, comments, block and multi-line scalars, CRLF and a leading ---', () => {
    const text = [
      '---',
      '# a comment',
      'a:',
      '- x',
      '- "y: z"',
      "- 'it''s'",
      '"quoted key": 1',
      'b: |',
      '  not: a key',
      '  - not an item',
      'c: plain',
      '  continued, still the scalar',
      'd:',
      '  -',
      '    e: 1 # trailing comment',
      '  - - nested',
      '    - seq',
      '  - {flow: map}',
      'f: >-',
      '',
      '  folded',
      'g:',
      '  h: [1, 2]',
      '',
    ].join('\r\n');
    const r = agreeWithDocumentModel(text);
    // the key inside the one-line flow mapping is left to the document model
    expect(r.total - r.answered).toBe(1);
  });

  it('leaves everything after what it cannot read to the document model, and answers nothing wrong before it', () => {
    const text = 'a: 1\nb: {\n  c: 2 }\nd:\n  e: 3\n';
    const read = readYamlOrJson(text, 'f.yaml');
    const fast = locateBlockPaths(text, [['a'], ['b', 'c'], ['d', 'e']]);
    expect(fast[0]).toEqual({ line: 1, col: 1 });
    expect(fast.slice(1)).toEqual([undefined, undefined]);
    expect('locate' in read && read.locate(['d', 'e'])).toBe('f.yaml:5:3');
  });

  it('gives up on tabs, several documents and a byte order mark', () => {
    expect(locateBlockPaths('a:\n\tb: 1\n', [['a', 'b']])).toEqual([undefined]);
    expect(locateBlockPaths('a: 1\n---\nb: 2\n', [['b']])).toEqual([undefined]);
    expect(locateBlockPaths('\ufeffa: 1\n', [['a']])).toEqual([undefined]);
  });
});
