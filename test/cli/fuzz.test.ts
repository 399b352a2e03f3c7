/**
 * Fuzzing the CLI: random edits of a valid platform file and random command lines. Whatever the
 * input, `cnai` exits 0, 1 or 2, prints a located message on failure (a path in the file, a
 * line, a flag or a file name), never a stack trace, and writes nothing when it fails.
 *
 * Seeded, so a failure reproduces; fast-check prints the counterexample. The run counts keep the
 * whole file to a few seconds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { fakeIo, runCnai, type CliRun } from '../helpers/fake-io';
import { setAt, valuePaths as paths } from '../helpers/document-edits';

const SEED = 20261201;
const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');
const BASE = parse(fs.readFileSync(REFERENCE, 'utf8')) as Record<string, unknown>;

const PATHS = paths(BASE).filter((p) => p.length > 0);

/** Values that break files in the ways users and tools do. */
const nasty = fc.oneof(
  fc.constantFrom(1e308, -1, 0, 1e9, 0.5, -0.0, 2 ** 53, '', ' ', 'latest', 'system:authenticated', '1.99', '9e307', null, true, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 12 }),
  fc.constant(undefined),
);

/** A located failure names a place: the file, a path in it, a line, or a flag. */
function assertWellBehaved(run: CliRun, file?: string): void {
  expect([0, 1, 2]).toContain(run.code);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n|TypeError|RangeError|Maximum call stack/);
  if (run.code === 0) return;
  expect(run.stderr.length).toBeGreaterThan(0);
  expect(run.io.written.size).toBe(0);
  if (run.code === 1 && file !== undefined) expect(run.stderr).toContain(file);
}

describe('cnai on randomly broken platform files', () => {
  it('validate and plan: exit 0 or 1, problems located in the file, nothing written on failure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...PATHS), nasty), { minLength: 1, maxLength: 3 }), async (edits) => {
        const doc = edits.reduce<unknown>((d, [at, v]) => {
          try {
            return setAt(d, at, v);
          } catch {
            return d; // the path went away with an earlier edit
          }
        }, BASE);
        const text = stringify(doc);
        for (const args of [
          ['validate', 'p.yaml'],
          ['plan', 'p.yaml', '--json', '--out', 'out'],
        ]) {
          const run = await runCnai(args, fakeIo({ files: { 'p.yaml': text }, readDisk: false }));
          expect(run.code).not.toBe(2);
          assertWellBehaved(run, 'p.yaml');
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('arbitrary text: exit 1 with a located message, never a crash', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('a: *x\n', 'a: &a [1]\nb: [*a, *a]\n', '[[[[', '{"a": 1', '---\n---\n', '\t- x\n', 'key: value\nkey: other\n', '%YAML 9.9\n---\n'),
    );
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const run = await runCnai(['validate', 'p.yaml'], fakeIo({ files: { 'p.yaml': t }, readDisk: false }));
        expect(run.code).toBe(1);
        assertWellBehaved(run, 'p.yaml');
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('cnai with random command lines', () => {
  const word = fc.constantFrom(
    'plan',
    'synth',
    'validate',
    'diff',
    'size',
    'inference',
    'training',
    REFERENCE,
    'missing.yaml',
    '',
    '.',
    '..',
    '/',
    '--json',
    '--markdown',
    '--out',
    '--model',
    'llama-3.1-8b',
    '--params',
    '9e307',
    '1e13',
    '--layers',
    '-1',
    '0',
    '32',
    '--tp',
    '3',
    '--precision',
    'fp4',
    '--zero',
    '--help',
    '--version',
    '--nope',
  );
  it('exit 0, 1 or 2, a message on failure, nothing written on failure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (args) => {
        // synth renders the whole stack: its output path is covered by the writer's own tests
        if (args[0] === 'synth' && args.includes(REFERENCE)) return;
        const run = await runCnai(args, fakeIo());
        assertWellBehaved(run);
        if (run.code !== 0) expect(run.stderr).toMatch(/^(cnai: |error: |Usage: |.+: \d+ problems?:)/);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('cnai size with random numbers for every flag', () => {
  const ARCH = ['--params', '--layers', '--hidden', '--intermediate', '--heads', '--kv-heads', '--head-dim', '--vocab'];
  const OTHER = { inference: ['--concurrency', '--context', '--prefill-tokens', '--tp'], training: ['--micro-batch', '--seq', '--gpus', '--zero'] };
  // a valid architecture (llama-3.1-8b's), so a random value of one flag is what decides the outcome
  const VALID: Record<string, string> = {
    '--params': '8030261248',
    '--layers': '32',
    '--hidden': '4096',
    '--intermediate': '14336',
    '--heads': '32',
    '--kv-heads': '8',
    '--head-dim': '128',
    '--vocab': '128256',
  };
  const number = fc.oneof(
    fc.constantFrom('9e307', '1e308', '1e13', '1e300', '-1', '0', '0.5', '1.5', 'NaN', 'Infinity', '-0', '0x10', '1e', 'abc', ' '),
    fc.integer({ min: -10, max: 2 ** 31 }).map(String),
  );

  /** Every number of `value` is finite, and no value is null (JSON's rendering of Infinity and NaN). */
  function finiteEverywhere(value: unknown): boolean {
    if (value === null) return false;
    if (typeof value === 'number') return Number.isFinite(value);
    if (typeof value === 'object') return Object.values(value as object).every(finiteEverywhere);
    return true;
  }

  it('exit 0 with finite byte counts, or exit 2 naming the flag', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('inference' as const, 'training' as const),
        fc.array(fc.tuple(fc.nat(), number), { minLength: 1, maxLength: 3 }),
        async (kind, edits) => {
          const flags = [...ARCH, ...OTHER[kind]];
          const values = { ...VALID };
          for (const [i, v] of edits) values[flags[i % flags.length]!] = v;
          const run = await runCnai(['size', kind, ...Object.entries(values).flat(), '--json'], fakeIo());
          assertWellBehaved(run);
          if (run.code === 0) expect(finiteEverywhere(JSON.parse(run.stdout))).toBe(true);
          else {
            expect(run.code).toBe(2);
            expect(run.stderr).toMatch(/^(cnai|error): .*--[a-z-]+/);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
