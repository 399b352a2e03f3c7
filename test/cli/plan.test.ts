/**
 * `cnai plan FILE [--json|--markdown] [--out DIR]`: golden output of the reference platform, the
 * files `--out` writes, and exit codes and messages for the mistakes a user can make.
 *
 * Golden files: after an intended change of the plan or its report, regenerate them with
 * `UPDATE_GOLDEN=1 npx jest test/cli/plan.test.ts` and review their diff like code.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OUTPUT_MARKER, writeFilesAtomically } from '../../cli/io';
import { fakeIo, runCnai, type CliRun } from '../helpers/fake-io';
import { inference, notebook, platform, toYaml } from '../helpers/platform-builders';

const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');
const GOLDEN = path.resolve(__dirname, 'golden');
/** A line of a JavaScript stack trace. */
const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it instead. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

/** Asserts a run failed cleanly: the code, a `cnai:` message, no stack trace, nothing on stdout. */
function expectCleanFailure(run: CliRun, code: number): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toContain('internal error');
}

const files = {
  'valid.yaml': toYaml(platform({ workloads: [inference('chat', 'product', 'llama-3.1-8b'), notebook('lab', 'research', { gpu: { fraction: 0.25 } })] })),
  'bad-model.yaml': toYaml(platform({ workloads: [inference('chat', 'product', 'llama-3.1-8b')] })).replace('model: llama-3.1-8b', 'model: gpt-5'),
  'infeasible.yaml': toYaml(platform({ policy: { allowedGpus: ['L4'] }, workloads: [inference('frontier', 'research', 'llama-3.1-405b')] })),
};

describe('cnai plan', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-plan-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('the reference platform', () => {
    it('prints the text tables (golden) and exits 0', async () => {
      const run = await runCnai(['plan', REFERENCE]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^platform acme-ml on eks us-east-1/);
      expectGolden('plan-reference.txt', run.stdout);
    });

    it('prints the plan contract with --json (golden, sorted keys, one trailing newline)', async () => {
      const run = await runCnai(['plan', REFERENCE, '--json']);
      expect(run.code).toBe(0);
      const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(Object.keys(parsed).sort());
      expect(parsed).toEqual(expect.objectContaining({ apiVersion: 'cnai.dev/v1alpha4', platform: 'acme-ml', provider: 'eks' }));
      expect(run.stdout.endsWith('}\n')).toBe(true);
      expectGolden('plan-reference.json', run.stdout);
    });

    it('prints Markdown with --markdown: title, summary, pool, workload and quota tables, decisions', async () => {
      const run = await runCnai(['plan', REFERENCE, '--markdown']);
      expect(run.code).toBe(0);
      const md = run.stdout;
      expect(md.startsWith('# Plan: acme-ml\n\n- platform acme-ml on eks us-east-1')).toBe(true);
      for (const heading of ['## Node pools', '## Workloads', '## Kueue quotas (cohort `acme-ml`)', '## Decisions', '## Warnings']) {
        expect(md).toContain(`\n${heading}\n`);
      }
      expect(md).toContain('| pool | instance type | GPU | nodes | GPUs | sharing | capacity | zones | $/hour |');
      expect(md).toMatch(/^\| chat \| product \| inference \| 2 \|/m);
      expect(md).toMatch(/^- \*\*system\*\*: /m);
    });

    it('writes plan.json, plan.md and plan.txt with --out, identical to what each format prints', async () => {
      const out = path.join(tmp, 'reference');
      const run = await runCnai(['plan', REFERENCE, '--out', out], fakeIo({ writeFiles: writeFilesAtomically }));
      expect(run.code).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'plan.json', 'plan.md', 'plan.txt']);
      expect(run.stderr).toContain(`wrote ${out}/plan.json, plan.md, plan.txt`);
      const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');
      expect(read('plan.txt')).toBe(run.stdout);
      expect(read('plan.json')).toBe((await runCnai(['plan', REFERENCE, '--json'])).stdout);
      expect(read('plan.md')).toBe((await runCnai(['plan', REFERENCE, '--markdown'])).stdout);
    });

    it('writes the three files at once through the io, whatever format it prints', async () => {
      const run = await runCnai(['plan', REFERENCE, '--json', '--out', 'dist/x']);
      expect(run.code).toBe(0);
      expect([...run.io.written.keys()]).toEqual(['dist/x']);
      const written = run.io.written.get('dist/x')!;
      expect(Object.keys(written).sort()).toEqual(['plan.json', 'plan.md', 'plan.txt']);
      expect(written['plan.json']).toBe(run.stdout);
    });
  });

  it('plans a file the io serves, not only files on disk', async () => {
    const run = await runCnai(['plan', 'valid.yaml', '--json'], fakeIo({ files, readDisk: false }));
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { workloads: { name: string }[] }).workloads.map((w) => w.name)).toEqual(['chat', 'lab']);
  });

  describe('exit code 1', () => {
    it('for an invalid file, naming the path of the bad value', async () => {
      const run = await runCnai(['plan', 'bad-model.yaml'], fakeIo({ files, readDisk: false }));
      expectCleanFailure(run, 1);
      expect(run.stderr).toMatch(/^cnai: 1 problem in the platform file:\n/);
      expect(run.stderr).toContain('spec.workloads[0].model');
      expect(run.stderr).toContain('gpt-5');
    });

    it('for an infeasible plan, naming the workload and the GiB, and writing nothing to --out', async () => {
      const out = path.join(tmp, 'infeasible-out');
      const run = await runCnai(['plan', 'infeasible.yaml', '--out', out], fakeIo({ files, readDisk: false, writeFiles: writeFilesAtomically }));
      expectCleanFailure(run, 1);
      expect(run.stderr).toMatch(/^cnai: infeasible: spec\.workloads\[0\]: workload 'frontier' fits no allowed GPU/);
      expect(run.stderr).toMatch(/\d+\.\d GiB/);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(tmp).filter((f) => f.includes('infeasible-out'))).toEqual([]);
    });

    it('for an infeasible plan, leaving an earlier --out directory as it was', async () => {
      const out = path.join(tmp, 'kept');
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'plan.json'), '{"earlier":true}\n');
      const run = await runCnai(['plan', 'infeasible.yaml', '--out', out], fakeIo({ files, readDisk: false, writeFiles: writeFilesAtomically }));
      expectCleanFailure(run, 1);
      expect(fs.readdirSync(out)).toEqual(['plan.json']);
      expect(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')).toBe('{"earlier":true}\n');
    });

    it('for a file that does not exist, without a stack trace', async () => {
      const run = await runCnai(['plan', 'missing.yaml'], fakeIo({ readDisk: false }));
      expectCleanFailure(run, 1);
      expect(run.stderr).toBe("cnai: cannot read 'missing.yaml': no such file or directory\n");
    });
  });

  describe('exit code 2', () => {
    it('for --json and --markdown together', async () => {
      const run = await runCnai(['plan', REFERENCE, '--json', '--markdown']);
      expectCleanFailure(run, 2);
      expect(run.stderr).toBe('cnai: choose one of --json and --markdown\n');
    });

    it('for an unknown flag, naming it', async () => {
      const run = await runCnai(['plan', REFERENCE, '--yaml']);
      expectCleanFailure(run, 2);
      expect(run.stderr).toContain("unknown option '--yaml'");
    });

    it('for a missing FILE argument', async () => {
      const run = await runCnai(['plan']);
      expectCleanFailure(run, 2);
      expect(run.stderr).toContain("missing required argument 'file'");
    });
  });
});
