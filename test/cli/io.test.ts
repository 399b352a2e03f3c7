import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileAccessError, OUTPUT_MARKER, readInputFile, writeFilesAtomically } from '../../cli/io';
import { progressReporter } from '../../cli/progress';
import { UsageError } from '../../planner/errors';

/** Every file and folder under `dir`, relative and sorted, to prove nothing was touched. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

describe('writeFilesAtomically', () => {
  let root: string;
  let cwd: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-io-')));
    cwd = process.cwd();
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.chmodSync(root, 0o755);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('writes every file, nested folders included, and replaces an older run whole', () => {
    const out = path.join(root, 'out');
    writeFilesAtomically(out, { 'stale.yaml': 'old', 'nested/old.yaml': 'old' });
    writeFilesAtomically(out, { 'plan.json': '{}\n', 'manifests/kueue.yaml': 'kind: ClusterQueue\n' });
    expect(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')).toBe('{}\n');
    expect(fs.readFileSync(path.join(out, 'manifests', 'kueue.yaml'), 'utf8')).toBe('kind: ClusterQueue\n');
    expect(tree(out)).toEqual([OUTPUT_MARKER, 'manifests', 'manifests/kueue.yaml', 'plan.json']);
    expect(JSON.parse(fs.readFileSync(path.join(out, OUTPUT_MARKER), 'utf8'))).toEqual({ files: ['manifests/kueue.yaml', 'plan.json'], writtenBy: 'cnai' });
    expect(fs.readdirSync(root)).toEqual(['out']); // no staging folder left behind
  });

  test('output directories are readable by others (0755), not private like a temporary folder', () => {
    const out = path.join(root, 'out');
    writeFilesAtomically(out, { 'a/b.yaml': 'x' });
    expect(fs.statSync(out).mode & 0o777).toBe(0o755);
  });

  test('a failure leaves the previous output untouched and no partial files', () => {
    const out = path.join(root, 'out');
    writeFilesAtomically(out, { 'plan.json': 'previous' });
    expect(() => writeFilesAtomically(out, { 'a.yaml': 'x', '../escape.yaml': 'y' })).toThrow(/outside the output directory: \.\.\/escape\.yaml/);
    expect(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')).toBe('previous');
    expect(tree(out)).toEqual([OUTPUT_MARKER, 'plan.json']);
    expect(fs.readdirSync(root)).toEqual(['out']);
  });

  test('writes into an existing empty directory', () => {
    const out = path.join(root, 'empty');
    fs.mkdirSync(out);
    writeFilesAtomically(out, { 'plan.json': '{}' });
    expect(tree(out)).toEqual([OUTPUT_MARKER, 'plan.json']);
  });

  describe('never deletes what cnai did not write', () => {
    const refuse = (dir: string, message: RegExp, inputs: string[] = []): void => {
      const before = tree(root);
      let error: unknown;
      try {
        writeFilesAtomically(dir, { 'plan.json': '{}' }, { inputs });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect(tree(root)).toEqual(before);
    };

    beforeEach(() => {
      fs.mkdirSync(path.join(root, 'work', '.git'), { recursive: true });
      fs.writeFileSync(path.join(root, 'work', '.git', 'HEAD'), 'ref: main');
      fs.writeFileSync(path.join(root, 'work', 'platform.yaml'), 'kind: Platform');
      process.chdir(path.join(root, 'work'));
    });

    test.each([
      ['.', /--out '\.' is the working directory or a folder above it/],
      ['..', /--out '\.\.' is the working directory or a folder above it/],
      ['./', /is the working directory/],
      ['/', /--out '\/' is the root of the file system/],
      ['', /--out '' is empty/],
      [' ', /--out ' ' is empty/],
    ])('refuses --out %j', (dir, message) => refuse(dir, message));

    test("refuses the input's own directory, even when given by another spelling", () => {
      fs.mkdirSync(path.join(root, 'x'));
      fs.writeFileSync(path.join(root, 'x', 'platform.yaml'), 'kind: Platform');
      refuse(path.join(root, 'x'), /holds the input file '.*platform\.yaml', which cnai would replace/, [path.join(root, 'x', 'platform.yaml')]);
      fs.symlinkSync(path.join(root, 'x'), path.join(root, 'link'));
      refuse(path.join(root, 'link'), /holds the input file/, [path.join(root, 'x', 'platform.yaml')]);
    });

    test('refuses a non-empty directory cnai did not write, naming what it holds', () => {
      fs.mkdirSync(path.join(root, 'docs'));
      fs.writeFileSync(path.join(root, 'docs', 'notes.md'), 'mine');
      refuse(path.join(root, 'docs'), /already holds 'notes\.md', which cnai did not write; give a new or empty directory/);
    });

    test('refuses an earlier output to which the user added a file, or whose marker is not ours', () => {
      const out = path.join(root, 'out');
      writeFilesAtomically(out, { 'plan.json': '{}' });
      fs.writeFileSync(path.join(out, 'mine.txt'), 'keep me');
      refuse(out, /already holds 'mine\.txt'/);
      fs.rmSync(path.join(out, 'mine.txt'));
      fs.writeFileSync(path.join(out, OUTPUT_MARKER), '{"files": ["plan.json"]}');
      refuse(out, /already holds '\.cnai-output\.json'/);
    });

    test('refuses a file or a symbolic link given as --out, leaving it as it was', () => {
      fs.writeFileSync(path.join(root, 'report.txt'), 'mine');
      refuse(path.join(root, 'report.txt'), /is a file, not a directory/);
      fs.mkdirSync(path.join(root, 'real'));
      fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
      refuse(path.join(root, 'alias'), /is a symbolic link, not a directory/);
    });
  });

  test('an --out below a file fails naming the path, as a file error', () => {
    fs.writeFileSync(path.join(root, 'file'), 'x');
    expect(() => writeFilesAtomically(path.join(root, 'file', 'out'), { 'a.yaml': 'x' })).toThrow(FileAccessError);
    expect(() => writeFilesAtomically(path.join(root, 'file', 'out'), { 'a.yaml': 'x' })).toThrow(
      /cannot (create|write to) '.*file.*': a component of the path is not a directory/,
    );
  });

  test('an unwritable --out is reported as a write failure, not a read failure', () => {
    // root ignores permission bits; sysfs refuses new directories to everyone
    const parent = process.getuid?.() === 0 ? '/sys' : path.join(root, 'locked');
    if (parent !== '/sys') {
      fs.mkdirSync(parent);
      fs.chmodSync(parent, 0o555);
    }
    expect(() => writeFilesAtomically(path.join(parent, 'cnai-out'), { 'a.yaml': 'x' })).toThrow(
      /^cannot write to '.*cnai-out': (permission denied|operation not permitted|the file system is read-only)$/,
    );
  });
});

describe('readInputFile', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-read-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('reads a file as UTF-8', () => {
    fs.writeFileSync(path.join(root, 'p.yaml'), 'name: é\n');
    expect(readInputFile(path.join(root, 'p.yaml'))).toBe('name: é\n');
  });

  test.each([
    ['a missing file', () => path.join(root, 'nope.yaml'), /^cannot read '.*nope\.yaml': no such file or directory$/],
    ['a directory', () => root, /^cannot read '.*': it is a directory; give a platform file, such as .*platform\.yaml$/],
    [
      'a symlink loop',
      () => {
        const a = path.join(root, 'loop-a');
        if (fs.lstatSync(a, { throwIfNoEntry: false }) === undefined) {
          fs.symlinkSync(path.join(root, 'loop-b'), a);
          fs.symlinkSync(a, path.join(root, 'loop-b'));
        }
        return a;
      },
      /^cannot read '.*loop-a': too many levels of symbolic links \(a symlink loop\)$/,
    ],
  ])('%s fails naming the path', (_name, file, message) => {
    expect(() => readInputFile(file())).toThrow(FileAccessError);
    expect(() => readInputFile(file())).toThrow(message);
  });

  test('an empty name is a usage error', () => {
    expect(() => readInputFile('')).toThrow(UsageError);
  });

  test('a file over the limit fails before it is read whole', () => {
    fs.writeFileSync(path.join(root, 'big.yaml'), 'x'.repeat(2048));
    expect(() => readInputFile(path.join(root, 'big.yaml'), 1024)).toThrow(/^cannot read '.*big\.yaml': larger than 1024 bytes, the most cnai reads/);
  });

  test('a device that never ends (/dev/zero) stops at the limit', () => {
    expect(() => readInputFile('/dev/zero', 1 << 20)).toThrow(/^cannot read '\/dev\/zero': larger than 1 MiB, the most cnai reads/);
  });
});

describe('progressReporter', () => {
  test('stays silent during the first second, then prints each stage', () => {
    let t = 0;
    const lines: string[] = [];
    const io = { out: () => undefined, err: (s: string) => lines.push(s), readFile: () => '', writeFiles: () => undefined };
    const report = progressReporter(io, () => t);
    report('sizing');
    t = 999;
    report('packing');
    t = 1000;
    report('quotas');
    expect(lines).toEqual(['cnai: quotas\n']);
  });
});
