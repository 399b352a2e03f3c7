/**
 * Large files are checked by zod's compiled copy of the platform schema (`z.compile`): it must give
 * the data and the issues of the schema's own parser, on valid files and on files broken anywhere,
 * and the problems of a large file keep their paths and lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { compile } from 'zod';
import { InvalidSpecError } from '../../../planner/errors';
import { COMPILED_SCHEMA_FROM_WORKLOADS, parsePlatform, validatePlatform } from '../../../planner/spec/parse';
import { readYamlOrJson } from '../../../planner/spec/read';
import { PlatformSchema } from '../../../planner/spec/schema';
import { syntheticFleet } from '../../../bench/synthetic';
import { baseDoc } from './builders';
import { setAt, valuePaths as paths } from '../../helpers/document-edits';

const COMPILED = compile(PlatformSchema);
const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** Every example platform file, read as data. */
const examples: [string, unknown][] = fs
  .readdirSync(EXAMPLES)
  .map((dir) => path.join(EXAMPLES, dir, 'platform.yaml'))
  .filter((f) => fs.existsSync(f))
  .map((f) => {
    const read = readYamlOrJson(fs.readFileSync(f, 'utf8'), f);
    if (!('data' in read)) throw new Error(`${f} does not read`);
    return [path.relative(EXAMPLES, f), read.data];
  });

/** The two parsers' outcomes side by side. */
function both(data: unknown): [ReturnType<typeof PlatformSchema.safeParse>, ReturnType<typeof PlatformSchema.safeParse>] {
  return [COMPILED.safeParse(data), PlatformSchema.safeParse(data)];
}

function expectSameOutcome(data: unknown): void {
  const [compiled, runtime] = both(data);
  expect(compiled.success).toBe(runtime.success);
  if (runtime.success) expect(compiled.data).toStrictEqual(runtime.data);
  else expect(compiled.error?.issues).toStrictEqual(runtime.error.issues);
}

describe('the compiled platform schema', () => {
  test.each(examples)('reads %s into the same data', (_file, data) => {
    expect(both(data)[1].success).toBe(true);
    expectSameOutcome(data);
  });

  test('reads a synthetic fleet into the same data', () => {
    expectSameOutcome(syntheticFleet(500));
  });

  test('gives the same data or the same issues on random edits anywhere in a file', () => {
    const bases = [baseDoc(), ...examples.map(([, data]) => data)];
    const nasty = fc.oneof(
      fc.constantFrom(
        1e308,
        -1,
        0,
        0.5,
        -0.0,
        2 ** 53,
        '',
        ' ',
        'latest',
        'vllm/vllm-openai:latest',
        'system:masters',
        '1.99',
        '16Gi',
        '500m',
        '0m',
        null,
        true,
        [],
        {},
      ),
      fc.jsonValue({ maxDepth: 3 }),
      fc.string({ maxLength: 12 }),
      fc.constant(undefined),
    );
    const edit = fc
      .integer({ min: 0, max: bases.length - 1 })
      .chain((b) => fc.tuple(fc.constant(bases[b]!), fc.constantFrom(...paths(bases[b]).filter((p) => p.length > 0)), nasty));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let doc: unknown = edits[0]![0];
        for (const [, at, value] of edits) {
          try {
            doc = setAt(doc, at, value);
          } catch {
            // an earlier edit removed the parent of this path: keep the document as it is
          }
        }
        expectSameOutcome(doc);
      }),
      { seed: 20261202, numRuns: 600 },
    );
  });
});

describe('a file large enough for the compiled schema', () => {
  const n = COMPILED_SCHEMA_FROM_WORKLOADS;
  const fleet = syntheticFleet(n);

  // written as JSON (which is YAML): one key per line, and quick to write
  const json = (doc: unknown): string => JSON.stringify(doc, null, 2);

  test('parses into the data of the schema itself', () => {
    expect(parsePlatform(json(fleet), 'fleet.json')).toStrictEqual(PlatformSchema.parse(fleet));
  });

  test('reports a problem in its last workload at its path and line', () => {
    const last = fleet.spec.workloads[n - 1]!;
    const broken = { ...fleet, spec: { ...fleet.spec, workloads: [...fleet.spec.workloads.slice(0, -1), { ...last, replicas: 0 }] } };
    const text = json(broken);
    const lines = text.split('\n');
    const named = lines.findIndex((l) => l.includes(`"name": "${last.name}"`));
    const line = lines.findIndex((l, i) => i > named && l.trim().startsWith('"replicas": 0')) + 1;
    expect(named).toBeGreaterThan(0);
    expect(line).toBeGreaterThan(named);
    const result = validatePlatform(text, 'fleet.json');
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toBe(`spec.workloads[${n - 1}].replicas`);
    expect(result.issues[0]!.message).toContain(`(at fleet.json:${line}:`);
    expect(() => parsePlatform(text, 'fleet.json')).toThrow(InvalidSpecError);
  });
});
