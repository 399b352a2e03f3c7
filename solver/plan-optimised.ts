/**
 * `plan()` with the optimiser, as every entry point that produces a plan calls it (`cnai plan`,
 * `synth`, `verify`, `diff`, `npm start`, the Pulumi program): one solver, one set of limits, so
 * every entry point gives the same plan, byte for byte.
 */
import { plan, type PlanOptions } from '../planner/plan';
import type { Plan } from '../planner/plan-types';
import type { PlatformSpec } from '../planner/spec/schema';
import { loadHighsSolver } from './highs';

/** A synchronous planner with the optimiser's solver bound in. */
export type OptimisingPlanner = (spec: PlatformSpec, options?: Omit<PlanOptions, 'solver'>) => Plan;

/** Loads HiGHS (once per process, offline) and returns `plan()` with it as the optimiser's solver. */
export async function optimisingPlanner(): Promise<OptimisingPlanner> {
  const solver = await loadHighsSolver();
  return (spec, options = {}) => plan(spec, { ...options, solver });
}

/** Plans `spec` with HiGHS as the optimiser's solver. */
export async function planOptimised(spec: PlatformSpec, options: Omit<PlanOptions, 'solver'> = {}): Promise<Plan> {
  return (await optimisingPlanner())(spec, options);
}
