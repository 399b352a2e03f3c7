/**
 * `cnai synth FILE --out DIR`: plans, renders every manifest, writes them atomically.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { parseAllDocuments, stringify } from 'yaml';
import { registerSynth } from '../../cli/commands/synth';
import { type CliIo, OUTPUT_MARKER, writeFilesAtomically } from '../../cli/io';
import { reportError } from '../../cli/main';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly written: Readonly<Record<string, string>> | undefined;
}

const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');

/** Runs `cnai <args>` with only synth registered; `writeFiles` goes to `write` (default: memory). */
async function cnai(args: string[], write?: CliIo['writeFiles']): Promise<Run> {
  let out = '';
  let err = '';
  let written: Readonly<Record<string, string>> | undefined;
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (f) => fs.readFileSync(f, 'utf8'),
    writeFiles: (dir, files, options) => {
      if (write) write(dir, files, options);
      written = files;
    },
  };
  const program = new Command('cnai').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  let code = 0;
  registerSynth(program, io, (c) => (code = c));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    code = reportError(e, io);
  }
  return { code, out, err, written };
}

describe('cnai synth', () => {
  it('writes one YAML file per component and reports the object counts', async () => {
    const run = await cnai(['synth', REFERENCE, '--out', 'out']);
    expect(run.out).toMatch(/^verify: 8\/8 workloads admitted and scheduled, 0 pods pending, 0 rollouts blocked, 0 claims unbound$/m);
    expect(run.code).toBe(0);
    const files = Object.keys(run.written!)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(files).toEqual(expect.arrayContaining(['kueue.yaml', 'mlflow.yaml', 'monitoring.yaml', 'tenancy.yaml']));
    const kinds = files.flatMap((f) => parseAllDocuments(run.written![f]!).map((d) => (d.toJS() as { kind: string }).kind));
    expect(kinds).toEqual(expect.arrayContaining(['Namespace', 'ClusterQueue', 'LocalQueue', 'ResourceFlavor', 'Deployment', 'PrometheusRule']));
    expect(run.out).toMatch(/^out\/kueue\.yaml: \d+ objects$/m);
    expect(run.out).toMatch(new RegExp(`^wrote ${kinds.length} objects in ${files.length} files to out$`, 'm'));
  });

  // the YAML is written by js-yaml for speed; these are the bytes the yaml package writes, sorted
  it('writes each object as the yaml package would, keys sorted and lines unfolded', async () => {
    for (const example of ['reference', 'eks-fleet', 'gke-fleet', 'kind-laptop']) {
      const run = await cnai(['synth', path.resolve(__dirname, `../../examples/${example}/platform.yaml`), '--out', 'out']);
      expect(run.code).toBe(0);
      const manifests = Object.entries(run.written!).filter(([name]) => name.endsWith('.yaml'));
      for (const [, text] of manifests) {
        const expected = parseAllDocuments(text)
          .map((d) => stringify(d.toJS(), { sortMapEntries: true, lineWidth: 0 }))
          .join('---\n');
        expect(text).toBe(expected);
      }
    }
  });

  it('gives identical bytes on every run', async () => {
    const a = await cnai(['synth', REFERENCE, '--out', 'a']);
    const b = await cnai(['synth', REFERENCE, '--out', 'b']);
    expect(a.written).toEqual(b.written);
  });

  it('writes nothing and exits 1 for an invalid file, naming the problem', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-synth-'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      'apiVersion: cnai.dev/v1alpha1\nkind: Platform\nmetadata: { name: x }\nspec: { target: { provider: mars }, teams: [], workloads: [] }\n',
    );
    const out = path.join(dir, 'out');
    const run = await cnai(['synth', bad, '--out', out], writeFilesAtomically);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/spec\.target\.provider/);
    expect(run.written).toBeUndefined();
    expect(fs.existsSync(out)).toBe(false);
  });

  it('writes the files to disk through the atomic writer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-synth-'));
    const out = path.join(dir, 'manifests');
    const run = await cnai(['synth', REFERENCE, '--out', out], writeFilesAtomically);
    expect(run.written).toBeDefined();
    expect(fs.readdirSync(out).sort()).toEqual([OUTPUT_MARKER, ...Object.keys(run.written!)].sort());
    expect(fs.readFileSync(path.join(out, 'kueue.yaml'), 'utf8')).toBe(run.written!['kueue.yaml']);
  });

  it('refuses to write into the directory of its own input, and leaves the input in place', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-synth-'));
    const input = path.join(dir, 'platform.yaml');
    fs.copyFileSync(REFERENCE, input);
    const run = await cnai(['synth', input, '--out', dir], writeFilesAtomically);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`cnai: --out '${dir}' holds the input file '${input}', which cnai would replace; give a new directory such as ./out\n`);
    expect(fs.readdirSync(dir)).toEqual(['platform.yaml']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is a usage error without --out', async () => {
    const run = await cnai(['synth', REFERENCE]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--out/);
  });
});
