/**
 * Repairing choices made one workload at a time.
 *
 * Each workload first picks the option with the cheapest share of a node. That is right for
 * fleets big enough to fill nodes, and wrong for a handful of replicas that would have to buy a
 * whole 8-GPU node of their favourite model. So pools that cost clearly more than their
 * workloads' shares try moving all their workloads to another pool (one of the workloads' other
 * options), rebuilding the two pools involved; a move is kept when the plan gets cheaper. When no
 * whole-pool move pays, single workloads of the pool try the same (the one that forced a larger
 * node out, or a workload that fits a cheaper pool already bought).
 */
import type { BuiltPool } from '../pools/build-pool';
import type { GpuOption } from '../options/options';
import type { Repair } from '../plan-types';
import { roundPrice, type CloudContext } from '../options/context';
import { withOption, poolKeyFor, type PlannedWorkload } from '../choose/plan-demand';
import { buildPoolOrUndefined, groupByPool, joinedPoolCostFloor, poolCostFloorOf, type Joiner } from '../pools/build-pools';
import { poolName } from '../pools/pool-key';

/** Rounds over all pools; each round moves at most one group per pool. */
export const IMPROVEMENT_ROUNDS = 3;
/** A pool is worth repairing when it costs this much more than its workloads' node shares. */
export const WASTE_FRACTION = 0.2;
/** Target pools tried per repaired pool, cheapest estimates first. */
export const MAX_TARGETS = 6;
/** Workloads of a pool tried for single moves, most expensive estimate first. */
export const MAX_SINGLE_MOVERS = 8;
/**
 * Most replicas a pool (source or target) may hold for single moves to be tried: each try
 * repacks both pools, and in pools this large one workload rarely decides the instance type.
 */
export const MAX_SINGLE_MOVE_ITEMS = 256;

/** A repair kept, by the pool it applies to. */
export interface PoolRepair {
  readonly pool: string;
  readonly repair: Repair;
}

/** The plan's workloads and pools after repair. */
export interface Improved {
  readonly planned: readonly PlannedWorkload[];
  readonly pools: readonly BuiltPool[];
  /** The moves kept, by the pool moved to, for the decisions. */
  readonly moves: readonly PoolRepair[];
}

/**
 * A lower bound on what the pool `buildPoolOf(name, members, ctx)` would cost (USD per hour):
 * a move whose saving cannot reach the threshold even at that cost is not built.
 */
export type PoolCostFloor = (name: string, members: readonly PlannedWorkload[], ctx: CloudContext) => number;

/**
 * A lower bound on what the target pool of a move costs once built (USD per hour), from the
 * members staying there and the movers' options alone: consulted first, before the movers are
 * rebuilt with their options, since on large fleets most targets fail even this.
 */
export type JoinedPoolFloor = (staying: readonly PlannedWorkload[], joining: readonly Joiner[], ctx: CloudContext) => number;

/** A floor that never rules a move out (of either kind): every target is built and compared. */
export const NO_FLOOR: PoolCostFloor & JoinedPoolFloor = () => -Infinity;

/**
 * Moves whole pools' workloads to cheaper pools while that lowers the plan's cost.
 *
 * Targets whose cost floor (by default the volume bound, `poolCostFloorOf`) already rules the
 * move out are not packed, and targets whose floor from the demand alone (`joinedPoolCostFloor`)
 * rules it out are not even rebuilt; the result is the same as with `NO_FLOOR` for both
 * (docs/decisions/0054, 0066).
 */
export function improveChoices(
  planned: readonly PlannedWorkload[],
  pools: readonly BuiltPool[],
  ctx: CloudContext,
  floor: PoolCostFloor = poolCostFloorOf,
  joinedFloor: JoinedPoolFloor = joinedPoolCostFloor,
): Improved {
  let current = [...planned];
  const poolOf = poolChoicesOf(ctx);
  const byPool = new Map(pools.map((p) => [p.name, p] as const));
  const moves: PoolRepair[] = [];
  for (let round = 0; round < IMPROVEMENT_ROUNDS; round++) {
    let improved = false;
    for (const pool of wasteful([...byPool.values()], current)) {
      const groups = groupByPool(current);
      const members = groups.get(pool.name);
      const now = byPool.get(pool.name);
      if (!members || !now) continue;
      const best =
        bestMove(now, members, groups, byPool, ctx, { pool: floor, joined: joinedFloor }, poolOf) ??
        bestSingleMove(now, members, groups, byPool, ctx, floor, poolOf);
      if (!best) continue;
      const moved = new Map(best.moved.map((m) => [m.key, m] as const));
      current = current.map((p) => moved.get(p.key) ?? p);
      if (best.source) byPool.set(pool.name, best.source);
      else byPool.delete(pool.name);
      byPool.set(best.target.name, best.target);
      moves.push({
        pool: best.target.name,
        repair: { kind: 'moved-here', from: pool.name, workloads: best.moved.map((m) => m.w.name).sort(), savedHourly: roundPrice(-best.delta) },
      });
      improved = true;
    }
    if (!improved) break;
  }
  return { planned: current, pools: [...byPool.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), moves };
}

/** GPU pools costing clearly more than their workloads' shares, most wasteful first. */
function wasteful(pools: readonly BuiltPool[], planned: readonly PlannedWorkload[]): BuiltPool[] {
  const estimate = new Map<string, number>();
  for (const p of planned) if (p.option) estimate.set(p.pool, (estimate.get(p.pool) ?? 0) + p.option.estimatedHourly);
  return pools
    .filter((p) => p.key.role === 'gpu')
    .map((p) => ({ p, waste: p.hourlyCost - (estimate.get(p.name) ?? 0) }))
    .filter((x) => x.waste > WASTE_FRACTION * x.p.hourlyCost)
    .sort((a, b) => b.waste - a.waste || (a.p.name < b.p.name ? -1 : 1))
    .map((x) => x.p);
}

/** A move found: the rebuilt target, the source rebuilt without the movers (absent when it empties), the movers and the change in USD per hour. */
interface Move {
  readonly target: BuiltPool;
  readonly source?: BuiltPool;
  readonly moved: PlannedWorkload[];
  readonly delta: number;
}

/**
 * Whether a move changing the plan's cost by `delta` replaces `best`: it must save, and save more
 * than the best so far. Monotone in `delta`, so a lower bound of a move's delta that fails it
 * proves the move fails it too.
 */
function beats(delta: number, best: Move | undefined): boolean {
  return delta < -1e-6 && (!best || delta < best.delta - 1e-9);
}

function bestMove(
  pool: BuiltPool,
  members: readonly PlannedWorkload[],
  groups: ReadonlyMap<string, PlannedWorkload[]>,
  byPool: ReadonlyMap<string, BuiltPool>,
  ctx: CloudContext,
  floors: { readonly pool: PoolCostFloor; readonly joined: JoinedPoolFloor },
  poolOf: PoolChoices,
): Move | undefined {
  let best: Move | undefined;
  for (const target of targets(pool.name, members, poolOf)) {
    const staying = groups.get(target) ?? [];
    const joining: Joiner[] = members.map((m) => ({ w: m.w, option: bestInto(m, target, poolOf)! }));
    const deltaAt = (hourly: number): number => hourly - (byPool.get(target)?.hourlyCost ?? 0) - pool.hourlyCost;
    // even at a floor of the demand alone the target would not save enough: rebuilding the movers cannot change the outcome
    if (!beats(deltaAt(floors.joined(staying, joining, ctx)), best)) continue;
    // the option given up becomes the runner-up the decision reports
    const moved = members.map((m, i) => withOption(givingUp(m), joining[i]!.option, ctx));
    const merged = [...staying, ...moved];
    // even at its floor the merged pool would not save enough: packing it cannot change the outcome
    if (!beats(deltaAt(floors.pool(target, merged, ctx)), best)) continue;
    // no single instance type hosts the merged pool: that target is out
    const rebuilt = buildPoolOrUndefined(target, merged, ctx);
    if (!rebuilt) continue;
    const delta = deltaAt(rebuilt.hourlyCost);
    if (beats(delta, best)) best = { target: rebuilt, moved, delta };
  }
  return best;
}

/**
 * The best move of one workload out of a pool of several: the pool is rebuilt without it and the
 * target with it. Tried for the pool's most expensive members first, in pools small enough to
 * repack often.
 */
function bestSingleMove(
  pool: BuiltPool,
  members: readonly PlannedWorkload[],
  groups: ReadonlyMap<string, PlannedWorkload[]>,
  byPool: ReadonlyMap<string, BuiltPool>,
  ctx: CloudContext,
  floor: PoolCostFloor,
  poolOf: PoolChoices,
): Move | undefined {
  if (members.length < 2 || pool.items.length > MAX_SINGLE_MOVE_ITEMS) return undefined;
  const movers = members
    .filter((m) => m.option !== undefined)
    .sort((a, b) => b.option!.estimatedHourly - a.option!.estimatedHourly || (a.key < b.key ? -1 : 1))
    .slice(0, MAX_SINGLE_MOVERS);
  let best: Move | undefined;
  for (const m of movers) {
    const source = buildPoolOrUndefined(
      pool.name,
      members.filter((x) => x !== m),
      ctx,
    );
    if (!source) continue;
    for (const target of targets(pool.name, [m], poolOf)) {
      const there = groups.get(target) ?? [];
      if (there.reduce((s, x) => s + x.items.length, 0) > MAX_SINGLE_MOVE_ITEMS) continue;
      const moved = withOption(givingUp(m), bestInto(m, target, poolOf)!, ctx);
      const merged = [...there, moved];
      const deltaAt = (hourly: number): number => source.hourlyCost + hourly - pool.hourlyCost - (byPool.get(target)?.hourlyCost ?? 0);
      if (!beats(deltaAt(floor(target, merged, ctx)), best)) continue;
      const rebuilt = buildPoolOrUndefined(target, merged, ctx);
      if (!rebuilt) continue;
      const delta = deltaAt(rebuilt.hourlyCost);
      if (beats(delta, best)) best = { target: rebuilt, source, moved: [moved], delta };
    }
  }
  return best;
}

/** Pools every member has an option for, cheapest summed estimate first. */
function targets(from: string, members: readonly PlannedWorkload[], poolOf: PoolChoices): string[] {
  const sums = new Map<string, { total: number; count: number }>();
  for (const m of members) {
    for (const { pool, option } of poolOf(m)) {
      if (pool === from) continue;
      const s = sums.get(pool) ?? { total: 0, count: 0 };
      s.total += option.estimatedHourly;
      s.count += 1;
      sums.set(pool, s);
    }
  }
  return [...sums]
    .filter(([, s]) => s.count === members.length)
    .sort((a, b) => a[1].total - b[1].total || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_TARGETS)
    .map(([name]) => name);
}

/** The member's best option that joins `target` (alternatives are sorted best first). */
function bestInto(m: PlannedWorkload, target: string, poolOf: PoolChoices): GpuOption | undefined {
  return poolOf(m).find((c) => c.pool === target)?.option;
}

/** What `withOption` needs of a member that moves: its option becomes the runner-up (no copy of the whole member). */
function givingUp(m: PlannedWorkload): Parameters<typeof withOption>[0] {
  return { w: m.w, alternatives: m.alternatives, runnerUp: m.option };
}

/** A pool a member can join, with its best option there. */
interface PoolChoice {
  readonly pool: string;
  readonly option: GpuOption;
}

/** The pools a member's options join, each once with its best option, in the order of the alternatives. */
type PoolChoices = (m: PlannedWorkload) => readonly PoolChoice[];

/**
 * `PoolChoices`, remembered per list of alternatives and capacity type: workloads of one shape
 * share their list of options, and the pools depend on nothing else of the workload.
 */
function poolChoicesOf(ctx: CloudContext): PoolChoices {
  const known = new Map<readonly GpuOption[], Map<PlannedWorkload['w']['capacity'], readonly PoolChoice[]>>();
  return (m) => {
    let byCapacity = known.get(m.alternatives);
    if (!byCapacity) known.set(m.alternatives, (byCapacity = new Map()));
    let choices = byCapacity.get(m.w.capacity);
    if (!choices) {
      const out: PoolChoice[] = [];
      for (const option of m.alternatives) {
        const pool = poolName(poolKeyFor(option, m.w, ctx));
        if (!out.some((c) => c.pool === pool)) out.push({ pool, option });
      }
      byCapacity.set(m.w.capacity, (choices = out));
    }
    return choices;
  };
}
