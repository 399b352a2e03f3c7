/**
 * What a `cnai plan` process loads: a fleet past the optimiser and its guidance, in plain block
 * YAML, is planned without HiGHS, the `yaml` package, js-yaml or the plan schema; a problem in the
 * same file is located by the line scan (planner/spec/locate-lines.ts), still without either YAML
 * library, and reported with its line and column.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { fleetPastGuidance } from '../helpers/platform-builders';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `cnai plan FILE --json` in a process of its own; reports its exit code, stderr and which packages it loaded. */
function planProcess(file: string): { code: number; stderr: string; loaded: string[] } {
  const script = `
    const { main } = require(${JSON.stringify(path.join(ROOT, 'cli', 'main.ts'))});
    let err = '';
    const io = { out: () => {}, err: (s) => { err += s; }, readFile: (f) => require('node:fs').readFileSync(f, 'utf8'), writeFiles: () => {} };
    main(['plan', ${JSON.stringify(file)}, '--json'], io).then((code) => {
      const loaded = Object.keys(require.cache).flatMap((f) => {
        const m = /node_modules\\/(highs|yaml|js-yaml|cdk8s)\\//.exec(f) ?? /(plan-schema)\\.ts$/.exec(f);
        return m ? [m[1]] : [];
      });
      process.stdout.write(JSON.stringify({ code, stderr: err, loaded: [...new Set(loaded)].sort() }));
    });`;
  const r = spawnSync(process.execPath, ['--require', path.join(ROOT, 'scripts', 'register.js'), '-e', script], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`the plan process failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { code: number; stderr: string; loaded: string[] };
}

describe('cnai plan, as a process', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-loading-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('plans a fleet past the optimiser and guidance without loading HiGHS, the yaml package, js-yaml, cdk8s or the plan schema; a problem is located without it too', () => {
    const spec = fleetPastGuidance();
    const good = path.join(dir, 'good.yaml');
    fs.writeFileSync(good, stringify(spec));
    expect(planProcess(good)).toEqual({ code: 0, stderr: '', loaded: [] });

    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, stringify(spec).replace('memory: 1030Mi', 'memory: -1'));
    const failed = planProcess(bad);
    expect(failed.code).toBe(1);
    // the line of `memory: -1` in the file, found by the line scan (planner/spec/locate-lines.ts) without the yaml package
    const line =
      stringify(spec)
        .split('\n')
        .findIndex((l) => l.includes('memory: 1030Mi')) + 1;
    expect(failed.stderr).toMatch(new RegExp(`bad\\.yaml:${line}:\\d+`));
    expect(failed.loaded).toEqual([]);
  });
});
