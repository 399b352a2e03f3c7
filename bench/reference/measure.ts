/**
 * The measurements of plan quality against the references: small fleets against the exact
 * optimum, the trace against the column-generation bound and a Karpenter-style baseline, and the
 * "more choice" and "small change" cases of the reference platform file.
 */
import * as fs from 'node:fs';
import { diffPlans, parsePlatform, plan } from '../../planner';
import { drainedNodeCount } from '../../report';
import type { Plan } from '../../planner/plan-types';
import type { PlanDiff } from '../../planner/diff';
import type { PlatformSpec } from '../../planner/spec/schema';
import { parseTrace, traceToPlatform } from '../trace';
import { solveReference, type ReferenceResult } from './solve-reference';
import { demandOf, heldToPlan } from './demand';
import { karpenterBaseline } from './karpenter-baseline';
import { nodeKinds, podClasses } from '../../planner/optimise/nodes';
import { smallFleet } from './small-fleets';
import { loadSolver, type Solver } from './solver';
import { cloudContext, plannedDemand, resolvePlatform } from './planner-facts';

const round4 = (x: number): number => Math.round(x * 10000) / 10000;
const seconds = (t: bigint): number => Math.round(Number(process.hrtime.bigint() - t) / 1e7) / 100;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One small fleet measured. */
export interface FleetRow {
  readonly fleet: string;
  readonly provider: string;
  readonly policy: string;
  readonly replicas: number;
  /** The packer alone (`plan()` without a solver). */
  readonly heuristic: number;
  /** `plan()` with the solver: what every entry point produces. */
  readonly plan: number;
  /** `cost.method.optimiser` of the plan. */
  readonly optimiser: string;
  /** `cost.method.provenOptimal`: the plan is proven the cheapest with one pool per workload. */
  readonly provenOnePool: boolean;
  readonly optimum: number;
  readonly proven: boolean;
  readonly planOverOptimum: number;
  readonly heuristicOverOptimum: number;
  /** The plan's own reported lower bound over the optimum (≤ 1 for a valid bound). */
  readonly plannerBoundOverOptimum: number;
  /** CPU seconds of `plan()` with the solver. */
  readonly planCpuSeconds: number;
  readonly seconds: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return Math.round((u.user + u.system) / 1e4) / 100;
};

/** The planner against the exact optimum on `count` small fleets (infeasible draws are skipped). */
export function smallFleetsBench(solver: Solver, count = 30): { rows: FleetRow[]; summary: Record<string, unknown> } {
  const rows: FleetRow[] = [];
  let skipped = 0;
  for (let i = 0; rows.length < count && i < count * 3; i++) {
    const spec = smallFleet(i);
    let heuristic: Plan;
    try {
      heuristic = plan(spec);
    } catch {
      skipped++;
      continue;
    }
    const c = process.cpuUsage();
    const p = plan(spec, { solver });
    const planCpuSeconds = cpuSeconds(c);
    const t = process.hrtime.bigint();
    const d = demandOf(spec, p);
    // the reference is seeded with the packer's plan, not the optimiser's: it must not lean on what it measures
    const r = solveReference(solver, spec, d, heuristic, { prove: true, mipSeconds: 120 });
    const optimum = r.upperBound + d.systemHourly;
    rows.push({
      fleet: spec.metadata.name,
      provider: spec.spec.target.provider,
      policy: `${spec.spec.policy?.capacity}/${spec.spec.policy?.gpuSharing}`,
      replicas: p.placements.length,
      heuristic: round4(heuristic.cost.hourly),
      plan: round4(p.cost.hourly),
      optimiser: p.cost.method.optimiser,
      provenOnePool: p.cost.method.provenOptimal === true,
      optimum: round4(optimum),
      proven: r.proven,
      planOverOptimum: round4(p.cost.hourly / optimum),
      heuristicOverOptimum: round4(heuristic.cost.hourly / optimum),
      plannerBoundOverOptimum: round4(p.cost.lowerBoundHourly / optimum),
      planCpuSeconds,
      seconds: seconds(t),
    });
    process.stderr.write(`bench: ${spec.metadata.name}: plan ${p.cost.hourly.toFixed(3)} optimum ${optimum.toFixed(3)}${r.proven ? '' : ' (not proven)'}\n`);
  }
  const ratios = rows.map((r) => r.planOverOptimum);
  const bounds = rows.map((r) => r.plannerBoundOverOptimum);
  const worst = rows.reduce((a, b) => (b.planOverOptimum > a.planOverOptimum ? b : a), rows[0]!);
  const cpu = rows.map((r) => r.planCpuSeconds);
  return {
    rows,
    summary: {
      fleets: rows.length,
      skippedInfeasibleDraws: skipped,
      provenOptimal: rows.filter((r) => r.proven).length,
      planOptimal: rows.filter((r) => r.planOverOptimum <= 1.0001).length,
      planProvenOptimalWithOnePoolPerWorkload: rows.filter((r) => r.provenOnePool).length,
      medianPlanOverOptimum: round4(median(ratios)),
      worstPlanOverOptimum: round4(Math.max(...ratios)),
      worstFleet: worst.fleet,
      medianHeuristicOverOptimum: round4(median(rows.map((r) => r.heuristicOverOptimum))),
      worstHeuristicOverOptimum: round4(Math.max(...rows.map((r) => r.heuristicOverOptimum))),
      medianPlannerBoundOverOptimum: round4(median(bounds)),
      worstPlannerBoundOverOptimum: round4(Math.min(...bounds)),
      boundsAboveOptimum: bounds.filter((b) => b > 1.0001).length,
      medianPlanCpuSeconds: round4(median(cpu)),
      worstPlanCpuSeconds: round4(Math.max(...cpu)),
      totalSeconds: round4(rows.reduce((s, r) => s + r.seconds, 0)),
    },
  };
}

/** The trace against the column-generation bound, its rounded plan and the Karpenter-style baseline. */
export function traceReference(solver: Solver, csvPath: string, maxSeconds = 1200): Record<string, unknown> {
  const pods = parseTrace(fs.readFileSync(csvPath, 'utf8'));
  const spec = traceToPlatform(pods);
  const p = plan(spec, { solver });
  const t = process.hrtime.bigint();
  const d = demandOf(spec, p);
  const r: ReferenceResult = solveReference(solver, spec, d, p, {
    // shares bounded per node, not per GPU: a relaxation, so the bound stays valid and the rounds stay short
    pricing: { shares: 'node', timeLimitSeconds: 10, mipRelGap: 1e-4 },
    maxSeconds,
    mipSeconds: 120,
    log: (m) => process.stderr.write(`bench: trace ${m}\n`),
  });
  const cgSeconds = seconds(t);
  const tm = process.hrtime.bigint();
  const mix = solveReference(solver, spec, heldToPlan(d, p), p, {
    pricing: { shares: 'node', timeLimitSeconds: 10, mipRelGap: 1e-4 },
    maxSeconds: maxSeconds / 2,
    mipSeconds: 120,
    log: (m) => process.stderr.write(`bench: trace instance mix ${m}\n`),
  });
  const mixSeconds = seconds(tm);
  const classes = podClasses(d);
  const kinds = nodeKinds(cloudContext(resolvePlatform(spec)), d, classes);
  const groupOf = new Map<string, number>();
  d.groups.forEach((g, i) => g.workloads.forEach((w) => groupOf.set(w, i)));
  const base = karpenterBaseline(
    d,
    classes,
    kinds,
    pods.map((x) => groupOf.get(x.name.toLowerCase())!),
  );
  const sys = d.systemHourly;
  const bound = r.lowerBound + sys;
  return {
    planHourly: round4(p.cost.hourly),
    plannerLowerBound: round4(p.cost.lowerBoundHourly),
    columnGenerationBound: round4(bound),
    boundConverged: r.converged,
    lpValue: round4(r.lpValue + sys),
    planOverBound: round4(p.cost.hourly / bound),
    roundedPlanHourly: round4(r.upperBound + sys),
    roundedPlanGpus: r.gpus,
    roundedPlanOverBound: round4((r.upperBound + sys) / bound),
    roundedPlanMipOptimal: r.mipOptimal,
    planGpus: p.utilization.gpus.provisioned,
    l2Bound: p.utilization.gpuLowerBound,
    planGpusOverL2: round4(p.utilization.gpus.provisioned / p.utilization.gpuLowerBound),
    karpenterHourly: round4(base.hourly + sys),
    karpenterGpus: base.gpus,
    karpenterNodes: base.nodes,
    instanceMix: {
      note: "every pod held to the planner's option; instance types and node contents chosen by column generation",
      bound: round4(mix.lowerBound + sys),
      boundConverged: mix.converged,
      plan: round4(mix.upperBound + sys),
      gpus: mix.gpus,
      planOverMix: round4(p.cost.hourly / (mix.upperBound + sys)),
      seconds: mixSeconds,
    },
    planNodesOutsideModel: r.planNodesOutsideModel,
    rounds: r.rounds,
    patterns: r.patterns,
    seconds: { total: cgSeconds, lp: round4(r.seconds.lp), pricing: round4(r.seconds.pricing), mip: round4(r.seconds.mip) },
  };
}

/**
 * What a change must move, whatever plan follows: the workloads of `previous` that no longer have
 * the option they ran with (GPU model, sharing mode, GPUs or MIG profile per replica) in `spec`,
 * and the nodes of `previous` that hold their replicas (`pool#node`), sorted.
 */
export function mustMove(spec: PlatformSpec, previous: Plan): { workloads: string[]; nodes: string[] } {
  const r = resolvePlatform(spec);
  const options = new Map(plannedDemand(r.workloads, cloudContext(r)).map((p) => [p.key, p.alternatives] as const));
  const pools = new Map(previous.nodePools.map((p) => [p.name, p] as const));
  const gone = previous.workloads.filter((w) => {
    const pool = pools.get(w.nodePool);
    const alternatives = options.get(w.name);
    if (!pool || pool.gpuModel === null || !alternatives) return false;
    return !alternatives.some(
      (o) =>
        o.gpuModel.id === pool.gpuModel &&
        o.mode === pool.sharing.mode &&
        o.gpusPerReplica === w.perReplica.gpus &&
        (o.migProfile ?? '') === (w.perReplica.migProfile ?? ''),
    );
  });
  const names = new Set(gone.map((w) => w.name));
  const nodes = [...new Set(previous.placements.filter((p) => names.has(p.workload)).map((p) => `${p.nodePool}#${p.node}`))].sort();
  return { workloads: [...names].sort(), nodes };
}

/** Each drain as `pool nodes (cause workload; ...)`. */
function drainsText(d: PlanDiff): string {
  return d.drains.map((x) => `${x.pool} ${x.nodes.join(',')} (${x.causes.map((c) => `${c.kind} ${c.workload ?? ''}`.trim()).join('; ')})`).join('; ');
}

function withChat(spec: PlatformSpec, replicas: number, concurrency: number): PlatformSpec {
  return {
    ...spec,
    spec: { ...spec.spec, workloads: spec.spec.workloads.map((w) => (w.name === 'chat' && w.type === 'inference' ? { ...w, replicas, concurrency } : w)) },
  };
}

/** "More choice" and "small change" on the reference platform file, with the exact optimum of each. */
export function choiceAndChange(solver: Solver, referenceFile: string): Record<string, unknown> {
  const spec = parsePlatform(fs.readFileSync(referenceFile, 'utf8'), referenceFile);
  const policy = spec.spec.policy ?? {};
  const more: PlatformSpec = { ...spec, spec: { ...spec.spec, policy: { ...policy, allowedGpus: [...(policy.allowedGpus ?? []), 'A100-80GB'] } } };
  const changed = withChat(spec, 3, 64);
  const exact = (s: PlatformSpec, p: Plan): number => {
    const d = demandOf(s, p);
    return round4(solveReference(solver, s, d, p, { prove: true, mipSeconds: 60 }).upperBound + d.systemHourly);
  };
  const p0 = plan(spec, { solver });
  const p1 = plan(more, { solver });
  const p2 = plan(changed, { solver });
  const diff = diffPlans(p0, p2);
  // the change planned as `cnai plan --previous` plans it, at the default tolerance
  const kept = plan(changed, { solver, previous: p0 });
  const keptDiff = diffPlans(p0, kept);
  const must = mustMove(changed, p0);
  return {
    moreChoice: {
      allowedGpus: `${(policy.allowedGpus ?? []).join(', ')} + A100-80GB`,
      before: round4(p0.cost.hourly),
      after: round4(p1.cost.hourly),
      neverWorse: p1.cost.hourly <= p0.cost.hourly + 1e-9,
      optimumBefore: exact(spec, p0),
      optimumAfter: exact(more, p1),
    },
    smallChange: {
      change: 'chat: replicas 2 -> 3, concurrency 32 -> 64',
      before: round4(p0.cost.hourly),
      after: round4(p2.cost.hourly),
      costChangePercent: round4((p2.cost.hourly / p0.cost.hourly - 1) * 100),
      nodesToDrain: drainedNodeCount(diff),
      drains: drainsText(diff),
      optimumAfter: exact(changed, p2),
      mustMove: `${must.workloads.join(', ') || 'nothing'}: its option is gone; nodes ${must.nodes.join(', ') || 'none'}`,
      withPreviousOutcome: kept.stability?.outcome ?? 'fresh plan disrupts nothing',
      withPreviousAfter: round4(kept.cost.hourly),
      withPreviousCostChangePercent: round4((kept.cost.hourly / p0.cost.hourly - 1) * 100),
      withPreviousOverFreshPercent: kept.stability?.overFreshPercent ?? 0,
      withPreviousNodesToDrain: drainedNodeCount(keptDiff),
      withPreviousDrains: drainsText(keptDiff),
    },
  };
}

/**
 * Runs the reference measurements; `tracePath` undefined skips the trace.
 *
 * @param previous the figures of an earlier run: with `tracePath` undefined its trace section is
 *   kept, marked with the run it comes from (the trace takes most of an hour on a loaded machine)
 */
export async function referenceBench(
  referenceFile: string,
  tracePath: string | undefined,
  previous?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const solver = await loadSolver();
  const t = process.hrtime.bigint();
  process.stderr.write('bench: reference file, more choice and small change\n');
  const cases = choiceAndChange(solver, referenceFile);
  process.stderr.write('bench: small fleets against the exact optimum\n');
  const fleets = smallFleetsBench(solver);
  let trace: unknown = 'skipped: trace not found';
  if (tracePath) {
    process.stderr.write('bench: trace against the column-generation bound\n');
    trace = traceReference(solver, tracePath);
  } else if (previous && typeof previous.trace === 'object') {
    trace = {
      ...(previous.trace as Record<string, unknown>),
      note: `not re-measured in this run (--exact=small): figures of the earlier full run (${String(previous.solver)}, planner without the optimiser stage)`,
    };
  }
  return { solver: `HiGHS ${solver.version} (npm highs, WebAssembly)`, node: process.version, cases, smallFleets: fleets, trace, totalSeconds: seconds(t) };
}
