/**
 * `npm run bench:cli`: the `cnai` commands as a user runs them, whole processes from a platform
 * file on disk to the output, and the same steps in process to show where the time goes.
 *
 * - `cnai plan FILE --json` on synthetic fleets of 1,000, 10,000 and 100,000 workloads, of the
 *   checkout and of a build (`--dist DIR`), and its steps timed one by one (`cli-phases.ts`);
 * - `cnai validate` of a ~50 MB platform file;
 * - `cnai synth` of 1,000 and 10,000 teams.
 *
 * Each process reports its peak resident memory (`process.resourceUsage().maxRSS`). Writes
 * bench/cli-results.md and prints it. Spawning processes is the point of this file; nothing in
 * `planner/`, `constructs/` or `cli/` does.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { renderManifests } from '../constructs/platform/render';
import { plan } from '../planner/plan';
import { parsePlatform } from '../planner/spec/parse';
import type { PlatformSpec } from '../planner/spec/schema';
import { syntheticFleet } from './synthetic';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cnai.js');
const RSS_HOOK = path.join(__dirname, 'report-rss.js');
const REGISTER = path.join(ROOT, 'scripts', 'register.js');
const PHASES = path.join(__dirname, 'cli-phases.ts');

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `f`, returning its result and the CPU milliseconds it took (robust on a shared machine). */
function timed<T>(f: () => T): { result: T; ms: number } {
  const start = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(start);
  return { result, ms: (used.user + used.system) / 1000 };
}

/** One `cnai` process (`bin`: bin/cnai.js or a build's cli/bin.js): wall-clock and CPU milliseconds, peak memory in MiB, exit status. */
function runProcess(bin: string, args: readonly string[]): { ms: number; cpuMs: number; rssMiB: number; status: number | null } {
  const t = now();
  const r = spawnSync(process.execPath, ['--require', RSS_HOOK, bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = now() - t;
  const m = /cnai-bench-max-rss-kib=(\d+)/.exec(r.stderr);
  const cpu = /cnai-bench-cpu-us=(\d+)/.exec(r.stderr);
  if (r.status !== 0) process.stderr.write(`bench: cnai ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}\n`);
  return { ms: Math.round(ms), cpuMs: cpu ? Math.round(Number(cpu[1]) / 1000) : NaN, rssMiB: m ? Math.round(Number(m[1]) / 1024) : NaN, status: r.status };
}

/** A platform of `teams` teams, each with one small inference service and one notebook. */
function manyTeams(teams: number): PlatformSpec {
  const width = String(teams).length;
  const names = Array.from({ length: teams }, (_, i) => `team-${String(i).padStart(width, '0')}`);
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: `teams-${teams}` },
    spec: {
      target: { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] },
      teams: names.map((name) => ({ name, weight: 1 })),
      workloads: names.flatMap((team) => [
        { name: `${team}-chat`, team, type: 'inference' as const, model: 'llama-3.2-1b' as const, replicas: 1 },
        { name: `${team}-nb`, team, type: 'notebook' as const, replicas: 1, gpu: { memoryGiB: 10 } },
      ]),
    },
  };
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-bench-'));
  const lines: string[] = [
    '# CLI benchmark',
    '',
    `Node ${process.version}, ${os.cpus().length} CPUs. Produced by \`npm run bench:cli\`. Processes run \`bin/cnai.js\` of this checkout (sources through the SWC hook, transpiled once and cached) and, with \`--dist DIR\`, \`cli/bin.js\` of a build; CPU time is the process's user + system time.`,
    '',
  ];
  // `npm run bench:cli -- large` runs only the large inputs, `-- plan` only the plan processes;
  // `--dist DIR` adds the processes of a build in DIR
  const args = process.argv.slice(2);
  const at = args.indexOf('--dist');
  const dist = at >= 0 ? path.resolve(args[at + 1]!) : undefined;
  const only = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
  try {
    if (only !== 'large') planSection(dir, lines, dist);
    if (only !== 'plan') largeSection(dir, lines);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const md = lines.join('\n') + '\n';
  fs.writeFileSync(path.join(__dirname, 'cli-results.md'), md);
  process.stdout.write(md);
}

/** Milliseconds of each step of one `cnai plan FILE --json`, from `bench/cli-phases.ts` in a process of its own. */
interface Phases {
  readonly startMs: number;
  readonly loadMs: number;
  readonly readFileMs: number;
  readonly parseMs: number;
  readonly planMs: number;
  readonly jsonMs: number;
  readonly writeMs: number;
  readonly yamlMs: number;
}

/** The steps of `cnai plan` on `file` with the modules of `root` (a checkout or a build), medians over `runs` processes. */
function phasesOf(root: string, file: string, runs: number): Phases {
  const once = (only: string[]): Record<string, number> => {
    const r = spawnSync(process.execPath, ['--require', REGISTER, PHASES, root, file, ...only], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`bench: cli-phases ${root} ${file} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    return JSON.parse(r.stderr.trim().split('\n').pop()!) as Record<string, number>;
  };
  const all = Array.from({ length: runs }, () => ({ ...once([]), ...once(['read']) }));
  const keys = ['startMs', 'loadMs', 'readFileMs', 'parseMs', 'planMs', 'jsonMs', 'writeMs', 'yamlMs'] as const;
  return Object.fromEntries(keys.map((k) => [k, median(all.map((p) => p[k]!))])) as unknown as Phases;
}

/** One row of whole `cnai plan` processes, checkout or build. */
interface ProcessRow {
  readonly workloads: number;
  readonly tree: 'checkout' | 'dist';
  readonly fileMiB: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly phases: Phases;
}

/**
 * `cnai plan FILE --json` processes on 1,000, 10,000 and 100,000 workloads, of the checkout and,
 * with `--dist DIR` (a build: `npx tsc -p tsconfig.build.json --outDir DIR`), of the build; then
 * the same steps one by one in processes of their own. Writes bench/cli-results.json too, which
 * `npm run bench` quotes in bench/results.md.
 */
function planSection(dir: string, lines: string[], dist: string | undefined): void {
  const rows: ProcessRow[] = [];
  for (const n of [1000, 10000, 100000]) {
    const spec = syntheticFleet(n);
    const file = path.join(dir, `fleet-${n}.yaml`);
    fs.writeFileSync(file, stringify(spec));
    const runs = n >= 100000 ? 1 : 3;
    const fileMiB = Number((fs.statSync(file).size / 2 ** 20).toFixed(1));
    const trees: [ProcessRow['tree'], string, string][] = [['checkout', BIN, ROOT]];
    if (dist !== undefined) trees.push(['dist', path.join(dist, 'cli', 'bin.js'), dist]);
    for (const [tree, bin, root] of trees) {
      const procs = Array.from({ length: runs }, () => runProcess(bin, ['plan', file, '--json']));
      const row: ProcessRow = {
        workloads: n,
        tree,
        fileMiB,
        wallMs: median(procs.map((p) => p.ms)),
        cpuMs: median(procs.map((p) => p.cpuMs)),
        rssMiB: median(procs.map((p) => p.rssMiB)),
        phases: phasesOf(root, file, runs),
      };
      process.stderr.write(`bench: ${JSON.stringify(row)}\n`);
      rows.push(row);
    }
  }
  const load = os.loadavg().map((x) => x.toFixed(1));
  lines.push('## `cnai plan FILE --json`, whole process (YAML on disk to JSON on stdout)', '');
  lines.push(`Load average at the end: ${load.join(', ')}.`, '');
  lines.push('| workloads | file MiB | tree | process wall ms | process CPU ms | peak RSS MiB |', '|---|---|---|---|---|---|');
  for (const r of rows) lines.push(`| ${r.workloads} | ${r.fileMiB} | ${r.tree} | ${r.wallMs} | ${r.cpuMs} | ${r.rssMiB} |`);
  lines.push('', '### The same steps, CPU ms, each run in a fresh process (`bench/cli-phases.ts`)', '');
  lines.push('| workloads | tree | Node and hook | load modules | read + validate (YAML alone) | plan | JSON | write |', '|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const p = r.phases;
    lines.push(`| ${r.workloads} | ${r.tree} | ${p.startMs} | ${p.loadMs} | ${p.parseMs} (${p.yamlMs}) | ${p.planMs} | ${p.jsonMs} | ${p.writeMs} |`);
  }
  fs.writeFileSync(path.join(__dirname, 'cli-results.json'), JSON.stringify({ node: process.version, loadAverage: os.loadavg(), rows }, null, 2) + '\n');
}

/** `cnai validate` of a ~50 MB file and `cnai synth` of 10,000 teams, as processes. */
function largeSection(dir: string, lines: string[]): void {
  lines.push('', '## Large inputs', '');
  // ~50 MB: copies of the 100,000-workload fleet under new names, as many as reach the size;
  // written with js-yaml, which is many times faster than the document model at this size
  const big = syntheticFleet(100000);
  const bigFile = path.join(dir, 'big.yaml');
  const copies = Math.ceil(50e6 / dump(big, { lineWidth: -1 }).length);
  const text = dump(
    {
      ...big,
      spec: { ...big.spec, workloads: Array.from({ length: copies }, (_, r) => big.spec.workloads.map((w) => ({ ...w, name: `${w.name}-${r}` }))).flat() },
    },
    { lineWidth: -1 },
  );
  fs.writeFileSync(bigFile, text);
  const v = runProcess(BIN, ['validate', bigFile]);
  // what `cnai plan` pays to read the same file, without locating anything: the yardstick of validate
  const read = timed(() => parsePlatform(text, bigFile));
  lines.push(
    `- \`cnai validate\` of a ${(text.length / 1e6).toFixed(0)} MB platform file (${read.result.spec.workloads.length} workloads): ${v.ms} ms (CPU ${v.cpuMs} ms), peak RSS ${v.rssMiB} MiB (exit ${v.status}); reading it as \`cnai plan\` does, in process: ${Math.round(read.ms)} ms CPU`,
  );

  // 1,000 teams as well: the size whose output the manifests' byte-for-byte checks compare
  const smallTeams = path.join(dir, 'teams-1000.yaml');
  fs.writeFileSync(smallTeams, stringify(manyTeams(1000)));
  const s1 = runProcess(BIN, ['synth', smallTeams, '--out', path.join(dir, 'synth-out-1000')]);
  lines.push(`- \`cnai synth\` of 1,000 teams (2,000 workloads): ${s1.ms} ms (CPU ${s1.cpuMs} ms), peak RSS ${s1.rssMiB} MiB (exit ${s1.status})`);

  const teamsFile = path.join(dir, 'teams-10000.yaml');
  fs.writeFileSync(teamsFile, stringify(manyTeams(10000)));
  const out = path.join(dir, 'synth-out');
  const s = runProcess(BIN, ['synth', teamsFile, '--out', out]);
  const p = runProcess(BIN, ['plan', teamsFile, '--json']);
  const teamsPlan = plan(parsePlatform(fs.readFileSync(teamsFile, 'utf8'), teamsFile));
  const render = timed(() => renderManifests(teamsPlan));
  lines.push(
    `- \`cnai synth\` of 10,000 teams (20,000 workloads): ${s.ms} ms (CPU ${s.cpuMs} ms), peak RSS ${s.rssMiB} MiB (exit ${s.status}); \`cnai plan\` of the same file: ${p.ms} ms (CPU ${p.cpuMs} ms), ${p.rssMiB} MiB; rendering alone in process: ${Math.round(render.ms)} ms CPU`,
  );
}

main();
