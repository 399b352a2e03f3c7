/**
 * `plan()`: the whole planner. A pure function of the platform file: no I/O, no clock, no
 * randomness; the same spec (in any order of teams and workloads) gives the same plan.
 */
import { InfeasibleError } from './errors';
import { PLAN_VERSION, type Placement, type Plan, type WorkloadPlan } from './plan-types';
import type { PlatformSpec } from './spec/schema';
import { resolvePlatform } from './resolve/resolve';
import { cloudContext, type CloudContext } from './options/context';
import { planDemand, type PlannedWorkload } from './choose/plan-demand';
import { buildPools, buildSystemPool, hostSizedPool } from './pools/build-pools';
import { improveChoices } from './repair/repair';
import { gpuResourceOf, gpuResourcesPerNode, nodePoolPlan, placementsOf, workloadPlan } from './report/assemble';
import { costLowerBound, costOf, decisionsOf, utilizationOf } from './report/report';
import { warningsOf } from './report/warnings';
import { planQuotas, type TeamUsage } from './quotas/quotas';
import type { BuiltPool } from './pools/build-pool';
import { poolTaints } from './pools/pool-key';
import type { MipSolver } from './optimise/linear-program';
import { optimisePools } from './optimise/optimise';
import { planBound } from './optimise/bound';

export { teamNamespace } from './resolve/resolve';

/** Options of `plan()`. */
export interface PlanOptions {
  /**
   * Called with a short message at each stage of a large plan (the CLI prints them on stderr).
   * @default - silent
   */
  readonly onProgress?: (message: string) => void;
  /**
   * The solver of the optimiser stage and of the column-generation bound (the entry points pass
   * HiGHS, `solver/highs.ts`). Solves are deterministic, so the plan stays a pure function of its
   * inputs and this solver.
   * @default - no optimiser: the heuristic's plan, the volume bound, and `cost.method.optimiser: no-solver`
   */
  readonly solver?: MipSolver;
}

/**
 * Plans a platform: sizes every workload, chooses pools, packs replicas, derives quotas and cost.
 *
 * Every provider runs the same stages: resolve → options and choose → repair → pools and pack →
 * quotas → report. What differs between providers is data (`planner/catalogue/providers.ts`).
 *
 * @throws InfeasibleError naming the workload (by its path in the file) and the numbers when no
 *   allowed GPU can run it
 */
export function plan(spec: PlatformSpec, options: PlanOptions = {}): Plan {
  const progress = options.onProgress;
  const r = resolvePlatform(spec);
  const known = new Set(r.teams.map((t) => t.name));
  for (const w of r.workloads) {
    if (!known.has(w.team)) throw new InfeasibleError(`${w.path}.team`, `team '${w.team}' is not declared in spec.teams (${[...known].join(', ')})`);
  }
  const ctx = cloudContext(r);
  progress?.(`sizing ${r.workloads.length} workloads on ${ctx.gpuModels.length} GPU models`);
  const first = planDemand(r.workloads, ctx);
  const repaired = improveChoices(first, withWorkerPool(buildPools(first, ctx, progress), ctx), ctx);
  if (options.solver) progress?.('optimising instance types and pools');
  const optimised = optimisePools(repaired.planned, repaired.pools, ctx, options.solver);
  const { planned, pools } = optimised;
  // the repairs explain the heuristic's pools; the optimiser's replace them
  const moves = optimised.outcome === 'improved' ? [] : repaired.moves;
  const system = ctx.record.systemPool ? buildSystemPool(ctx) : undefined;
  const all = [...pools, ...(system ? [system] : [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  progress?.('deriving quotas, cost and bounds');
  const own = planned.filter((p) => p.role === 'workload');
  const byName = new Map(own.map((p) => [p.w.name, p] as const));
  const heads = new Map(planned.filter((p) => p.role === 'head').map((p) => [p.w.name, p] as const));
  const placements: Placement[] = pools.flatMap((p) => placementsOf(p, byName)).sort(byWorkloadReplica);
  const quotas = planQuotas(
    r.name,
    all.filter((p) => p.key.role !== 'system').map((p) => quotaPool(p, ctx)),
    r.teams,
    planned.map((p) => teamUsage(p, ctx)),
  );
  const systemHourly = system?.hourlyCost ?? 0;
  const hourly = all.reduce((s, p) => s + p.hourlyCost, 0);
  const bound = planBound(optimised, costLowerBound(planned, ctx, systemHourly), systemHourly, hourly, r.provider);
  return {
    apiVersion: PLAN_VERSION,
    platform: r.name,
    kubernetesVersion: r.kubernetesVersion,
    capacityPolicy: r.capacityPolicy,
    teams: r.teams,
    ...(r.huggingFace ? { huggingFace: { ...r.huggingFace } } : {}),
    provider: r.provider,
    region: ctx.regionName,
    zones: ctx.zones,
    workloads: own.map((p) => workloadPlan(p, r.provider, heads.get(p.w.name))).sort(byName_),
    nodePools: all.map((p) => nodePoolPlan(p, r.provider, ctx.zones)),
    placements,
    quotas,
    cost: costOf(all, planned, bound),
    utilization: utilizationOf(all, planned),
    decisions: decisionsOf(all, planned, moves, ctx),
    warnings: warningsOf(all, planned, ctx),
  };
}

/** On a provider whose workers are the cluster's own nodes (kind), their pool exists even when empty. */
function withWorkerPool(pools: BuiltPool[], ctx: CloudContext): BuiltPool[] {
  const name = ctx.record.workerPool;
  if (name === undefined || pools.some((p) => p.name === name)) return pools;
  return [...pools, hostSizedPool({ role: 'cpu', mode: 'exclusive', capacity: 'on-demand' }, name, [], ctx)];
}

function quotaPool(p: BuiltPool, ctx: CloudContext) {
  const n = p.pack.nodes.length;
  const capacity: Record<string, number> = { cpu: n * p.shape.cpuMilli, memory: n * p.shape.memoryBytes };
  for (const [r, c] of Object.entries(gpuResourcesPerNode(p, ctx.provider))) capacity[r] = c * n;
  return { name: p.name, taints: poolTaints(p.key), capacity };
}

function teamUsage(p: PlannedWorkload, ctx: CloudContext): TeamUsage {
  // the whole pod, init containers included, as Kueue counts it against the quota
  const resources: Record<string, number> = { cpu: p.pod.cpuMilli * p.pods, memory: p.pod.memoryBytes * p.pods };
  const o = p.option;
  if (o) {
    const r = gpuResourceOf(o, ctx.provider);
    resources[r.name] = r.count * p.pods;
  }
  return { team: p.w.team, pool: p.pool, resources };
}

function byWorkloadReplica(a: Placement, b: Placement): number {
  return a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.replica - b.replica;
}

function byName_(a: WorkloadPlan, b: WorkloadPlan): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
