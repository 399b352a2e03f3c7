/**
 * The optimiser stage of `plan()`: after the heuristic has chosen options and packed pools, a
 * column generation over node configurations (`column-generation.ts`) chooses, for every
 * workload, its option and the instance type of its pool, and gives a lower bound on the cost of
 * any plan. The heuristic's nodes seed it, its pools are rebuilt with the planner's packer, and
 * the result is kept only when it is cheaper than the heuristic's plan.
 *
 * The model is the benchmark's reference model plus one rule of the deployment: every workload's
 * replicas live in one pool, and a pool has one instance type (docs/decisions/0025).
 */
import type { CloudContext } from '../options/context';
import { withOption, poolKeyFor, type PlannedWorkload } from '../choose/plan-demand';
import type { BuiltPool } from '../pools/build-pool';
import { buildPool } from '../pools/build-pool';
import { layoutFor } from '../pools/build-pools';
import { poolName, type PoolKey } from '../pools/pool-key';
import { solveColumnGeneration } from './column-generation';
import type { OptimiserOutcome } from '../plan-types';
import type { MipSolver } from './linear-program';
import { nodeKinds, podClasses } from './nodes';
import { plannerDemand, seedPatterns, type EntryOption, type PlannerDemand } from './planner-demand';

/**
 * Fleets with more pods than this are planned by the heuristic alone. Column generation on the
 * small fleets of the benchmark (5 to 25 replicas) takes about a second; its pricing MIPs grow
 * with the pods a node can hold, so a few hundred pods stay within seconds, while the 10,000-
 * workload fleets would take minutes and gain little: there the packer's pools are full already.
 */
export const OPTIMISER_MAX_PODS = 300;
/** Fleets whose model has more rows (entry option × instance type × zone) than this stay heuristic too, for the same reason. */
export const OPTIMISER_MAX_ROWS = 3000;
/** Rounds of column generation: a deterministic limit (the bound stays valid when it stops early). */
export const OPTIMISER_MAX_ROUNDS = 60;
/** Branch-and-bound nodes of one pricing MIP: a deterministic limit (the bound uses the proven dual bound). */
export const PRICING_MAX_NODES = 2000;
/** Branch-and-bound nodes of the final MIP over the configurations found. */
export const FINAL_MIP_MAX_NODES = 20000;
/**
 * Fleets of at most this many pods also prove their plan: after column generation every
 * configuration that could beat the best plan found is enumerated and the MIP solved over them
 * (`enumerate.ts`). On the benchmark's small fleets this costs at most a few CPU seconds and finds
 * the optimum of the model where the configurations of column generation alone miss it.
 */
export const OPTIMISER_PROVE_MAX_PODS = 60;
/** Steps of that enumeration per node kind and zone; past it the proof is abandoned (the plan stays valid). */
export const ENUMERATION_MAX_STEPS = 20000;

/** The stage's result. */
export interface Optimised {
  readonly planned: readonly PlannedWorkload[];
  readonly pools: readonly BuiltPool[];
  readonly outcome: OptimiserOutcome;
  /** Valid lower bound on the hourly cost of the workload pools (system pool excluded), when the solver ran. */
  readonly bound?: { readonly hourly: number; readonly converged: boolean };
  /** Whether the plan is proven to be the optimum of the model (one pool per workload), when the solver ran. */
  readonly provenOptimal?: boolean;
}

/**
 * Runs the optimiser over the heuristic's plan, or returns it unchanged with the reason.
 *
 * @param pools the heuristic's workload pools (system pool excluded)
 */
export function optimisePools(planned: readonly PlannedWorkload[], pools: readonly BuiltPool[], ctx: CloudContext, solver: MipSolver | undefined): Optimised {
  const heuristic = { planned, pools };
  if (ctx.record.hostSizedNodes || ctx.provider === 'kind') return { ...heuristic, outcome: 'not-applicable' };
  if (!solver) return { ...heuristic, outcome: 'no-solver' };
  const pods = planned.reduce((s, p) => s + p.pods, 0);
  if (pods > OPTIMISER_MAX_PODS) return { ...heuristic, outcome: 'above-threshold' };
  const pd = plannerDemand(planned, ctx);
  const classes = podClasses(pd.demand);
  if (classes.length > OPTIMISER_MAX_ROWS) return { ...heuristic, outcome: 'above-threshold' };
  const kinds = nodeKinds(ctx, pd.demand, classes);
  const seeds = seedPatterns(pools, planned, pd, classes, kinds);
  const r = solveColumnGeneration(solver, pd.demand, classes, kinds, seeds, {
    maxRounds: OPTIMISER_MAX_ROUNDS,
    pricing: { mipMaxNodes: PRICING_MAX_NODES },
    mipMaxNodes: FINAL_MIP_MAX_NODES,
    prove: pods <= OPTIMISER_PROVE_MAX_PODS,
    enumerationCap: ENUMERATION_MAX_STEPS,
  });
  const bound = { hourly: r.lowerBound, converged: r.converged };
  const rebuilt = materialise(planned, pools, pd, r.choice, ctx);
  const cost = (ps: readonly BuiltPool[]): number => ps.reduce((s, p) => s + p.hourlyCost, 0);
  // the model's optimum is proven, and the packer reached it (it may need more nodes than the configurations)
  const optimal = (ps: readonly BuiltPool[]): boolean => r.proven && cost(ps) <= r.upperBound + 1e-6;
  // exact hourly costs; a tie keeps the heuristic's plan
  if (rebuilt && cost(rebuilt.pools) < cost(pools) - 1e-6) return { ...rebuilt, outcome: 'improved', bound, provenOptimal: optimal(rebuilt.pools) };
  return { ...heuristic, outcome: 'heuristic-kept', bound, provenOptimal: optimal(pools) };
}

/** Lower-case letters, digits and dashes of an instance type, for a pool name: `g6.12xlarge` → `g6-12xlarge`. */
export function instanceTypeSuffix(instanceType: string): string {
  return instanceType.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * The pools of the optimiser's choice, built with the planner's packer; undefined when a choice
 * cannot be built (then the heuristic's plan stands).
 */
function materialise(
  planned: readonly PlannedWorkload[],
  heuristicPools: readonly BuiltPool[],
  pd: PlannerDemand,
  choice: readonly (readonly number[])[],
  ctx: CloudContext,
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
    pools.push({ ...built, chosenBy: 'optimiser' });
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
