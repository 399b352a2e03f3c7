/**
 * `cnai validate FILE`: a one-line verdict for a valid file, every problem otherwise.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { runCnai } from '../helpers/fake-io';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const invalid = (name: string): string => path.resolve(__dirname, '../fixtures/invalid', name);

/** Runs `cnai <args>` through the real entry point with an in-memory terminal. */
async function cnai(...args: string[]): Promise<Run> {
  const r = await runCnai(args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const valid = {
  apiVersion: 'cnai.dev/v1alpha1',
  kind: 'Platform',
  metadata: { name: 'acme-ml' },
  spec: {
    target: { provider: 'eks', region: 'us-east-1' },
    huggingFace: { tokenSecret: 'hf-token' },
    teams: [{ name: 'research' }, { name: 'product' }],
    workloads: [
      { name: 'chat', team: 'product', type: 'inference', model: 'llama-3.1-8b' },
      { name: 'notebooks', team: 'research', type: 'notebook', gpu: { fraction: 0.25 } },
      { name: 'etl', team: 'research', type: 'batch', command: ['python', 'etl.py'] },
    ],
  },
};

describe('cnai validate', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-validate-'));
    fs.writeFileSync(path.join(dir, 'platform.yaml'), stringify(valid));
    fs.writeFileSync(path.join(dir, 'platform.json'), JSON.stringify({ ...valid, spec: { ...valid.spec, teams: [valid.spec.teams[0]], workloads: [] } }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says a YAML file is valid, with its counts, and exits 0', async () => {
    const file = path.join(dir, 'platform.yaml');
    expect(await cnai('validate', file)).toEqual({ code: 0, out: `${file}: valid (2 teams, 3 workloads)\n`, err: '' });
  });

  it('warns, and still exits 0, when a gated model is served without a Hugging Face token', async () => {
    const file = path.join(dir, 'gated.yaml');
    fs.writeFileSync(file, stringify({ ...valid, spec: { ...valid.spec, huggingFace: undefined } }));
    const run = await cnai('validate', file);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`${file}: valid (2 teams, 3 workloads)\n`);
    expect(run.err).toMatch(/^.*gated\.yaml: 1 warning:\n {2}- spec\.workloads\[0\]\.model: model "llama-3\.1-8b" of workload "chat" is gated on Hugging Face/);
  });

  it('says a warning repeated by many workloads once, with how many more and where the next ones are', async () => {
    const file = path.join(dir, 'many-gated.yaml');
    const chats = Array.from({ length: 12 }, (_, i) => ({ name: `chat-${i}`, team: 'product', type: 'inference', model: 'llama-3.1-8b' }));
    fs.writeFileSync(file, stringify({ ...valid, spec: { ...valid.spec, huggingFace: undefined, workloads: [...valid.spec.workloads, ...chats] } }));
    const run = await cnai('validate', file);
    expect(run.code).toBe(0);
    const lines = run.err.trimEnd().split('\n');
    expect(lines[0]).toBe(`${file}: 13 warnings:`);
    // the first in the file in full (workload 0, not the first by name), then one line for the other twelve
    expect(lines[1]).toMatch(
      /^ {2}- spec\.workloads\[0\]\.model: model "llama-3\.1-8b" of workload "chat" is gated on Hugging Face .*\(at .*many-gated\.yaml:\d+:\d+\); fix: set spec\.huggingFace\.tokenSecret/,
    );
    expect(lines[2]).toMatch(
      /^ {4}and 12 more like it, the next at spec\.workloads\[3\]\.model \(.*many-gated\.yaml:\d+:\d+\), spec\.workloads\[4\]\.model \(.*\), spec\.workloads\[5\]\.model \(.*\), \.\.\.; `cnai validate --json .*many-gated\.yaml` lists every one$/,
    );
    expect(lines).toHaveLength(3);
  });

  it('lists every warning with its location under --json, and exits 0', async () => {
    const file = path.join(dir, 'many-gated-json.yaml');
    const chats = Array.from({ length: 12 }, (_, i) => ({ name: `chat-${i}`, team: 'product', type: 'inference', model: 'llama-3.1-8b' }));
    const text = stringify({ ...valid, spec: { ...valid.spec, huggingFace: undefined, workloads: [...valid.spec.workloads, ...chats] } });
    fs.writeFileSync(file, text);
    const run = await cnai('validate', file, '--json');
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    const out = JSON.parse(run.out) as { valid: boolean; teams: number; workloads: number; problems: unknown[]; warnings: { path: string; message: string }[] };
    expect({ valid: out.valid, teams: out.teams, workloads: out.workloads, problems: out.problems }).toEqual({
      valid: true,
      teams: 2,
      workloads: 15,
      problems: [],
    });
    expect(out.warnings).toHaveLength(13);
    // each location is the line of that workload's model key
    const lineOf = (w: { message: string }): string => text.split('\n')[Number(/:(\d+):\d+\)/.exec(w.message)![1]) - 1]!;
    for (const w of out.warnings) expect(lineOf(w)).toMatch(/^ +model: llama-3\.1-8b$/);
    expect(new Set(out.warnings.map((w) => w.path)).size).toBe(13);
  });

  it('prints the problems as JSON and exits 1 for an invalid file under --json', async () => {
    const run = await cnai('validate', invalid('many-problems.yaml'), '--json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.out) as { valid: boolean; problems: unknown[]; warnings: unknown[] };
    expect(out.valid).toBe(false);
    expect(out.problems).toHaveLength(9);
    expect(out.warnings).toEqual([]);
  });

  it('accepts JSON too', async () => {
    const file = path.join(dir, 'platform.json');
    expect(await cnai('validate', file)).toEqual({ code: 0, out: `${file}: valid (1 team, 0 workloads)\n`, err: '' });
  });

  it('prints every problem, one per line with path, value, allowed values and fix, and exits 1', async () => {
    const file = invalid('many-problems.yaml');
    const run = await cnai('validate', file);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    const lines = run.err.trimEnd().split('\n');
    expect(lines[0]).toBe(`${file}: 9 problems:`);
    expect(lines.slice(1).map((l) => l.split(':')[0])).toEqual([
      '  - metadata.name',
      '  - spec.target.zones[1]',
      '  - spec.teams[1].name',
      '  - spec.workloads[0].maxReplicas',
      '  - spec.workloads[0].model',
      '  - spec.workloads[0].team',
      '  - spec.workloads[1].gpu.fraction',
      '  - spec.workloads[1].replica',
      '  - spec.workloads[2].precision',
    ]);
    expect(run.err).toContain(
      `  - spec.workloads[1].replica: unknown key "replica" (value 6) (at ${file}:24:7); allowed: keys of spec.workloads[1]: cpuFallback, gpu, image, name, replicas, resources, team, type, zoneSpread; fix: did you mean "replicas"?\n`,
    );
  });

  it('reports a YAML syntax error with its line and exits 1', async () => {
    const file = invalid('syntax-error.yaml');
    const run = await cnai('validate', file);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${file}: 1 problem:\n  - (file): YAML syntax error at line 7, column 3 of ${file}`);
  });

  it('exits 1 with a clear message for a missing file', async () => {
    const run = await cnai('validate', path.join(dir, 'nope.yaml'));
    expect(run.code).toBe(1);
    expect(run.err).toBe(`cnai: cannot read '${path.join(dir, 'nope.yaml')}': no such file or directory\n`);
  });

  it('exits 2 without a file or with two', async () => {
    expect((await cnai('validate')).code).toBe(2);
    expect((await cnai('validate', 'a.yaml', 'b.yaml')).code).toBe(2);
  });
});
