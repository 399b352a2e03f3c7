/**
 * The optimiser on fleets above `OPTIMISER_MAX_PODS`: guidance for the packer. Pods are grouped
 * by shape (identical workloads, `plannerDemand`), one LP over node kinds (`kind-totals.ts`)
 * bounds the cost of every plan and says which option and instance type each shape's workloads
 * should take; the workloads are rounded to whole choices and every pool is packed by the
 * planner's packer, as on small fleets. The guided plan is kept only when it is cheaper.
 *
 * Its cost grows with the distinct shapes and their options, not with the pods, and it is capped
 * by both, deterministically (no clock): a fleet past a cap is planned by the packer alone.
 */
import type { CloudContext } from '../options/context';
import type { PlannedWorkload } from '../choose/plan-demand';
import type { BuiltPool } from '../pools/build-pool';
import type { MipSolver } from './linear-program';
import { solveKindTotals } from './kind-totals';
import { materialise } from './materialise';
import { nodeKinds, podClasses } from './nodes';
import type { Optimised } from './optimise';
import { plannerDemand } from './planner-demand';
import { entryOptionCount } from './shapes';

/**
 * Most options of single entries (Σ over workloads of their alternatives) guidance enumerates
 * before grouping them into shapes: that pass costs about 15 µs of CPU per entry option. The
 * Alibaba trace has 57,585 (8,152 pods); the 10,000-workload synthetic fleet has 98,295, where
 * guidance would add seconds to a plan meant to take well under two.
 */
export const GUIDE_MAX_ENTRY_OPTIONS = 60_000;
/** Most distinct pod shapes (groups of identical workloads): the trace has 151. */
export const GUIDE_MAX_SHAPES = 400;
/** Most rows (shape option × instance type × zone) of the guidance LP: the trace has 3,765, solved in about 2 s of CPU. */
export const GUIDE_MAX_ROWS = 8000;

/** Workloads per option from fractional ones: floors, then the largest remainders (the first option on a tie). */
export function roundChoice(fractional: readonly number[], workloads: number): number[] {
  const out = fractional.map((x) => Math.floor(x + 1e-9));
  let left = workloads - out.reduce((s, x) => s + x, 0);
  const order = fractional.map((x, i) => ({ i, rest: x - out[i]! })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

/**
 * Guides the packer on a large fleet, or returns the heuristic's plan with the reason.
 *
 * @param pools the heuristic's workload pools (system pool excluded)
 */
export function guidePools(planned: readonly PlannedWorkload[], pools: readonly BuiltPool[], ctx: CloudContext, solver: MipSolver): Optimised {
  const heuristic = { planned, pools, scope: 'guidance' as const };
  // counting options is a sum over the workloads: a fleet past the cap pays nothing more
  if (entryOptionCount(planned) > GUIDE_MAX_ENTRY_OPTIONS) return { ...heuristic, outcome: 'above-threshold' };
  const pd = plannerDemand(planned, ctx);
  const classes = podClasses(pd.demand);
  if (pd.demand.groups.length > GUIDE_MAX_SHAPES || classes.length > GUIDE_MAX_ROWS) return { ...heuristic, outcome: 'above-threshold' };
  const kinds = nodeKinds(ctx, pd.demand, classes);
  const lp = solveKindTotals(solver, pd.demand, classes, kinds);
  if (!lp) return { ...heuristic, outcome: 'heuristic-kept' };
  const bound = { hourly: lp.lowerBound, converged: true, method: 'kind-totals' as const };
  const choice = pd.demand.groups.map((g, gi) => roundChoice(lp.choice[gi]!, g.workloads.length));
  const rebuilt = materialise(planned, pools, pd, choice, ctx, solver);
  const cost = (ps: readonly BuiltPool[]): number => ps.reduce((s, p) => s + p.hourlyCost, 0);
  // exact hourly costs; a tie keeps the heuristic's plan
  if (rebuilt && cost(rebuilt.pools) < cost(pools) - 1e-6) return { ...rebuilt, scope: 'guidance', outcome: 'improved', bound };
  return { ...heuristic, outcome: 'heuristic-kept', bound };
}
