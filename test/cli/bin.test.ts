/**
 * The `cnai` executable: a checkout runs its sources, an installed package its build, and
 * `--version` prints the package version.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageVersion } from '../../cli/version';
import { runCnai } from '../helpers/fake-io';

const ROOT = path.resolve(__dirname, '..', '..');

describe('cnai --version', () => {
  it('prints the version of package.json and exits 0', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await runCnai([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${pkg.version}\n`);
    }
    expect(packageVersion(path.join(ROOT, 'dist', 'cli'))).toBe(pkg.version); // where the build looks from
  });
});

describe('bin/cnai.js', () => {
  let dir: string;
  /** A copy of bin/cnai.js in a layout of its own, with sources and a build that say which ran. */
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-bin-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'cnai.js'), path.join(dir, 'bin', 'cnai.js'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    // stands in for the SWC hook: these .ts files are plain JavaScript
    fs.writeFileSync(path.join(dir, 'scripts', 'register.js'), "require.extensions['.ts'] = require.extensions['.js'];\n");
    fs.mkdirSync(path.join(dir, 'cli'));
    fs.writeFileSync(path.join(dir, 'cli', 'bin.ts'), "console.log('sources');\n");
    fs.mkdirSync(path.join(dir, 'dist', 'cli'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'cli', 'bin.js'), "console.log('stale build');\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (): string => spawnSync(process.execPath, [path.join(dir, 'bin', 'cnai.js')], { encoding: 'utf8' }).stdout;

  it('runs the sources of a checkout even when an older build exists', () => {
    expect(run()).toBe('sources\n');
  });

  it('runs the build where no sources are shipped (an installed package)', () => {
    fs.rmSync(path.join(dir, 'cli'), { recursive: true });
    expect(run()).toBe('stale build\n');
  });
});
