/**
 * `plan()` with the optimiser, as every entry point that produces a plan calls it (`cnai plan`,
 * `synth`, `verify`, `diff`, `npm start`, the Pulumi program): one solver, one set of limits, so
 * every entry point gives the same plan, byte for byte.
 *
 * HiGHS is loaded only for a fleet whose optimiser asks for it: past the optimiser's and its
 * guidance's limits (`planner/optimise/optimise.ts`, `guide.ts`) the plan never calls the solver,
 * and loading its WebAssembly would cost more CPU than reading the platform file. See
 * docs/decisions/0052-solver-on-demand.md and 0065-one-plan-run-and-highs-in-its-own-thread.md.
 */
import type { MipSolver } from '../planner/optimise/linear-program';
import { plan, type PlanOptions } from '../planner/plan';
import type { Plan } from '../planner/plan-types';
import type { PlatformSpec } from '../planner/spec/schema';
import { highsThreadSolver } from './highs-thread';

/** A synchronous planner with the optimiser's solver bound in. */
export type OptimisingPlanner = (spec: PlatformSpec, options?: Omit<PlanOptions, 'solver'>) => Plan;

/** Loads the optimiser's solver; `loadHighsSolver` unless a test passes another. */
export type SolverLoader = () => Promise<MipSolver>;

async function loadHighs(): Promise<MipSolver> {
  // the module itself loads the package's JavaScript, so it too waits until a plan needs it
  const { loadHighsSolver } = await import('./highs');
  return loadHighsSolver();
}

/** Loads HiGHS (once per process, offline) and returns `plan()` with it as the optimiser's solver. */
export async function optimisingPlanner(load: SolverLoader = loadHighs): Promise<OptimisingPlanner> {
  const solver = await load();
  return (spec, options = {}) => plan(spec, { ...options, solver });
}

/** Makes the optimiser's solver synchronously, when the plan first needs it; `highsThreadSolver` unless a test passes another. */
export type SolverOnDemand = () => MipSolver;

/**
 * A solver that asks `make` for the real one the first time anything of it is used, and then
 * answers with it: a plan that never touches it never makes one.
 */
function solverOnFirstUse(make: SolverOnDemand): MipSolver {
  let real: MipSolver | undefined;
  const solver = (): MipSolver => (real ??= make());
  return {
    get name(): string {
      return solver().name;
    },
    get version(): string {
      return solver().version;
    },
    solve: (model, limits) => solver().solve(model, limits),
  };
}

/**
 * Plans `spec` with HiGHS as the optimiser's solver, once: HiGHS starts in a thread of its own the
 * first time the plan asks its solver anything (`highs-thread.ts`), so a fleet that never reaches
 * the solver (past the optimiser's and guidance's limits, or a provider it does not apply to) is
 * done without loading it. The bytes are those of a plan with HiGHS loaded beforehand.
 *
 * @param make - makes the solver when the plan first needs it
 */
export async function planOptimised(spec: PlatformSpec, options: Omit<PlanOptions, 'solver'> = {}, make: SolverOnDemand = highsThreadSolver): Promise<Plan> {
  return plan(spec, { ...options, solver: solverOnFirstUse(make) });
}
