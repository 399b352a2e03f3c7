/**
 * What a `cnai plan` process loads: a fleet above the optimiser's threshold, in plain block YAML,
 * is planned without HiGHS, the `yaml` package or the plan schema; a problem in the same file
 * still loads the document model and is reported with its line and column.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { OPTIMISER_MAX_PODS } from '../../planner/optimise/optimise';
import { batch, GKE_US_CENTRAL1, platform } from '../helpers/platform-builders';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `cnai plan FILE --json` in a process of its own; reports its exit code, stderr and which packages it loaded. */
function planProcess(file: string): { code: number; stderr: string; loaded: string[] } {
  const script = `
    const { main } = require(${JSON.stringify(path.join(ROOT, 'cli', 'main.ts'))});
    let err = '';
    const io = { out: () => {}, err: (s) => { err += s; }, readFile: (f) => require('node:fs').readFileSync(f, 'utf8'), writeFiles: () => {} };
    main(['plan', ${JSON.stringify(file)}, '--json'], io).then((code) => {
      const loaded = Object.keys(require.cache).flatMap((f) => {
        const m = /node_modules\\/(highs|yaml|cdk8s)\\//.exec(f) ?? /(plan-schema)\\.ts$/.exec(f);
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

  it('plans a fleet above the optimiser threshold without loading HiGHS, the yaml package, cdk8s or the plan schema; a problem loads the yaml package to locate it', () => {
    const spec = platform({
      target: GKE_US_CENTRAL1,
      workloads: [batch('etl', 'data', { replicas: OPTIMISER_MAX_PODS + 1, resources: { cpu: 1, memory: '2Gi' } })],
    });
    const good = path.join(dir, 'good.yaml');
    fs.writeFileSync(good, stringify(spec));
    expect(planProcess(good)).toEqual({ code: 0, stderr: '', loaded: [] });

    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, stringify(spec).replace('replicas: 301', 'replicas: -1'));
    const failed = planProcess(bad);
    expect(failed.code).toBe(1);
    // the line of `replicas: -1` in the file, found by the yaml package's document model
    const line =
      stringify(spec)
        .split('\n')
        .findIndex((l) => l.includes('replicas: 301')) + 1;
    expect(failed.stderr).toMatch(new RegExp(`bad\\.yaml:${line}:\\d+`));
    expect(failed.loaded).toEqual(['yaml']);
  });
});
