/**
 * The pools of an optimiser's choice (an option and an instance type per workload), built with the
 * planner's packer, and their content-derived names.
 */
import type { CloudContext } from '../options/context';
import { withOption, poolKeyFor, type PlannedWorkload } from '../choose/plan-demand';
import type { BuiltPool } from '../pools/build-pool';
import { buildPool } from '../pools/build-pool';
import { layoutFor } from '../pools/build-pools';
import { poolName, type PoolKey } from '../pools/pool-key';
import type { MipSolver } from './linear-program';
import type { EntryOption, PlannerDemand } from './planner-demand';
import { repackByPatterns } from './pool-patterns';

/** Lower-case letters, digits and dashes of an instance type, for a pool name: `g6.12xlarge` → `g6-12xlarge`. */
export function instanceTypeSuffix(instanceType: string): string {
  return instanceType.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * The pools of the optimiser's choice, built with the planner's packer; undefined when a choice
 * cannot be built (then the heuristic's plan stands).
 *
 * @param choice workloads of each demand group on each of its options (`[group][option]`)
 * @param solver when given, each pool is also packed by node patterns (`pool-patterns.ts`) and keeps that packing where it needs fewer nodes
 */
export function materialise(
  planned: readonly PlannedWorkload[],
  heuristicPools: readonly BuiltPool[],
  pd: PlannerDemand,
  choice: readonly (readonly number[])[],
  ctx: CloudContext,
  solver?: MipSolver,
): { planned: PlannedWorkload[]; pools: BuiltPool[] } | undefined {
  // workloads of a group take its options in name order, as many as the solution gives each
  const chosen = new Map<string, string>();
  for (const [gi, g] of pd.demand.groups.entries()) {
    const counts = choice[gi] ?? [];
    if (counts.reduce((s, n) => s + n, 0) !== g.workloads.length) return undefined;
    let next = 0;
    g.options.forEach((o, oi) => {
      for (let n = 0; n < counts[oi]!; n++) chosen.set(g.workloads[next++]!, o.key);
    });
  }
  const entries = planned.map((p) => ({ p, means: pd.meaning.get(p.key)!.get(chosen.get(p.key)!)! }));
  if (entries.some((e) => e.means === undefined)) return undefined;
  const shapes = new Map<string, { key: PoolKey; type: EntryOption['instanceType']; members: PlannedWorkload[] }>();
  const moved = entries.map(({ p, means }) => {
    const next = means.option && means.option !== p.option ? withOption({ ...p, runnerUp: p.option }, means.option, ctx) : p;
    const key = means.option ? poolKeyFor(means.option, p.w, ctx) : p.poolKey;
    const id = `${poolName(key)}|${means.instanceType.name}`;
    const s = shapes.get(id) ?? { key, type: means.instanceType, members: [] };
    s.members.push(next);
    shapes.set(id, s);
    return { next, id };
  });
  const names = poolNames(
    [...shapes.entries()].map(([id, s]) => ({ id, base: poolName(s.key), type: s.type.name, replicas: s.members.reduce((n, m) => n + m.pods, 0) })),
    heuristicPools,
  );
  const pools: BuiltPool[] = [];
  for (const [id, s] of [...shapes].sort((a, b) => (names.get(a[0])! < names.get(b[0])! ? -1 : 1))) {
    const name = names.get(id)!;
    const members = s.members.map((m) => ({ ...m, pool: name }));
    const built = buildPool({
      key: s.key,
      name,
      items: members.flatMap((m) => m.items),
      candidates: [s.type],
      zones: ctx.zones,
      zonesFor: (t) => ctx.zonesFor(t).zones,
      price: (t) => ctx.price(t, s.key.capacity),
      migLayout: s.key.mode === 'mig' ? layoutFor(s.key, members, ctx) : undefined,
    });
    if ('failed' in built) return undefined;
    const repacked = solver ? repackByPatterns(built.items, built.shape, ctx.zonesFor(s.type).zones, built.pack, solver) : undefined;
    // one instance type per pool: its cost is its nodes at the type's price, as `buildPool` counts it
    const packed = repacked ? { pack: repacked, hourlyCost: repacked.nodes.length * ctx.price(s.type, s.key.capacity) } : {};
    pools.push({ ...built, ...packed, chosenBy: 'optimiser' });
  }
  const renamed = moved.map(({ next, id }) => ({ ...next, pool: names.get(id)! }));
  return { planned: renamed, pools };
}

/**
 * Stable, content-derived pool names: a pool (GPU model, sharing, capacity) with one instance
 * type keeps its name; with several, the one the heuristic chose for that name keeps it (else
 * the one holding the most replicas, then the first by instance type), and each other one gets
 * its instance type as a suffix (`gpu-l4-whole-g6-12xlarge`).
 */
function poolNames(shapes: readonly { id: string; base: string; type: string; replicas: number }[], heuristicPools: readonly BuiltPool[]): Map<string, string> {
  const heuristicType = new Map(heuristicPools.map((p) => [p.name, p.instanceType.name] as const));
  const byBase = new Map<string, (typeof shapes)[number][]>();
  for (const s of shapes) byBase.set(s.base, [...(byBase.get(s.base) ?? []), s]);
  const out = new Map<string, string>();
  for (const [base, list] of byBase) {
    const keeper = [...list].sort(
      (a, b) =>
        Number(b.type === heuristicType.get(base)) - Number(a.type === heuristicType.get(base)) ||
        b.replicas - a.replicas ||
        (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
    )[0]!;
    for (const s of list) out.set(s.id, s === keeper ? base : `${base}-${instanceTypeSuffix(s.type)}`);
  }
  return out;
}
