/**
 * The plan that keeps a previous plan: every workload stays on the option it ran with (its pool,
 * GPUs per replica, MIG profile) when it still has that option, every pool stays on its instance
 * type, unchanged replicas stay on their nodes and GPUs, and what is new or changed goes onto
 * nodes added after the existing ones.
 */
import type { NodePoolPlan, Plan, WorkloadPlan } from '../plan-types';
import type { CloudContext } from '../options/context';
import type { ResolvedWorkload } from '../resolve/resolve';
import { poolKeyFor, withOption, type PlannedWorkload } from '../choose/plan-demand';
import { buildPoolOrUndefined, groupByPool } from '../pools/build-pools';
import { nodeShapeOf, type BuiltPool } from '../pools/build-pool';
import type { GpuOption } from '../options/options';
import { whyItemDoesNotFit } from '../packing/pack';
import { poolName } from '../pools/pool-key';
import { demandOf, type PlanStages } from '../search/stages';
import { packKeepingNodes } from './kept-nodes';
import { instanceTypeSuffix } from '../optimise/optimise';

/**
 * The stages of the plan that keeps `previous`, or undefined when it cannot be built (a kept
 * pool no longer hosts what it must).
 */
export function keepPrevious(previous: Plan, workloads: readonly ResolvedWorkload[], ctx: CloudContext): PlanStages | undefined {
  const before = new Map(previous.workloads.map((w) => [w.name, w] as const));
  const poolsBefore = new Map(previous.nodePools.map((p) => [p.name, p] as const));
  const stays = (p: PlannedWorkload): boolean => unchanged(p, before.get(p.w.name));
  const planned = demandOf(workloads, ctx)
    .map((p) => pinned(p, before.get(p.w.name), poolsBefore, ctx))
    .map((p) => (stays(p) ? p : hostable(p, poolsBefore, ctx)));
  const pools: BuiltPool[] = [];
  for (const [name, members] of [...groupByPool(planned)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const old = poolsBefore.get(name);
    // the operators' pool is planned afresh: it holds no placements to keep, and is the same every time
    const operators = members.some((m) => m.role === 'system');
    const pool = old && !operators ? keptPool(name, members, stays, old, previous, ctx) : buildPoolOrUndefined(name, members, ctx);
    if (!pool) return undefined;
    pools.push(pool);
  }
  if (ctx.record.workerPool !== undefined && !pools.some((p) => p.name === ctx.record.workerPool)) return undefined;
  return { planned, pools, moves: [] };
}

/**
 * The workload on the option it ran with in the previous plan, if it still has it, in the pool it
 * ran in: a pool of the optimiser's extra shapes is named `<pool>-<instance type>`.
 */
function pinned(p: PlannedWorkload, before: WorkloadPlan | undefined, poolsBefore: ReadonlyMap<string, NodePoolPlan>, ctx: CloudContext): PlannedWorkload {
  if (!before || p.role !== 'workload' || !p.option) return p;
  const old = poolsBefore.get(before.nodePool);
  const ranIn = (o: GpuOption): boolean => {
    const base = poolName(poolKeyFor(o, p.w, ctx));
    return base === before.nodePool || (old !== undefined && before.nodePool === `${base}-${instanceTypeSuffix(old.instanceType)}`);
  };
  const same = p.alternatives.find(
    (o) => ranIn(o) && o.gpusPerReplica === before.perReplica.gpus && (o.migProfile ?? undefined) === (before.perReplica.migProfile ?? undefined),
  );
  if (!same) return p;
  const on = same === p.option ? p : withOption({ ...p, runnerUp: p.option }, same, ctx);
  return on.pool === before.nodePool ? on : { ...on, pool: before.nodePool };
}

/**
 * A new or changed workload on its best option that a kept pool's instance type can host (or
 * that opens a pool of its own): joining a pool whose nodes are too small would replace them.
 */
function hostable(p: PlannedWorkload, poolsBefore: ReadonlyMap<string, NodePoolPlan>, ctx: CloudContext): PlannedWorkload {
  if (p.role !== 'workload' || !p.option) return p;
  const fits = (o: GpuOption): boolean => {
    const old = poolsBefore.get(poolName(poolKeyFor(o, p.w, ctx)));
    if (!old || o.demand.kind === 'mig') return true;
    const t = ctx.typesOn(p.w.capacity).find((x) => x.name === old.instanceType);
    if (!t) return true;
    const candidate = withOption(p, o, ctx);
    return candidate.items.every((it) => whyItemDoesNotFit(it, nodeShapeOf(t, o.gpuModel.memoryMiB)) === undefined);
  };
  if (fits(p.option)) return p;
  const other = p.alternatives.find(fits);
  return other ? withOption({ ...p, runnerUp: p.option }, other, ctx) : p;
}

/** Same pool, replicas and per-replica requests as in the previous plan: its replicas can stay where they are. */
function unchanged(p: PlannedWorkload, before: WorkloadPlan | undefined): boolean {
  if (!before || p.pool !== (p.role === 'head' ? before.head?.nodePool : before.nodePool)) return false;
  if (p.role === 'head') return true;
  const r = before.perReplica;
  return p.pods === before.replicas && p.cpuMilli === r.cpuMilli && p.memoryBytes === r.memoryBytes && (p.option?.gpusPerReplica ?? 0) === r.gpus;
}

/**
 * A pool of the previous plan on its instance type: unchanged replicas where the previous plan
 * placed them, the others (and Ray heads, which placements do not list) on nodes added after
 * them. Falls back to packing everything afresh on the same type when that is not possible.
 *
 * @returns undefined when the instance type cannot host the pool at all
 */
function keptPool(
  name: string,
  members: readonly PlannedWorkload[],
  stays: (p: PlannedWorkload) => boolean,
  old: NodePoolPlan,
  previous: Plan,
  ctx: CloudContext,
): BuiltPool | undefined {
  const together = buildPoolOrUndefined(name, members, ctx, { instanceType: old.instanceType });
  if (!together) return undefined;
  if (ctx.record.hostSizedNodes) return together;
  const staying = members.filter((m) => stays(m) && m.role === 'workload').flatMap((m) => m.items);
  const joining = members.filter((m) => !stays(m) || m.role === 'head').flatMap((m) => m.items);
  const kept = packKeepingNodes(
    old,
    previous.placements.filter((p) => p.nodePool === name),
    staying,
    joining,
    together.shape,
    ctx.zones,
  );
  if (!kept) return together;
  return { ...together, items: kept.items, pack: kept.pack, hourlyCost: kept.pack.nodes.length * ctx.price(together.instanceType, together.key.capacity) };
}
