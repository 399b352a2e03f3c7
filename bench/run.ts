/**
 * `npm run bench`: the planner against the Alibaba GPU trace and synthetic fleets of growing size.
 * Writes bench/results.md and bench/results.json, and prints the same table.
 *
 * The trace is read from ../shared/traces (beside the repository); where it is absent that part is
 * skipped with a note. Timings are wall-clock milliseconds of `plan()`: the first plan of the
 * process (10,000 workloads, compilation included), then each size after a warm-up plan, with
 * its CPU time beside it. bench/compare-results.json (`npm run bench:compare`) is written in too.
 *
 * `npm run bench -- --exact` also re-measures plan quality against the reference optimiser
 * (`bench/reference/`, HiGHS): most of an hour, so it is opt-in; `--exact=small` re-measures
 * the small fleets and the reference file's cases only (minutes), keeping the trace's figures;
 * `--exact=cases` re-measures the reference file's cases alone. Its figures are kept in
 * bench/reference-results.json and written into results.md by every run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plan } from '../planner/plan';
import type { Plan } from '../planner/plan-types';
import { parseTrace, traceToPlatform, wholeGpuBaseline } from './trace';
import { syntheticFleet } from './synthetic';
import { choiceAndChange, referenceBench } from './reference/measure';
import { loadSolver } from './reference/solver';
import { referenceSection } from './reference/report';
import { loadHighsSolver } from '../solver/highs';
import { compareSection } from './compare';
import type { MipSolver } from '../planner/optimise/linear-program';

/** Published reference figures for the trace (shared/reference/perf-anchors.md §5). */
const TRACE_REFERENCE = { martelloTothL2: 6277, ffdGpuDimension: 6330, wholeGpu: 7433, bar: 1.03 } as const;
const SIZES = [1000, 10000, 100000] as const;

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function timed<T>(f: () => T): { result: T; ms: number } {
  const t = now();
  const result = f();
  return { result, ms: now() - t };
}

/** Checks every node's CPU and memory requests fit its allocatable: the trace's promise. */
function resourcesHonoured(p: Plan): { ok: boolean; violations: number } {
  const perNode = new Map<string, { cpu: number; mem: number }>();
  const req = new Map(p.workloads.map((w) => [w.name, w.perReplica] as const));
  for (const pl of p.placements) {
    const k = `${pl.nodePool}/${pl.node}`;
    const r = req.get(pl.workload)!;
    const v = perNode.get(k) ?? { cpu: 0, mem: 0 };
    v.cpu += r.cpuMilli;
    v.mem += r.memoryBytes;
    perNode.set(k, v);
  }
  const pools = new Map(p.nodePools.map((n) => [n.name, n] as const));
  let violations = 0;
  for (const [k, v] of perNode) {
    const a = pools.get(k.split('/')[0]!)!.allocatable;
    if (v.cpu > a.cpuMilli || v.mem > a.memoryBytes) violations++;
  }
  return { ok: violations === 0, violations };
}

function traceFile(): string {
  return path.resolve(__dirname, '..', '..', 'shared', 'traces', 'alibaba-gpu-v2023', 'openb_pod_list_default.csv');
}

function traceBench(solver: MipSolver): Record<string, unknown> | string {
  const file = traceFile();
  if (!fs.existsSync(file)) return `skipped: ${file} not found (the trace lives in ../shared beside the repository)`;
  const pods = parseTrace(fs.readFileSync(file, 'utf8'));
  const spec = traceToPlatform(pods);
  const { result: p, ms } = timed(() => plan(spec, { solver }));
  const planCpuMs = cpuMs(() => plan(spec, { solver }));
  const packerCpuMs = cpuMs(() => plan(spec));
  const packer = plan(spec);
  const gpus = p.utilization.gpus.provisioned;
  const honoured = resourcesHonoured(p);
  return {
    pods: pods.length,
    gpuPods: pods.filter((x) => x.numGpu > 0).length,
    gpusProvisioned: gpus,
    gpusRequested: p.utilization.gpus.requested,
    martelloTothL2: p.utilization.gpuLowerBound,
    ratioToL2: Math.round((gpus / TRACE_REFERENCE.martelloTothL2) * 10000) / 10000,
    bar: `<= ${TRACE_REFERENCE.bar} x ${TRACE_REFERENCE.martelloTothL2} = ${Math.floor(TRACE_REFERENCE.bar * TRACE_REFERENCE.martelloTothL2)}`,
    meetsBar: gpus <= TRACE_REFERENCE.bar * TRACE_REFERENCE.martelloTothL2,
    wholeGpuBaseline: wholeGpuBaseline(pods),
    ffdGpuDimensionReference: TRACE_REFERENCE.ffdGpuDimension,
    gpusSavedVsWholeGpu: wholeGpuBaseline(pods) - gpus,
    cpuAndMemoryHonoured: honoured.ok,
    nodesOverAllocatable: honoured.violations,
    hourlyCost: p.cost.hourly,
    costLowerBound: p.cost.lowerBoundHourly,
    planOverBound: Math.round((p.cost.hourly / p.cost.lowerBoundHourly) * 10000) / 10000,
    gapToCostLowerBound: p.cost.gapToLowerBound,
    costMethod: JSON.stringify(p.cost.method),
    boundHonours: p.cost.boundAssumes.honours.join(', '),
    packerHourly: packer.cost.hourly,
    packerGpus: packer.utilization.gpus.provisioned,
    pools: p.nodePools.map((n) => `${n.name}: ${n.nodes} x ${n.instanceType}`),
    planMs: Math.round(ms),
    planCpuMs: Math.round(planCpuMs),
    packerCpuMs: Math.round(packerCpuMs),
  };
}

/** CPU milliseconds of one call (the machine is shared, so wall time says little). */
function cpuMs(f: () => unknown): number {
  const c = process.cpuUsage();
  f();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

/**
 * What the optimiser stage costs the 10,000-workload fleet (above guidance's thresholds, so the
 * plan is the packer's): median CPU ms of `plan()` without and with the solver, five runs each.
 */
function optimiserOverhead(solver: MipSolver): { withoutSolverCpuMs: number; withSolverCpuMs: number; outcome: string } {
  const spec = syntheticFleet(10000);
  const without: number[] = [];
  const withSolver: number[] = [];
  for (let i = 0; i < 5; i++) {
    without.push(cpuMs(() => plan(spec)));
    withSolver.push(cpuMs(() => plan(spec, { solver })));
  }
  const med = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[2]!);
  return { withoutSolverCpuMs: med(without), withSolverCpuMs: med(withSolver), outcome: plan(spec, { solver }).cost.method.optimiser };
}

/** The first plan of a fresh process: 10,000 workloads, JIT compilation included. */
function coldBench(solver: MipSolver): number {
  const spec = syntheticFleet(10000);
  return Math.round(timed(() => plan(spec, { solver })).ms);
}

function scaleBench(solver: MipSolver): {
  workloads: number;
  replicas: number;
  ms: number;
  cpuMs: number;
  gpus: number;
  msPerWorkload: number;
  hourly: number;
  optimiser: string;
  packerCpuMs: number;
}[] {
  plan(syntheticFleet(SIZES[0]), { solver }); // warm-up
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return SIZES.map((n) => {
    const spec = syntheticFleet(n);
    const runs = n >= 100000 ? 3 : 5;
    const times: number[] = [];
    const cpu: number[] = [];
    let last: Plan | undefined;
    for (let i = 0; i < runs; i++) {
      const c = process.cpuUsage();
      const { result, ms } = timed(() => plan(spec, { solver }));
      const u = process.cpuUsage(c);
      times.push(ms);
      cpu.push((u.user + u.system) / 1000);
      last = result;
    }
    const ms = median(times);
    process.stderr.write(`bench: ${n} workloads planned in ${ms.toFixed(0)} ms (${median(cpu).toFixed(0)} ms CPU)\n`);
    // CPU time without the solver: what the optimiser's stage adds on a shared machine
    const packerCpu = n >= 100000 ? NaN : cpuMs(() => plan(spec));
    return {
      workloads: n,
      replicas: last!.placements.length,
      ms: Math.round(ms),
      cpuMs: Math.round(median(cpu)),
      gpus: last!.utilization.gpus.provisioned,
      msPerWorkload: Math.round((ms / n) * 1000) / 1000,
      hourly: last!.cost.hourly,
      optimiser: `${last!.cost.method.optimiser}${last!.cost.method.scope ? ` (${last!.cost.method.scope})` : ''}`,
      packerCpuMs: Math.round(packerCpu),
    };
  });
}

function growth(rows: ReturnType<typeof scaleBench>): string[] {
  const out: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const k = Math.log(b.ms / a.ms) / Math.log(b.workloads / a.workloads);
    const kCpu = Math.log(b.cpuMs / a.cpuMs) / Math.log(b.workloads / a.workloads);
    out.push(
      `${a.workloads} -> ${b.workloads}: time x${(b.ms / a.ms).toFixed(1)} for x${b.workloads / a.workloads} workloads (exponent ${k.toFixed(2)}; CPU time exponent ${kCpu.toFixed(2)})`,
    );
  }
  return out;
}

const REFERENCE_RESULTS = path.join(__dirname, 'reference-results.json');
const COMPARE_RESULTS = path.join(__dirname, 'compare-results.json');
const REFERENCE_FILE = path.resolve(__dirname, '..', 'examples', 'reference', 'platform.yaml');

/**
 * `--exact=cases`: the reference file's "more choice" and "small change" cases alone (under a
 * minute), written into bench/reference-results.json and the reference section of results.md;
 * every other figure stays as the last runs left it.
 */
async function casesOnly(): Promise<void> {
  const solver = await loadSolver();
  const cases = choiceAndChange(solver, REFERENCE_FILE);
  const previous = JSON.parse(fs.readFileSync(REFERENCE_RESULTS, 'utf8')) as Record<string, unknown>;
  const reference = { ...previous, cases };
  fs.writeFileSync(REFERENCE_RESULTS, JSON.stringify(reference, null, 2) + '\n');
  const file = path.join(__dirname, 'results.md');
  const md = fs.readFileSync(file, 'utf8');
  const at = md.indexOf(referenceSection(undefined)[0]!);
  if (at < 0) throw new Error(`${file} has no reference section: run npm run bench -- --exact=small`);
  fs.writeFileSync(file, md.slice(0, at) + referenceSection(reference).join('\n'));
  process.stdout.write(JSON.stringify(cases, null, 2) + '\n');
}

/** Rows of bench/cli-results.json (`npm run bench:cli`): `cnai plan FILE --json` as a whole process, YAML on disk to JSON on stdout. */
function wholeProcessSection(): string[] {
  const file = path.join(__dirname, 'cli-results.json');
  if (!fs.existsSync(file)) return [];
  const { rows } = JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: { workloads: number; tree: string; wallMs: number; cpuMs: number; rssMiB: number }[] };
  return [
    'Whole process, `cnai plan FILE --json` from YAML on disk to JSON on stdout (bench/cli-results.md, `npm run bench:cli`):',
    '',
    '| workloads | tree | process CPU ms | wall ms | peak RSS MiB |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.workloads} | ${r.tree} | ${r.cpuMs} | ${r.wallMs} | ${r.rssMiB} |`),
    '',
  ];
}

async function main(): Promise<void> {
  if (process.argv.includes('--exact=cases')) return casesOnly();
  // every plan of the bench is made as the entry points make it: with the optimiser's solver
  const solver = await loadHighsSolver();
  process.stderr.write('bench: planning 10,000 workloads in a fresh process\n');
  const cold10k = coldBench(solver);
  process.stderr.write('bench: planning the Alibaba trace\n');
  const trace = traceBench(solver);
  const exact = process.argv.find((a) => a === '--exact' || a.startsWith('--exact='));
  if (exact !== undefined) {
    // --exact=small: the small fleets and the reference file's cases, not the trace (most of an hour)
    if (exact !== '--exact' && exact !== '--exact=small')
      throw new Error(`unknown ${exact}: use --exact (everything), --exact=small (no trace) or --exact=cases`);
    const file = traceFile();
    const previous = fs.existsSync(REFERENCE_RESULTS) ? (JSON.parse(fs.readFileSync(REFERENCE_RESULTS, 'utf8')) as Record<string, unknown>) : undefined;
    const withTrace = exact === '--exact' && fs.existsSync(file);
    const reference = await referenceBench(REFERENCE_FILE, withTrace ? file : undefined, previous);
    fs.writeFileSync(REFERENCE_RESULTS, JSON.stringify(reference, null, 2) + '\n');
  }
  const reference = fs.existsSync(REFERENCE_RESULTS) ? (JSON.parse(fs.readFileSync(REFERENCE_RESULTS, 'utf8')) as Record<string, unknown>) : undefined;
  const compared = fs.existsSync(COMPARE_RESULTS) ? (JSON.parse(fs.readFileSync(COMPARE_RESULTS, 'utf8')) as Parameters<typeof compareSection>[0]) : undefined;
  process.stderr.write('bench: planning synthetic fleets\n');
  const scale = scaleBench(solver);
  process.stderr.write('bench: the optimiser stage on 10,000 workloads\n');
  const overhead = optimiserOverhead(solver);
  const results = { node: process.version, cold10kMs: cold10k, trace, scale, growth: growth(scale), optimiserOverhead10k: overhead };
  const md = [
    '# Benchmark results',
    '',
    `Node ${process.version}. Produced by \`npm run bench\`; timings are wall-clock \`plan()\` (with the optimiser's solver, as every entry point plans) after a warm-up, on a machine that may be shared: compare CPU time where it is given.`,
    '',
    '## Alibaba GPU trace (openb_pod_list_default.csv, all pods at once, EKS catalogue, time-slicing allowed)',
    '',
    typeof trace === 'string'
      ? trace
      : Object.entries(trace)
          .map(([k, v]) => `- ${k}: ${Array.isArray(v) ? v.join('; ') : String(v)}`)
          .join('\n'),
    '',
    '## Synthetic fleets',
    '',
    `First plan of a fresh process (10,000 workloads, JIT compilation included): ${cold10k} ms.`,
    '',
    'Median of five runs (three at 100,000), wall-clock and CPU (`process.cpuUsage()`, user and system); the packer alone (without the solver) is one run, not measured at 100,000.',
    '',
    '| workloads | replicas | plan ms | plan CPU ms | ms per workload | GPUs | USD/h | optimiser | CPU ms without solver |',
    '|---|---|---|---|---|---|---|---|---|',
    ...scale.map(
      (r) =>
        `| ${r.workloads} | ${r.replicas} | ${r.ms} | ${r.cpuMs} | ${r.msPerWorkload} | ${r.gpus} | ${r.hourly} | ${r.optimiser} | ${Number.isNaN(r.packerCpuMs) ? '-' : r.packerCpuMs} |`,
    ),
    '',
    ...results.growth.map((g) => `- ${g}`),
    '',
    `The optimiser stage on 10,000 workloads (above guidance's thresholds: \`cost.method.optimiser\` is ${overhead.outcome}): ` +
      `median CPU of \`plan()\` over five runs ${overhead.withoutSolverCpuMs} ms without the solver, ${overhead.withSolverCpuMs} ms with it.`,
    '',
    ...compareSection(compared),
    ...wholeProcessSection(),
    ...referenceSection(reference),
  ].join('\n');
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(__dirname, 'results.md'), md);
  process.stdout.write(md);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
