/**
 * `npm run bench:compare -- --base DIR`: CPU time of `plan()` (with the solver, as every entry
 * point plans) on the synthetic fleets, for this checkout and an earlier one (DIR: a copy of the
 * repository at an earlier commit, e.g. `git archive COMMIT | tar -x -C DIR`, with a link to this
 * checkout's node_modules), and whether both give the same plan, byte for byte.
 *
 * Both planners load into one process and plan in turn, base then this checkout, after a warm-up
 * each: on a shared machine the load drifts, and alternating exposes both to the same drift.
 * CPU time is `process.cpuUsage()` around `plan()`, user and system, median of the runs. Writes
 * bench/compare-results.json, which `npm run bench` writes into results.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plan } from '../planner/plan-types';
import type { PlanOptions } from '../planner/plan';
import type { PlatformSpec } from '../planner/spec/schema';
import type { MipSolver } from '../planner/optimise/linear-program';

type PlanFn = (spec: PlatformSpec, options?: PlanOptions) => Plan;

interface Planner {
  readonly plan: PlanFn;
  readonly fleet: (n: number) => PlatformSpec;
  readonly stableJson: (value: unknown) => string;
  readonly solver: MipSolver;
}

/** One fleet size: median CPU ms of each checkout, the ratio, and whether the plans are identical. */
export interface CompareRow {
  readonly workloads: number;
  readonly runs: number;
  readonly baseCpuMs: number;
  readonly headCpuMs: number;
  readonly speedup: number;
  readonly identicalPlans: boolean;
}

const SIZES = [1000, 10000, 100000] as const;
const RESULTS = path.join(__dirname, 'compare-results.json');

async function plannerAt(root: string): Promise<Planner> {
  /* eslint-disable @typescript-eslint/no-require-imports -- two checkouts of one module, chosen at run time */
  const { plan } = require(path.join(root, 'planner', 'plan')) as { plan: PlanFn };
  const { syntheticFleet } = require(path.join(root, 'bench', 'synthetic')) as { syntheticFleet: (n: number) => PlatformSpec };
  const { stableJson } = require(path.join(root, 'planner', 'serialize')) as { stableJson: (value: unknown) => string };
  const { loadHighsSolver } = require(path.join(root, 'solver', 'highs')) as { loadHighsSolver: () => Promise<MipSolver> };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { plan, fleet: syntheticFleet, stableJson, solver: await loadHighsSolver() };
}

function cpuMs(f: () => unknown): number {
  const c = process.cpuUsage();
  f();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function compareAt(n: number, base: Planner, head: Planner): CompareRow {
  const runs = n >= 100000 ? 3 : 5;
  // each plans its own copy of the fleet, so neither can see objects the other built
  const baseSpec = base.fleet(n);
  const headSpec = head.fleet(n);
  const identicalPlans = base.stableJson(base.plan(baseSpec, { solver: base.solver })) === head.stableJson(head.plan(headSpec, { solver: head.solver }));
  const b: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(cpuMs(() => base.plan(baseSpec, { solver: base.solver })));
    h.push(cpuMs(() => head.plan(headSpec, { solver: head.solver })));
  }
  const baseCpuMs = Math.round(median(b));
  const headCpuMs = Math.round(median(h));
  process.stderr.write(`compare: ${n} workloads: base ${baseCpuMs} ms, this checkout ${headCpuMs} ms CPU (median of ${runs})\n`);
  return { workloads: n, runs, baseCpuMs, headCpuMs, speedup: Math.round((baseCpuMs / headCpuMs) * 100) / 100, identicalPlans };
}

/** Lines of results.md for the comparison; none when it has not been run. */
export function compareSection(r: { base: string; node: string; rows: readonly CompareRow[] } | undefined): string[] {
  if (!r) return [];
  const exponent = (a: CompareRow, b: CompareRow, k: 'baseCpuMs' | 'headCpuMs'): string =>
    (Math.log(b[k] / a[k]) / Math.log(b.workloads / a.workloads)).toFixed(2);
  return [
    '## Planner CPU time against an earlier commit (`npm run bench:compare -- --base DIR`)',
    '',
    `Base: ${r.base}; Node ${r.node}. Median CPU ms (\`process.cpuUsage()\`, user and system, so the GC's helper threads count) of \`plan()\` with the solver, ` +
      'after a warm-up, the two planners in one process planning in turn; the machine may be shared, so compare the columns rather than other runs.',
    '',
    '| workloads | runs | base CPU ms | this checkout CPU ms | base ÷ this | same plan bytes |',
    '|---|---|---|---|---|---|',
    ...r.rows.map((x) => `| ${x.workloads} | ${x.runs} | ${x.baseCpuMs} | ${x.headCpuMs} | ${x.speedup} | ${x.identicalPlans ? 'yes' : 'no'} |`),
    '',
    ...r.rows.slice(1).map((b, i) => {
      const a = r.rows[i]!;
      return `- ${a.workloads} -> ${b.workloads}: exponent ${exponent(a, b, 'baseCpuMs')} before, ${exponent(a, b, 'headCpuMs')} now`;
    }),
    '',
  ];
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--base');
  const dir = at >= 0 ? process.argv[at + 1] : undefined;
  if (!dir) throw new Error('bench:compare needs --base DIR: a copy of the repository at an earlier commit (git archive COMMIT | tar -x -C DIR)');
  const baseRoot = path.resolve(dir);
  if (!fs.existsSync(path.join(baseRoot, 'planner', 'plan.ts'))) throw new Error(`--base ${dir}: no planner/plan.ts there; give a copy of this repository`);
  const base = await plannerAt(baseRoot);
  const head = await plannerAt(path.resolve(__dirname, '..'));
  base.plan(base.fleet(1000), { solver: base.solver }); // warm-up
  head.plan(head.fleet(1000), { solver: head.solver });
  const rows = SIZES.map((n) => compareAt(n, base, head));
  const label = process.argv[process.argv.indexOf('--label') + 1];
  const results = { base: process.argv.includes('--label') && label ? label : path.basename(baseRoot), node: process.version, rows };
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(compareSection(results).join('\n'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:compare: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
