/**
 * `plan()`: the whole planner. A pure function of the platform file: no I/O, no clock, no
 * randomness; the same spec (in any order of teams and workloads) gives the same plan.
 */
import { InfeasibleError } from './errors';
import { PLAN_VERSION, type Placement, type Plan, type SearchRecord, type StabilityRecord, type WorkloadPlan } from './plan-types';
import type { PlatformSpec } from './spec/schema';
import { resolvePlatform, type ResolvedPlatform } from './resolve/resolve';
import { cloudContext, roundPrice, type CloudContext } from './options/context';
import type { PlannedWorkload } from './choose/plan-demand';
import { searchPlans } from './search/search';
import { KEEP_TOLERANCE, preferPrevious, type AssemblePlan } from './stability/prefer';
import type { PlanStages } from './search/stages';
import { gpuResourceOf, gpuResourcesPerNode, nodePoolPlan, placementsOf, workloadPlan } from './report/assemble';
import { costLowerBound, costOf, decisionsOf, utilizationOf } from './report/report';
import { warningsOf } from './report/warnings';
import { planQuotas, type TeamUsage } from './quotas/quotas';
import type { BuiltPool } from './pools/build-pool';
import { poolTaints } from './pools/pool-key';
import type { MipSolver } from './optimise/linear-program';
import { optimiseSearch } from './optimise/optimise-search';
import { planBound, type PlanBound } from './optimise/bound';

export { teamNamespace } from './resolve/resolve';

/** Options of `plan()`. */
export interface PlanOptions {
  /**
   * Called with a short message at each stage of a large plan (the CLI prints them on stderr).
   * @default - silent
   */
  readonly onProgress?: (message: string) => void;
  /**
   * The plan deployed now (`cnai plan --previous PLAN.json`): the new plan keeps its pools,
   * instance types, nodes and placements where the fresh plan would drain nodes, as long as that
   * costs at most `tolerance` more than the fresh plan; `plan.stability` says what was kept.
   * @default - none: the fresh plan
   */
  readonly previous?: Plan;
  /**
   * Most the plan may cost over the fresh plan to keep the previous one, as a fraction (0.05 is 5 %).
   * @default KEEP_TOLERANCE
   */
  readonly tolerance?: number;
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
  const searched = searchPlans(r, ctx, progress);
  if (options.solver) progress?.('optimising instance types and pools');
  const chosen = optimiseSearch(searched, options.solver);
  // the platform's operators are planned with every restriction alike, so their cost is the same in each
  const systemHourly = systemHourlyOf(chosen.stages.pools);
  const search: SearchRecord = {
    gpuModels: chosen.restriction.gpuModels.map((g) => g.id),
    sharing: chosen.restriction.sharing,
    capacityPolicy: chosen.restriction.capacityPolicy,
    candidates: searched.candidates,
    exhaustive: searched.exhaustive,
    ...(searched.unrestricted ? { unrestrictedHourly: roundPrice(searched.unrestricted.hourly) } : {}),
  };
  // the volume bound is over every option the policy allows, not only the kept restriction's
  const volumeBound = costLowerBound(teamWorkOf((searched.unrestricted ?? searched.best).planned), ctx, systemHourly);
  const boundOf = (hourly: number): PlanBound => planBound(chosen.optimised, volumeBound, systemHourly, hourly, r.provider);
  const assemble: AssemblePlan = (stages, stability) => assemblePlan(r, ctx, { ...stages, search, boundOf, stability }, progress);
  const fresh = assemble(chosen.stages);
  if (!options.previous) return fresh;
  return preferPrevious({
    previous: options.previous,
    tolerance: options.tolerance ?? KEEP_TOLERANCE,
    workloads: r.workloads,
    ctx,
    fresh,
    freshStages: chosen.stages,
    assemble,
  });
}

/** What the teams run: the operators have no quota, no choice among options, and a fixed cost. */
function teamWorkOf(planned: readonly PlannedWorkload[]): PlannedWorkload[] {
  return planned.filter((p) => p.role !== 'system');
}

function systemHourlyOf(pools: readonly BuiltPool[]): number {
  return pools.filter((p) => p.key.role === 'system').reduce((s, p) => s + p.hourlyCost, 0);
}

/** What a plan is assembled from, beyond the resolved platform and its context. */
interface Assembly extends PlanStages {
  readonly search: SearchRecord;
  /** The plan's lower bound, given its hourly cost (a bound never exceeds the plan it bounds). */
  readonly boundOf: (planHourly: number) => PlanBound;
  readonly stability?: StabilityRecord;
}

function assemblePlan(r: ResolvedPlatform, ctx: CloudContext, parts: Assembly, progress?: (message: string) => void): Plan {
  const { planned, pools, moves, search, boundOf } = parts;
  const all = [...pools].sort((a, b) => (a.name < b.name ? -1 : 1));
  progress?.('deriving quotas, cost and bounds');
  const own = planned.filter((p) => p.role === 'workload');
  const teamWork = teamWorkOf(planned);
  const byName = new Map(own.map((p) => [p.w.name, p] as const));
  const heads = new Map(planned.filter((p) => p.role === 'head').map((p) => [p.w.name, p] as const));
  const placements: Placement[] = all.flatMap((p) => placementsOf(p, byName)).sort(byWorkloadReplica);
  const quotas = planQuotas(
    r.name,
    all.filter((p) => p.key.role !== 'system').map((p) => quotaPool(p, ctx)),
    r.teams,
    teamWork.map((p) => teamUsage(p, ctx)),
  );
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
    cost: costOf(all, planned, boundOf(all.reduce((sum, p) => sum + p.hourlyCost, 0))),
    utilization: utilizationOf(all, teamWork),
    decisions: decisionsOf(all, teamWork, moves, ctx),
    search,
    ...(parts.stability ? { stability: parts.stability } : {}),
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
