/**
 * One run of the heuristic stages (choose → repair → pools and packing) under one restriction of
 * the policy. The search runs it once per restriction and keeps the cheapest.
 */
import { capacityFor, type ResolvedWorkload } from '../resolve/resolve';
import type { CloudContext } from '../options/context';
import { planDemand, planSystemWorkload, type OptionsCache, type PlannedWorkload } from '../choose/plan-demand';
import { systemWorkload } from '../resolve/system-workload';
import { buildPools, hostSizedPool } from '../pools/build-pools';
import { improveChoices, type PoolRepair } from '../repair/repair';
import type { BuiltPool } from '../pools/build-pool';
import type { Restriction } from './restrictions';
import type { CapacityPolicy } from '../spec/schema';

/** What a plan is assembled from: the workloads as chosen, their pools, and the repairs kept. */
export interface PlanStages {
  readonly planned: readonly PlannedWorkload[];
  /** The pools, the operators' system pool among them (the same under every restriction), in name order. */
  readonly pools: readonly BuiltPool[];
  readonly moves: readonly PoolRepair[];
}

/** What one run of the stages produced. */
export interface StagesOutcome extends PlanStages {
  readonly restriction: Restriction;
  /** The context narrowed to the restriction. */
  readonly ctx: CloudContext;
  /** USD per hour of every pool. */
  readonly hourly: number;
}

/** The workloads and context a restriction plans with. */
export function restrictedInputs(
  workloads: readonly ResolvedWorkload[],
  ctx: CloudContext,
  x: Restriction,
  policy: CapacityPolicy,
): { readonly workloads: readonly ResolvedWorkload[]; readonly ctx: CloudContext } {
  const narrowed: CloudContext = x.gpuModels === ctx.gpuModels && x.sharing === ctx.sharing ? ctx : { ...ctx, gpuModels: x.gpuModels, sharing: x.sharing };
  if (x.capacityPolicy === policy) return { workloads, ctx: narrowed };
  return { workloads: workloads.map((w) => ({ ...w, capacity: capacityFor(x.capacityPolicy, w.spec.type) })), ctx: narrowed };
}

/**
 * Runs choose, repair and pools on the workloads under one restriction.
 *
 * @throws InfeasibleError when some workload has no option under the restriction, or no single
 *   instance type hosts a pool
 */
export function runStages(
  workloads: readonly ResolvedWorkload[],
  ctx: CloudContext,
  restriction: Restriction,
  shared?: OptionsCache,
  progress?: (message: string) => void,
): StagesOutcome {
  const first = demandOf(workloads, ctx, shared);
  const { planned, pools, moves } = improveChoices(first, withWorkerPool(buildPools(first, ctx, progress), ctx), ctx);
  return { restriction, ctx, planned, pools, moves, hourly: pools.reduce((s, p) => s + p.hourlyCost, 0) };
}

/**
 * Every workload on its cheapest option, and the platform's own operators (a workload of the
 * provider record, planned like other CPU work onto the pool with role `system`).
 */
export function demandOf(workloads: readonly ResolvedWorkload[], ctx: CloudContext, shared?: OptionsCache): PlannedWorkload[] {
  const operators = ctx.record.systemWorkload ? [planSystemWorkload(systemWorkload(ctx.record.systemWorkload, ctx.zones), ctx)] : [];
  return [...planDemand(workloads, ctx, shared), ...operators];
}

/** On a provider whose workers are the cluster's own nodes (kind), their pool exists even when empty. */
function withWorkerPool(pools: BuiltPool[], ctx: CloudContext): BuiltPool[] {
  const name = ctx.record.workerPool;
  if (name === undefined || pools.some((p) => p.name === name)) return pools;
  return [...pools, hostSizedPool({ role: 'cpu', mode: 'exclusive', capacity: 'on-demand' }, name, [], ctx)];
}
