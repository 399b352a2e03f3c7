import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFilesAtomically } from '../../cli/io';
import { progressReporter } from '../../cli/progress';

describe('writeFilesAtomically', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-io-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('writes every file, nested folders included, and replaces an older run whole', () => {
    const out = path.join(root, 'out');
    writeFilesAtomically(out, { 'stale.yaml': 'old' });
    writeFilesAtomically(out, { 'plan.json': '{}\n', 'manifests/kueue.yaml': 'kind: ClusterQueue\n' });
    expect(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')).toBe('{}\n');
    expect(fs.readFileSync(path.join(out, 'manifests', 'kueue.yaml'), 'utf8')).toBe('kind: ClusterQueue\n');
    expect(fs.existsSync(path.join(out, 'stale.yaml'))).toBe(false);
    expect(fs.readdirSync(root)).toEqual(['out']); // no staging folder left behind
  });

  test('a failure leaves the previous output untouched and no partial files', () => {
    const out = path.join(root, 'out');
    writeFilesAtomically(out, { 'plan.json': 'previous' });
    expect(() => writeFilesAtomically(out, { 'a.yaml': 'x', '../escape.yaml': 'y' })).toThrow(/outside the output directory: \.\.\/escape\.yaml/);
    expect(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')).toBe('previous');
    expect(fs.readdirSync(out)).toEqual(['plan.json']);
    expect(fs.readdirSync(root)).toEqual(['out']);
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
