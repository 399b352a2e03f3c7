/**
 * The optimiser after the keep-best search: it runs over the policy's own stages (every option
 * the policy allows), the operators' pool set aside, and its plan replaces the search's only
 * when it is cheaper.
 *
 * Why over the policy's own stages rather than the search's best: a restriction's workloads only
 * know the restriction's options, and the optimiser is meant to choose among all of them. The
 * search's best stays a candidate, so the plan is never worse than the search's, and where the
 * optimiser proves its optimum (small fleets) both candidates only get cheaper with more choice.
 */
import type { BuiltPool } from '../pools/build-pool';
import type { MipSolver } from './linear-program';
import { optimisePools, type Optimised } from './optimise';
import type { SearchResult } from '../search/search';
import type { PlanStages } from '../search/stages';
import type { Restriction } from '../search/restrictions';

/** USD per hour the optimiser's plan must save to replace the search's. */
const SAVING_EPSILON = 1e-6;

/** The stages the plan is assembled from, the restriction they were planned under, and the optimiser's outcome. */
export interface OptimisedSearch {
  readonly stages: PlanStages;
  readonly restriction: Restriction;
  readonly optimised: Optimised;
}

/** Runs the optimiser over the search's result and keeps the cheaper plan (the search's on a tie). */
export function optimiseSearch(searched: SearchResult, solver: MipSolver | undefined): OptimisedSearch {
  const base = searched.unrestricted ?? searched.best;
  const isSystem = (p: BuiltPool): boolean => p.key.role === 'system';
  const o = optimisePools(
    base.planned.filter((p) => p.role !== 'system'),
    base.pools.filter((p) => !isSystem(p)),
    base.ctx,
    solver,
  );
  const best = searched.best;
  if (o.outcome === 'improved') {
    const pools = [...o.pools, ...base.pools.filter(isSystem)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const hourly = pools.reduce((s, p) => s + p.hourlyCost, 0);
    if (hourly < best.hourly - SAVING_EPSILON) {
      // the repairs explain the heuristic's pools; the optimiser's replace them
      const planned = [...o.planned, ...base.planned.filter((p) => p.role === 'system')];
      return { stages: { planned, pools, moves: [] }, restriction: base.restriction, optimised: o };
    }
    // a restriction of the policy planned cheaper than the optimiser's model reaches: that plan lies
    // outside the model (e.g. on-demand nodes where the policy uses spot), so the proof says nothing of it
    return {
      stages: best,
      restriction: best.restriction,
      optimised: { ...o, outcome: 'heuristic-kept', provenOptimal: o.provenOptimal === true && Math.abs(hourly - best.hourly) <= SAVING_EPSILON },
    };
  }
  const proven = o.provenOptimal === true && best === base;
  return { stages: best, restriction: best.restriction, optimised: o.provenOptimal === undefined ? o : { ...o, provenOptimal: proven } };
}
