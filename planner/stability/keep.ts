/**
 * The plan that keeps a previous plan: every pool stays on its instance type and keeps its nodes,
 * replicas whose workload still runs the same way stay on their node and GPUs, and each new or
 * changed workload goes where it adds the least cost: the room left on kept nodes, nodes added to
 * a kept pool, or a pool of its own.
 */
import type { NodePoolPlan, Placement, Plan, WorkloadPlan } from '../plan-types';
import type { PackItem } from '../packing/items';
import type { CloudContext } from '../options/context';
import type { ResolvedWorkload } from '../resolve/resolve';
import { poolKeyFor, withOption, type PlannedWorkload } from '../choose/plan-demand';
import { buildPoolOrUndefined, groupByPool } from '../pools/build-pools';
import { nodeShapeOf, type BuiltPool } from '../pools/build-pool';
import type { GpuOption } from '../options/options';
import { poolName } from '../pools/pool-key';
import { demandOf, type PlanStages } from '../search/stages';
import { instanceTypeSuffix } from '../optimise/optimise';
import { sharingOf } from '../report/assemble';
import { formatMigLayout } from '../diff/diff-plans';
import { whyItemDoesNotFit } from '../packing/pack';
import { packKeepingNodes } from './kept-nodes';
import { basePoolOf } from './base-pool';
import { groupBy } from '../group-by';

/**
 * Options tried for a new or changed workload besides the one it ran with and the fresh plan's:
 * the best ones by estimate. Each try builds the pools it could join, so the count stays small.
 */
export const KEEP_OPTIONS_TRIED = 6;

/**
 * New or changed workloads whose place is priced, the largest first; the others take the first
 * pool that hosts them unpriced: each price repacks the pools a workload could join, which on
 * plans with thousands of changed workloads would take minutes.
 */
export const KEEP_PRICED_WORKLOADS = 64;

/** Where a new or changed workload may go: a pool by name, on one instance type when it opens under an instance type's name. */
interface Target {
  readonly name: string;
  readonly instanceType?: string;
}

/** What building the keeping plan reads. */
interface Keeping {
  readonly before: ReadonlyMap<string, WorkloadPlan>;
  readonly poolsBefore: ReadonlyMap<string, NodePoolPlan>;
  readonly ctx: CloudContext;
  /** The previous plan's placements by pool. */
  readonly placedIn: ReadonlyMap<string, readonly Placement[]>;
  /** Pools the keeping plan opens, by name. */
  readonly opened: Map<string, Target>;
  /** Hourly cost of each pool with the members placed so far (none: 0); a pool's entry goes when a workload joins it. */
  readonly hourlyNow: Map<string, number>;
}

/**
 * The stages of the plan that keeps `previous`, or undefined when it cannot be built (a kept
 * pool no longer hosts what it must).
 *
 * @param fresh the fresh plan's stages: each new or changed workload also tries the option the fresh plan gave it
 */
export function keepPrevious(previous: Plan, workloads: readonly ResolvedWorkload[], ctx: CloudContext, fresh?: PlanStages): PlanStages | undefined {
  const k: Keeping = {
    before: new Map(previous.workloads.map((w) => [w.name, w] as const)),
    poolsBefore: new Map(previous.nodePools.map((p) => [p.name, p] as const)),
    ctx,
    placedIn: placementsByPool(previous.placements),
    opened: new Map(),
    hourlyNow: new Map(),
  };
  const planned = demandOf(workloads, ctx).map((p) => pinned(p, k.before.get(p.w.name), k.poolsBefore, ctx));
  const moving = planned.map((p) => p.role === 'workload' && p.option !== undefined && !unchanged(p, k.before.get(p.w.name)));
  const placed = moving.map((m) => !m);
  const order = planned
    .map((p, i) => ({ p, i }))
    .filter(({ i }) => moving[i])
    .sort((a, b) => size(b.p) - size(a.p) || (a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : 0));
  for (const [rank, { p, i }] of order.entries()) {
    const fromFresh = freshOption(p, fresh);
    const best =
      rank < KEEP_PRICED_WORKLOADS
        ? cheapestPlace(k, p, fromFresh, (pool) => planned.filter((m, j) => placed[j] && m.pool === pool))
        : firstHost(k, p, fromFresh);
    if (!best) return undefined;
    planned[i] = best.p;
    placed[i] = true;
    k.hourlyNow.delete(best.target.name);
    if (!k.poolsBefore.has(best.target.name)) k.opened.set(best.target.name, best.target);
  }
  const pools: BuiltPool[] = [];
  for (const [name, members] of [...groupByPool(planned)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const pool = buildPool(k, k.opened.get(name) ?? { name }, members)?.pool;
    if (!pool) return undefined;
    pools.push(pool);
  }
  if (ctx.record.workerPool !== undefined && !pools.some((p) => p.name === ctx.record.workerPool)) return undefined;
  return { planned, pools, moves: [] };
}

/** Estimated hourly cost of all the workload's replicas: the largest are placed first. */
function size(p: PlannedWorkload): number {
  return (p.option?.estimatedHourly ?? 0) * p.pods;
}

/** The alternative of `p` that is the option the fresh plan gave the workload, if any. */
function freshOption(p: PlannedWorkload, fresh: PlanStages | undefined): GpuOption | undefined {
  const o = fresh?.planned.find((f) => f.key === p.key)?.option;
  if (!o) return undefined;
  return p.alternatives.find(
    (a) =>
      a.gpuModel.id === o.gpuModel.id &&
      a.mode === o.mode &&
      a.gpusPerReplica === o.gpusPerReplica &&
      (a.migProfile ?? '') === (o.migProfile ?? '') &&
      a.cpuMilli === o.cpuMilli &&
      a.memoryBytes === o.memoryBytes,
  );
}

/**
 * Where the new or changed workload adds the least to the hourly cost, given the members placed
 * so far (`membersOf`): each option tried in each pool that could take it. A kept pool takes it
 * only when its nodes stay as they are (the same instance type, MIG layout and placements).
 * Ties go to the earlier try: the option it ran with, then the fresh plan's, then by estimate;
 * kept pools before new ones.
 */
function cheapestPlace(
  k: Keeping,
  p: PlannedWorkload,
  fromFresh: GpuOption | undefined,
  membersOf: (pool: string) => PlannedWorkload[],
): { p: PlannedWorkload; target: Target } | undefined {
  const tried = [...new Set([p.option!, ...(fromFresh ? [fromFresh] : []), ...p.alternatives.slice(0, KEEP_OPTIONS_TRIED)])];
  let best: { p: PlannedWorkload; target: Target; extra: number } | undefined;
  for (const o of tried) {
    const on = o === p.option ? p : withOption({ ...p, runnerUp: p.option }, o, k.ctx);
    for (const target of targetsFor(k, on)) {
      const members = membersOf(target.name);
      const candidate = { ...on, pool: target.name };
      const after = hourlyOf(k, target, [...members, candidate]);
      if (after === undefined) continue;
      if (!k.hourlyNow.has(target.name)) k.hourlyNow.set(target.name, hourlyOf(k, target, members) ?? 0);
      const extra = after - k.hourlyNow.get(target.name)!;
      if (!best || extra < best.extra - 1e-9) best = { p: candidate, target, extra };
    }
  }
  return best;
}

/**
 * The first place that hosts the workload, unpriced: on the option it ran with, then the fresh
 * plan's, then its best, the first pool whose nodes can hold its replicas (kept pools first, as
 * `targetsFor` lists them).
 */
function firstHost(k: Keeping, p: PlannedWorkload, fromFresh: GpuOption | undefined): { p: PlannedWorkload; target: Target } | undefined {
  for (const o of [...new Set([p.option!, ...(fromFresh ? [fromFresh] : []), ...p.alternatives.slice(0, 1)])]) {
    const on = o === p.option ? p : withOption({ ...p, runnerUp: p.option }, o, k.ctx);
    for (const target of targetsFor(k, on)) {
      const type = target.instanceType ?? k.poolsBefore.get(target.name)?.instanceType;
      const t = type === undefined ? undefined : k.ctx.typesOn(on.poolKey.capacity).find((x) => x.name === type);
      const shape = t ? nodeShapeOf(t, on.poolKey.gpuModel?.memoryMiB ?? 0) : undefined;
      // a pool of no instance type yet is built for its members; MIG layouts are checked when the pool is built
      if (!shape || on.poolKey.mode === 'mig' || on.items.every((it) => whyItemDoesNotFit(it, shape) === undefined))
        return { p: { ...on, pool: target.name }, target };
    }
  }
  return undefined;
}

/**
 * Hourly cost of the pool `target` with `members`, or undefined when it cannot have them and
 * keep its nodes. A kept pool of whole GPUs, shares or CPUs is priced from its kept nodes alone:
 * its node shape is its instance type's, whoever joins (a MIG pool's layout depends on its
 * members, so it is built whole).
 */
function hourlyOf(k: Keeping, target: Target, members: readonly PlannedWorkload[]): number | undefined {
  if (members.length === 0) return 0;
  const old = k.poolsBefore.get(target.name);
  const key = members[0]!.poolKey;
  if (old && key.mode !== 'mig' && !k.ctx.record.hostSizedNodes && !members.some((m) => m.role === 'system')) {
    const t = k.ctx.typesOn(key.capacity).find((x) => x.name === old.instanceType);
    if (!t) return undefined;
    const { staying, joining } = splitStaying(k, members);
    const kept = packKeepingNodes(old, k.placedIn.get(old.name) ?? [], staying, joining, nodeShapeOf(t, key.gpuModel?.memoryMiB ?? 0), k.ctx.zones);
    return kept ? kept.pack.nodes.length * k.ctx.price(t, key.capacity) : undefined;
  }
  const built = buildPool(k, target, members);
  return built?.keepsNodes ? built.pool.hourlyCost : undefined;
}

function placementsByPool(placements: readonly Placement[]): Map<string, Placement[]> {
  return groupBy(placements, (p) => p.nodePool);
}

/** The members' replicas that stay where the previous plan placed them, and the others. */
function splitStaying(k: Keeping, members: readonly PlannedWorkload[]): { staying: PackItem[]; joining: PackItem[] } {
  const staying: PackItem[] = [];
  const joining: PackItem[] = [];
  for (const m of members) {
    const stay = stayingReplicas(m, k.before.get(m.w.name));
    for (const it of m.items) (it.replica < stay ? staying : joining).push(it);
  }
  return { staying, joining };
}

/**
 * The pools that could take the workload on this option: the kept pools of its base pool (the
 * base and the optimiser's other instance types of it), pools opened for other workloads, and a
 * new one: the base name when free, else the base with the instance type it would open on.
 */
function targetsFor(k: Keeping, p: PlannedWorkload): Target[] {
  if (k.ctx.record.workerPool !== undefined) return [{ name: p.pool }];
  const base = poolName(p.poolKey);
  const kept = [...k.poolsBefore.values()].filter((old) => old.role !== 'system' && basePoolOf(old) === base).map((old) => ({ name: old.name }));
  const opened = [...k.opened.values()].filter((t) => t.name === base || t.name.startsWith(`${base}-`));
  const targets: Target[] = [...kept.sort(byName), ...opened.sort(byName)];
  const taken = (name: string): boolean => k.poolsBefore.has(name) || k.opened.has(name);
  if (!taken(base)) return [...targets, { name: base }];
  const alone = buildPoolOrUndefined(base, [{ ...p, pool: base }], k.ctx);
  if (!alone) return targets;
  const name = `${base}-${instanceTypeSuffix(alone.instanceType.name)}`;
  return taken(name) ? targets : [...targets, { name, instanceType: alone.instanceType.name }];
}

function byName(a: Target, b: Target): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The pool `target` with `members`: a pool of the previous plan keeps its instance type and
 * nodes (the operators' pool is planned afresh: it holds no placements to keep, and is the same
 * every time); any other is built, on its instance type when it has one. `keepsNodes` is false
 * when a kept pool had to be packed afresh or would change its GPU sharing.
 */
function buildPool(k: Keeping, target: Target, members: readonly PlannedWorkload[]): { pool: BuiltPool; keepsNodes: boolean } | undefined {
  const old = k.poolsBefore.get(target.name);
  if (old && !members.some((m) => m.role === 'system')) return keptPool(k, old, members);
  const pool = buildPoolOrUndefined(target.name, members, k.ctx, target.instanceType !== undefined ? { instanceType: target.instanceType } : {});
  return pool ? { pool, keepsNodes: true } : undefined;
}

/**
 * The workload on the option it ran with in the previous plan, if it still has it, in the pool it
 * ran in (its base pool, or one of the optimiser's other instance types of it).
 */
function pinned(p: PlannedWorkload, before: WorkloadPlan | undefined, poolsBefore: ReadonlyMap<string, NodePoolPlan>, ctx: CloudContext): PlannedWorkload {
  if (!before || p.role !== 'workload' || !p.option) return p;
  const old = poolsBefore.get(before.nodePool);
  const ranIn = (o: GpuOption): boolean => {
    const base = poolName(poolKeyFor(o, p.w, ctx));
    return base === before.nodePool || (old !== undefined && basePoolOf(old) === base);
  };
  const same = p.alternatives.find(
    (o) => ranIn(o) && o.gpusPerReplica === before.perReplica.gpus && (o.migProfile ?? undefined) === (before.perReplica.migProfile ?? undefined),
  );
  if (!same) return p;
  const on = same === p.option ? p : withOption({ ...p, runnerUp: p.option }, same, ctx);
  return on.pool === before.nodePool ? on : { ...on, pool: before.nodePool };
}

/**
 * Replicas of the workload that can stay where the previous plan placed them: the first ones,
 * as many as both plans have, when the workload is in the same pool with the same per-replica
 * requests. Ray heads have no placements to keep.
 */
function stayingReplicas(p: PlannedWorkload, before: WorkloadPlan | undefined): number {
  if (!before || p.role !== 'workload' || p.pool !== before.nodePool) return 0;
  const r = before.perReplica;
  const same =
    p.cpuMilli === r.cpuMilli &&
    p.memoryBytes === r.memoryBytes &&
    (p.option?.gpusPerReplica ?? 0) === r.gpus &&
    (p.option?.migProfile ?? undefined) === (r.migProfile ?? undefined);
  return same ? Math.min(p.pods, before.replicas) : 0;
}

/** Same pool, replicas and per-replica requests as in the previous plan (a head: the same pool): nothing of it moves. */
function unchanged(p: PlannedWorkload, before: WorkloadPlan | undefined): boolean {
  if (p.role === 'head') return before?.head?.nodePool === p.pool;
  return before !== undefined && p.pods === before.replicas && stayingReplicas(p, before) === p.pods;
}

/**
 * A pool of the previous plan on its instance type: the replicas that stay where the previous
 * plan placed them, the others (and Ray heads, which placements do not list) in the room left on
 * those nodes, then on nodes added after them. Falls back to packing everything afresh on the
 * same type when that is not possible (`keepsNodes` false).
 *
 * @returns undefined when the instance type cannot host the pool at all
 */
function keptPool(k: Keeping, old: NodePoolPlan, members: readonly PlannedWorkload[]): { pool: BuiltPool; keepsNodes: boolean } | undefined {
  const together = buildPoolOrUndefined(old.name, members, k.ctx, { instanceType: old.instanceType });
  if (!together) return undefined;
  if (k.ctx.record.hostSizedNodes) return { pool: together, keepsNodes: true };
  const { staying, joining } = splitStaying(k, members);
  const kept = packKeepingNodes(old, k.placedIn.get(old.name) ?? [], staying, joining, together.shape, k.ctx.zones);
  if (!kept) return { pool: together, keepsNodes: false };
  const pool: BuiltPool = {
    ...together,
    items: kept.items,
    pack: kept.pack,
    hourlyCost: kept.pack.nodes.length * k.ctx.price(together.instanceType, together.key.capacity),
  };
  return { pool, keepsNodes: sameSharing(old, pool) };
}

/** The pool shares its GPUs as the previous plan's did: another mode or MIG layout re-partitions every node. */
function sameSharing(old: NodePoolPlan, pool: BuiltPool): boolean {
  const now = sharingOf(pool);
  if (now.mode !== old.sharing.mode) return false;
  return now.mode !== 'mig' || formatMigLayout(now.migDevices) === formatMigLayout(old.sharing.migDevices);
}
