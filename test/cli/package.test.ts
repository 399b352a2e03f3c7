/**
 * The package as npm ships it: the files `npm pack` takes, and that the packed bin, the main
 * entry and each subpath load in a consumer, the cdk8s-only ones without Pulumi.
 *
 * The build is a fast SWC transpile of the sources `tsconfig.build.json` compiles (JavaScript
 * only; `tsc --noEmit` in `npm test` checks the types), into a copy of the package laid out as
 * `node_modules/cnai-platform` of a consumer project. Dependencies resolve through NODE_PATH to
 * this checkout's node_modules.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transformFileSync } from '@swc/core';
import * as semver from 'semver';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  main: string;
  exports: Record<string, string | { types: string; default: string }>;
  files: string[];
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
};
const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };

function transpileInto(src: string, dest: string): void {
  const stat = fs.statSync(src);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(src)) transpileInto(path.join(src, entry), path.join(dest, entry));
    return;
  }
  if (!src.endsWith('.ts') || src.endsWith('.d.ts')) return;
  const { code } = transformFileSync(src, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest.replace(/\.ts$/, '.js'), code);
}

let consumer: string;
let installed: string;

beforeAll(() => {
  consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-consumer-'));
  installed = path.join(consumer, 'node_modules', 'cnai-platform');
  fs.mkdirSync(installed, { recursive: true });
  for (const f of ['package.json', 'README.md']) fs.copyFileSync(path.join(ROOT, f), path.join(installed, f));
  for (const d of ['bin', 'schema']) fs.cpSync(path.join(ROOT, d), path.join(installed, d), { recursive: true });
  for (const entry of build.include) transpileInto(path.join(ROOT, entry), path.join(installed, 'dist', entry));
  // what `npm start` leaves in dist/ must not ship
  fs.mkdirSync(path.join(installed, 'dist', 'reference', 'plan'), { recursive: true });
  fs.writeFileSync(path.join(installed, 'dist', 'reference', 'plan', 'plan.json'), '{}');
}, 120_000);

afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

/** Runs `node -e script` in the consumer project; NODE_PATH stands in for its installed dependencies. */
function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, args, {
    cwd: consumer,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
}

describe('npm pack', () => {
  it('ships the build, the bin, the schema and the README, and nothing else', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: installed, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'bin/cnai.js', 'dist/index.js', 'dist/cli/bin.js', 'schema/platform.schema.json']),
    );
    for (const sub of Object.values(pkg.exports)) {
      if (typeof sub !== 'string') expect(files).toContain(sub.default.replace(/^\.\//, ''));
    }
    const unwanted = files.filter((f) => /^dist\/(reference|bench|stacks|test|examples|scripts)\//.test(f) || (!f.startsWith('dist/') && /\.ts$/.test(f)));
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => !/^(dist|bin|schema)\//.test(f))).toEqual(['README.md', 'package.json']);
  });
});

describe('the installed package', () => {
  it('runs the packed bin from its build', () => {
    const r = node([path.join(installed, 'bin', 'cnai.js'), '--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('plans from its build with HiGHS in its own thread (the compiled worker, no TypeScript hook)', () => {
    const r = node([path.join(installed, 'bin', 'cnai.js'), 'plan', path.join(ROOT, 'examples', 'reference', 'platform.yaml'), '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/internal error|HiGHS's thread/);
    const plan = JSON.parse(r.stdout) as { cost: { method: { optimiser: string } } };
    // the optimiser ran with a solver: neither skipped for its size nor planned without one
    expect(['improved', 'heuristic-kept']).toContain(plan.cost.method.optimiser);
  });

  it.each([['cnai-platform'], ['cnai-platform/planner'], ['cnai-platform/constructs'], ['cnai-platform/versions']])(
    '%s loads without Pulumi (a cdk8s-only consumer)',
    (entry) => {
      const script = `const m = require(${JSON.stringify(entry)}); const pulumi = Object.keys(require.cache).filter((k) => k.includes('/@pulumi/'));
        process.stdout.write(JSON.stringify({ exports: Object.keys(m).length, pulumi: pulumi.length }));`;
      const r = node(['-e', script]);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { exports: number; pulumi: number };
      expect(out.exports).toBeGreaterThan(0);
      expect(out.pulumi).toBe(0);
    },
  );

  it('cnai-platform/pulumi loads the Pulumi components', () => {
    const r = node(['-e', "const m = require('cnai-platform/pulumi'); process.stdout.write(typeof m.EksGpuCluster)"]);
    expect(r.stdout).toBe('function');
  });
});

describe('building the package', () => {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('npm pack and npm publish build dist/ first (prepack), with the build that compiles every exported entry', () => {
    expect(scripts.prepack).toBe('npm run build');
    expect(scripts.build).toBe('tsc -p tsconfig.build.json');
    const config = build as { include: string[]; compilerOptions?: { outDir?: string } };
    expect(config.compilerOptions?.outDir).toBe('dist');
    for (const sub of [pkg.main, ...Object.values(pkg.exports).map((e) => (typeof e === 'string' ? e : e.default))]) {
      if (!sub.endsWith('.js')) continue;
      const source = sub.replace(/^\.?\/?dist\//, '').replace(/\.js$/, '.ts');
      expect(config.include.some((entry) => source === entry || source.startsWith(`${entry}/`))).toBe(true);
    }
  });

  /** Runs scripts/prepare.js as npm would, with INIT_CWD set, recording the command it would run instead of running it. */
  function prepare(initCwd: string): string[][] {
    const stub = path.join(consumer, 'record-exec.js');
    fs.writeFileSync(
      stub,
      "const cp = require('node:child_process'); cp.execFileSync = (file, args) => { process.stdout.write(JSON.stringify([file, ...args]) + '\\n'); };\n",
    );
    const r = spawnSync(process.execPath, ['-r', stub, path.join(ROOT, 'scripts', 'prepare.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: initCwd },
    });
    expect(r.status).toBe(0);
    return r.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as string[]);
  }

  // pacote@21.5.1 lib/dir.js (npm 11.19.1): a git dependency's prepare script runs with the installing npm's
  // environment, so INIT_CWD is the consumer's directory; npm sets it to the checkout in its own install
  it('a git install builds dist/ (prepare, run from the consumer project), the checkout itself does not', () => {
    expect(scripts.prepare).toBe('node scripts/prepare.js');
    const calls = prepare(consumer);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.slice(1)).toEqual([require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')]);
    expect(prepare(ROOT)).toEqual([]);
  });
});

describe('peer dependencies', () => {
  // npm's ERESOLVE: an exact peer pin conflicts with a consumer one patch away
  it('accept compatible releases, and Pulumi is optional for cdk8s-only consumers', () => {
    for (const [name, range] of Object.entries(pkg.peerDependencies)) {
      const dev = pkg.devDependencies[name]!;
      expect(semver.satisfies(dev, range)).toBe(true);
      expect(semver.satisfies(semver.inc(dev, 'patch')!, range)).toBe(true);
      expect(pkg.peerDependenciesMeta[name]?.optional === true).toBe(name.startsWith('@pulumi/'));
    }
  });
});
