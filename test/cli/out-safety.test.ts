/**
 * `--out` of `cnai plan` and `cnai synth` on the real file system, as a user types it in a
 * checkout: whatever the directory, the command never deletes or replaces what `cnai` did not
 * write, exits 2 with the reason, and leaves every file as it was.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkOutputDirectory, OUTPUT_MARKER, writeFilesAtomically } from '../../cli/io';
import { fakeIo, runCnai } from '../helpers/fake-io';

// the smallest example (CPU only on kind), so each command plans in a fraction of a second
const PLATFORM = path.resolve(__dirname, '../../examples/kind-laptop/platform.yaml');

/** Every file and folder under `dir` with its contents, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const abs = path.join(dir, rel);
    out[rel] = fs.lstatSync(abs).isDirectory() ? '(dir)' : fs.readFileSync(abs, 'utf8');
  }
  return out;
}

describe('--out never destroys the user files', () => {
  let root: string;
  let work: string;
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-out-')));
    // a checkout: its history, the platform file, an earlier plan and notes of the user's
    work = path.join(root, 'work');
    fs.mkdirSync(path.join(work, '.git'), { recursive: true });
    fs.writeFileSync(path.join(work, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.mkdirSync(path.join(work, 'x'));
    fs.copyFileSync(PLATFORM, path.join(work, 'x', 'platform.yaml'));
    fs.copyFileSync(PLATFORM, path.join(work, 'platform.yaml'));
    fs.writeFileSync(path.join(work, 'notes.md'), 'mine\n');
    fs.mkdirSync(path.join(work, 'docs'));
    fs.writeFileSync(path.join(work, 'docs', 'a.md'), 'mine too\n');
    process.chdir(work);
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const cnai = (args: string[]) => runCnai(args, fakeIo({ writeFiles: writeFilesAtomically }));

  it.each([
    ['plan', '.', /--out '\.' is the working directory or a folder above it/],
    ['plan', '', /--out '' is empty/],
    ['plan', '..', /--out '\.\.' is the working directory or a folder above it/],
    ['plan', '/', /--out '\/' is the root of the file system/],
    ['plan', 'notes.md', /--out 'notes\.md' is a file, not a directory/],
    ['plan', 'docs', /--out 'docs' already holds 'a\.md', which cnai did not write/],
    ['synth', '.', /--out '\.' is the working directory or a folder above it/],
    ['synth', 'docs', /--out 'docs' already holds 'a\.md', which cnai did not write/],
  ])('cnai %s platform.yaml --out %j exits 2 and touches nothing', async (command, out, message) => {
    const before = snapshot(root);
    const run = await cnai([command, 'platform.yaml', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/give a new (or empty )?directory/);
    expect(snapshot(root)).toEqual(before);
  });

  it.each([['plan'], ['synth']])('cnai %s refuses a bad --out before it plans: the refusal comes first, not the plan error', async (command) => {
    // a file that cannot plan: were --out checked only when writing, the run would exit 1 on the plan
    fs.writeFileSync(path.join(work, 'broken.yaml'), fs.readFileSync(PLATFORM, 'utf8').replace(/^kind: .*$/m, 'kind: NotAPlatform'));
    const before = snapshot(root);
    const run = await runCnai([command, 'broken.yaml', '--out', '.'], fakeIo({ writeFiles: writeFilesAtomically, checkOut: checkOutputDirectory }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out '\.' is the working directory or a folder above it/);
    expect(snapshot(root)).toEqual(before);
  });

  it.each([['plan'], ['synth']])("cnai %s x/platform.yaml --out x refuses the input's own directory", async (command) => {
    const before = snapshot(root);
    const run = await cnai([command, 'x/platform.yaml', '--out', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--out 'x' holds the input file 'x/platform.yaml', which cnai would replace");
    expect(snapshot(root)).toEqual(before);
  });

  it('cnai plan --previous refuses an --out that holds the previous plan, which it would replace', async () => {
    expect((await cnai(['plan', 'platform.yaml', '--out', 'out'])).code).toBe(0);
    const before = snapshot(root);
    const run = await cnai(['plan', 'platform.yaml', '--previous', 'out/plan.json', '--out', 'out']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--out 'out' holds the input file 'out/plan.json', which cnai would replace");
    expect(snapshot(root)).toEqual(before);
  });

  it('writes a new directory, and replaces its own earlier output there, with permissions 0755', async () => {
    expect((await cnai(['plan', 'platform.yaml', '--out', 'out'])).code).toBe(0);
    expect((await cnai(['plan', 'platform.yaml', '--out', 'out'])).code).toBe(0);
    expect(fs.readdirSync(path.join(work, 'out')).sort()).toEqual([OUTPUT_MARKER, 'plan.json', 'plan.md', 'plan.txt']);
    expect(fs.statSync(path.join(work, 'out')).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(path.join(work, 'notes.md'), 'utf8')).toBe('mine\n');
  });
});
