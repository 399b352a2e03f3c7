/**
 * The plan's cost against its lower bound, in words: how the plan was found, and how far it is
 * from a bound that says what it assumes, so a loose bound is never read as a poor plan.
 */
import type { BoundRule, CostPlan, OptimiserOutcome } from '../planner/plan-types';

const RULE: Readonly<Record<BoundRule, string>> = {
  'gpu-gangs': "a pod's GPUs on one node",
  'cpu-memory-per-node': 'CPU and memory per node',
  'node-shapes': 'whole instance types',
  'mig-placement': 'MIG placement rules',
  'gpu-by-gpu-shares': 'time-sliced shares GPU by GPU',
  'zone-spread': 'zone spread',
  'pod-limit': 'the pod limit per node',
  'whole-nodes': 'whole node counts',
  'one-option-per-workload': 'one option per workload',
  'one-pool-per-workload': 'one pool per workload',
  'mig-layout-per-pool': 'one MIG layout per pool',
};

const OUTCOME: Readonly<Record<OptimiserOutcome, string>> = {
  improved: 'planned by the optimiser (column generation over node configurations), cheaper than the packer alone',
  'heuristic-kept': 'planned by the packer; the optimiser found nothing cheaper',
  'no-solver': 'planned by the packer alone: no solver was given to plan()',
  'above-threshold': "planned by the packer alone: the fleet is above the optimiser's size threshold",
  'not-applicable': 'planned by the packer: the target has no instance types to choose between',
};

/** How the plan was found where the optimiser guided the packer on a large fleet. */
const GUIDED: Readonly<Partial<Record<OptimiserOutcome, string>>> = {
  improved:
    "planned on the optimiser's instance mix (an LP over node kinds chose each pod shape's option and instance type; the packer filled the pools, and node patterns repacked those they fill with fewer nodes), cheaper than the packer alone",
  'heuristic-kept': "planned by the packer; the instance mix of the optimiser's LP over node kinds packed no cheaper",
  'above-threshold': 'planned by the packer alone: the fleet has more distinct pod shapes than the optimiser takes',
};

function list(rules: readonly BoundRule[]): string {
  return rules.map((r) => RULE[r]).join(', ');
}

/**
 * The cost line's tail (the gap to the bound), then lines saying what the bound assumes and how
 * the plan was found.
 */
export function costBoundLines(c: CostPlan, usd: (x: number) => string): { gap: string; details: string[] } {
  const pct = `${(c.gapToLowerBound * 100).toFixed(1)}%`;
  const m = c.method;
  const a = c.boundAssumes;
  // plans written before the bound said what it assumes
  if (!m || !a) return { gap: `lower bound ${usd(c.lowerBoundHourly)}/hour (plan is ${pct} above it)`, details: [] };
  const gap = `within ${pct} of a lower bound of ${usd(c.lowerBoundHourly)}/hour`;
  const bound =
    m.bound === 'column-generation'
      ? [
          `bound: column generation over node configurations${m.boundConverged ? ', converged' : ', stopped early (still valid)'}`,
          `bound honours ${list(a.honours)}; relaxes ${list(a.relaxes)}`,
        ]
      : m.bound === 'kind-totals'
        ? [
            "bound: an LP over node kinds (each kind's nodes cover its pods' totals), valid but looser than node by node",
            `bound honours ${list(a.honours)}; relaxes ${list(a.relaxes)}`,
          ]
        : [`bound: each resource priced alone, loose (it relaxes ${list(a.relaxes)}): the plan may be closer to the optimum than the gap says`];
  const how = (m.scope === 'guidance' ? GUIDED[m.optimiser] : undefined) ?? OUTCOME[m.optimiser];
  const proven = m.provenOptimal ? ["proven the cheapest plan with one pool per workload: any remaining gap is the bound's, not the plan's"] : [];
  return { gap, details: [...bound, how, ...proven] };
}
