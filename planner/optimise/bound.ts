/**
 * The plan's lower bound on cost: the optimiser's column-generation bound where the solver ran
 * on a small fleet, the LP over node kinds where it guided a large one, else the per-resource
 * volume bound, with what each assumes.
 */
import { BOUND_RULES, type BoundAssumptions, type BoundRule, type CostMethod } from '../plan-types';
import type { Provider } from '../spec/schema';
import type { Optimised } from './optimise';

/** Rules every node configuration of the column generation honours (`nodes.ts`, `pricing.ts`). */
const COLUMN_GENERATION_HONOURS: readonly BoundRule[] = [
  'gpu-gangs',
  'cpu-memory-per-node',
  'node-shapes',
  'mig-placement',
  'gpu-by-gpu-shares',
  'zone-spread',
  'pod-limit',
];

/**
 * What the column-generation bound lets go: it is an LP (node counts and option choices may be
 * fractional, so a workload may split over options and instance types), and on EKS a node's GPUs
 * may each carry their own MIG layout, while a plan's pool gives all its GPUs one.
 */
function columnGenerationRelaxes(provider: Provider): BoundRule[] {
  const out: BoundRule[] = ['whole-nodes', 'one-option-per-workload', 'one-pool-per-workload'];
  if (provider !== 'gke') out.push('mig-layout-per-pool');
  return out;
}

/**
 * The LP over node kinds (`kind-totals.ts`) buys whole instance types, so a kind's CPU, memory and
 * GPUs come together, but it holds pods to each kind's totals (with dual-feasible cuts), not to
 * each node: every other rule is relaxed.
 */
const KIND_TOTALS_HONOURS: readonly BoundRule[] = ['node-shapes'];

/** The volume bound prices each resource alone: it honours none of the rules. */
const VOLUME_RELAXES: readonly BoundRule[] = BOUND_RULES;

/** The plan's bound, its method and assumptions. */
export interface PlanBound {
  readonly hourly: number;
  readonly method: CostMethod;
  readonly assumes: BoundAssumptions;
}

/**
 * The best valid bound available: the larger of the volume bound and the solver's bound (both
 * include the system pool), never above the plan's own cost.
 *
 * @param volumeHourly the volume bound, system pool included
 * @param systemHourly the system pool's cost, which the column generation leaves out
 * @param planHourly the plan's cost; a bound above it can only be rounding (both are valid bounds of it)
 */
export function planBound(o: Optimised, volumeHourly: number, systemHourly: number, planHourly: number, provider: Provider): PlanBound {
  const plan = o.outcome === 'improved' ? 'optimiser' : 'heuristic';
  const proven = o.provenOptimal !== undefined ? { provenOptimal: o.provenOptimal } : {};
  const scope = o.scope ? { scope: o.scope } : {};
  const solved = o.bound ? o.bound.hourly + systemHourly : undefined;
  if (solved === undefined || solved <= volumeHourly) {
    return {
      hourly: Math.min(volumeHourly, planHourly),
      method: { plan, optimiser: o.outcome, bound: 'volume', ...proven, ...scope },
      assumes: { honours: [], relaxes: [...VOLUME_RELAXES] },
    };
  }
  if (o.bound!.method === 'kind-totals') {
    return {
      hourly: Math.min(solved, planHourly),
      method: { plan, optimiser: o.outcome, bound: 'kind-totals', ...proven, ...scope },
      assumes: { honours: [...KIND_TOTALS_HONOURS], relaxes: BOUND_RULES.filter((r) => !KIND_TOTALS_HONOURS.includes(r)) },
    };
  }
  return {
    hourly: Math.min(solved, planHourly),
    method: { plan, optimiser: o.outcome, bound: 'column-generation', boundConverged: o.bound!.converged, ...proven, ...scope },
    assumes: { honours: [...COLUMN_GENERATION_HONOURS], relaxes: columnGenerationRelaxes(provider) },
  };
}
