/**
 * The optimiser stage of `plan()`: after the heuristic has chosen options and packed pools, a
 * column generation over node configurations (`column-generation.ts`) chooses, for every
 * workload, its option and the instance type of its pool, and gives a lower bound on the cost of
 * any plan. The heuristic's nodes seed it, its pools are rebuilt with the planner's packer, and
 * the result is kept only when it is cheaper than the heuristic's plan.
 *
 * The model is the benchmark's reference model plus one rule of the deployment: every workload's
 * replicas live in one pool, and a pool has one instance type (docs/decisions/0025). Fleets above
 * the thresholds below are guided instead (`guide.ts`, docs/decisions/0049).
 */
import type { CloudContext } from '../options/context';
import type { PlannedWorkload } from '../choose/plan-demand';
import type { BuiltPool } from '../pools/build-pool';
import { solveColumnGeneration } from './column-generation';
import type { OptimiserOutcome } from '../plan-types';
import type { MipSolver } from './linear-program';
import { guidePools } from './guide';
import { materialise } from './materialise';
import { nodeKinds, podClasses } from './nodes';
import { plannerDemand, seedPatterns } from './planner-demand';

/**
 * Fleets with more pods than this get guidance (`guide.ts`) instead of column generation.
 * Column generation on the small fleets of the benchmark (5 to 25 replicas) takes about a
 * second; its pricing MIPs grow with the pods a node can hold, so a few hundred pods stay within
 * seconds, while the Alibaba trace's 8,152 pods took the reference over twenty minutes.
 */
export const OPTIMISER_MAX_PODS = 300;
/** Fleets whose model has more rows (entry option × instance type × zone) than this get guidance too, for the same reason. */
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
  /**
   * Valid lower bound on the hourly cost of the workload pools (system pool excluded), when the
   * solver ran: column generation's (small fleets) or the LP over node kinds' (guidance).
   */
  readonly bound?: { readonly hourly: number; readonly converged: boolean; readonly method: 'column-generation' | 'kind-totals' };
  /**
   * `guidance` on fleets above `OPTIMISER_MAX_PODS`: an LP chose each shape's option and
   * instance type for the packer (`guide.ts`), and nothing is proven. Absent: the whole optimiser.
   */
  readonly scope?: 'guidance';
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
  if (pods > OPTIMISER_MAX_PODS) return guidePools(planned, pools, ctx, solver);
  const pd = plannerDemand(planned, ctx);
  const classes = podClasses(pd.demand);
  if (classes.length > OPTIMISER_MAX_ROWS) return guidePools(planned, pools, ctx, solver);
  const kinds = nodeKinds(ctx, pd.demand, classes);
  const seeds = seedPatterns(pools, planned, pd, classes, kinds);
  const r = solveColumnGeneration(solver, pd.demand, classes, kinds, seeds, {
    maxRounds: OPTIMISER_MAX_ROUNDS,
    pricing: { mipMaxNodes: PRICING_MAX_NODES },
    mipMaxNodes: FINAL_MIP_MAX_NODES,
    prove: pods <= OPTIMISER_PROVE_MAX_PODS,
    enumerationCap: ENUMERATION_MAX_STEPS,
  });
  const bound = { hourly: r.lowerBound, converged: r.converged, method: 'column-generation' as const };
  const rebuilt = materialise(planned, pools, pd, r.choice, ctx);
  const cost = (ps: readonly BuiltPool[]): number => ps.reduce((s, p) => s + p.hourlyCost, 0);
  // the model's optimum is proven, and the packer reached it (it may need more nodes than the configurations)
  const optimal = (ps: readonly BuiltPool[]): boolean => r.proven && cost(ps) <= r.upperBound + 1e-6;
  // exact hourly costs; a tie keeps the heuristic's plan
  if (rebuilt && cost(rebuilt.pools) < cost(pools) - 1e-6) return { ...rebuilt, outcome: 'improved', bound, provenOptimal: optimal(rebuilt.pools) };
  return { ...heuristic, outcome: 'heuristic-kept', bound, provenOptimal: optimal(pools) };
}

export { instanceTypeSuffix } from './materialise';
