/**
 * `plan()`: the whole planner. A pure function of the platform file: no I/O, no clock, no
 * randomness; the same spec (in any order of teams and workloads) gives the same plan.
 */
import { InfeasibleError } from './errors';
import { PLAN_VERSION, type Placement, type Plan, type WorkloadPlan } from './plan-types';
import type { PlatformSpec } from './spec/schema';
import { resolveWorkloads } from './demand/resolve';
import { cloudContext, DEFAULT_KUBERNETES_VERSION, type CloudContext } from './build/context';
import { planDemand, type PlannedWorkload } from './build/demand';
import { buildPools, buildSystemPool } from './build/pools';
import { improveChoices } from './build/improve';
import { gpuResourceOf, gpuResourcesPerNode, nodePoolPlan, placementsOf, workloadPlan } from './build/assemble';
import { costLowerBound, costOf, decisionsOf, utilizationOf } from './build/report';
import { planKind } from './build/kind';
import { warningsOf } from './build/warnings';
import { planQuotas, type TeamUsage } from './quotas/quotas';
import type { BuiltPool } from './pools/build-pool';
import { poolTaints } from './pools/pool-key';

/** Options of `plan()`. */
export interface PlanOptions {
  /**
   * Called with a short message at each stage of a large plan (the CLI prints them on stderr).
   * @default - silent
   */
  readonly onProgress?: (message: string) => void;
}

/** Namespace of a team. */
export function teamNamespace(team: string): string {
  return `team-${team}`;
}

/**
 * Plans a platform: sizes every workload, chooses pools, packs replicas, derives quotas and cost.
 *
 * @throws InfeasibleError naming the workload (by its path in the file) and the numbers when no
 *   allowed GPU can run it
 */
export function plan(spec: PlatformSpec, options: PlanOptions = {}): Plan {
  const progress = options.onProgress;
  const teams = [...spec.spec.teams]
    .map((t) => ({ name: t.name, weight: t.weight ?? 1, namespace: teamNamespace(t.name), groups: [...(t.groups ?? [])].sort() }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const known = new Set(teams.map((t) => t.name));
  const workloads = resolveWorkloads(spec);
  for (const w of workloads) {
    if (!known.has(w.team)) throw new InfeasibleError(`${w.path}.team`, `team '${w.team}' is not declared in spec.teams (${[...known].join(', ')})`);
  }
  const provider = spec.spec.target.provider;
  const base = {
    apiVersion: PLAN_VERSION,
    platform: spec.metadata.name,
    kubernetesVersion: spec.spec.target.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    capacityPolicy: spec.spec.policy?.capacity ?? 'on-demand',
    teams,
    ...(spec.spec.huggingFace ? { huggingFace: { tokenSecret: spec.spec.huggingFace.tokenSecret } } : {}),
  } as const;
  if (provider === 'kind') return planKind(spec, workloads, base);

  const ctx = cloudContext(spec, provider);
  progress?.(`sizing ${workloads.length} workloads on ${ctx.gpuModels.length} GPU models`);
  const first = planDemand(workloads, ctx);
  const { planned, pools, moves } = improveChoices(first, buildPools(first, ctx, progress), ctx);
  const system = buildSystemPool(ctx);
  const all = [...pools, system].sort((a, b) => (a.name < b.name ? -1 : 1));
  progress?.('deriving quotas, cost and bounds');
  const byName = new Map(planned.map((p) => [p.w.name, p] as const));
  const placements: Placement[] = pools.flatMap((p) => placementsOf(p, byName)).sort(byWorkloadReplica);
  const quotas = planQuotas(
    spec.metadata.name,
    all.filter((p) => p.key.role !== 'system').map((p) => quotaPool(p, ctx)),
    teams,
    planned.map((p) => teamUsage(p, ctx)),
  );
  const lowerBound = costLowerBound(planned, ctx, system.hourlyCost);
  return {
    ...base,
    provider,
    region: ctx.region.name,
    zones: ctx.zones,
    workloads: planned.map((p) => workloadPlan(p, provider)).sort(byName_),
    nodePools: all.map((p) => nodePoolPlan(p, provider, ctx.zones)),
    placements,
    quotas,
    cost: costOf(all, planned, lowerBound),
    utilization: utilizationOf(all, planned),
    decisions: decisionsOf(all, planned, moves),
    warnings: warningsOf(all, planned, ctx),
  };
}

function quotaPool(p: BuiltPool, ctx: CloudContext) {
  const n = p.pack.nodes.length;
  const capacity: Record<string, number> = { cpu: n * p.shape.cpuMilli, memory: n * p.shape.memoryBytes };
  for (const [r, c] of Object.entries(gpuResourcesPerNode(p, ctx.provider))) capacity[r] = c * n;
  return { name: p.name, taints: poolTaints(p.key), capacity };
}

function teamUsage(p: PlannedWorkload, ctx: CloudContext): TeamUsage {
  const resources: Record<string, number> = { cpu: p.cpuMilli * p.pods, memory: p.memoryBytes * p.pods };
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
