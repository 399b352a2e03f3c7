/**
 * `plan()` with the optimiser, as every entry point that produces a plan calls it (`cnai plan`,
 * `synth`, `verify`, `diff`, `npm start`, the Pulumi program): one solver, one set of limits, so
 * every entry point gives the same plan, byte for byte.
 *
 * HiGHS is loaded only for a fleet whose optimiser asks for it: past the optimiser's and its
 * guidance's limits (`planner/optimise/optimise.ts`, `guide.ts`) the plan never calls the solver,
 * and loading its WebAssembly would cost more CPU than reading the platform file. See docs/decisions/0052-solver-on-demand.md.
 */
import type { MipSolver } from '../planner/optimise/linear-program';
import { plan, type PlanOptions } from '../planner/plan';
import type { Plan } from '../planner/plan-types';
import type { PlatformSpec } from '../planner/spec/schema';

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

/** What the stand-in solver throws when the plan first needs the real one. */
class SolverNeeded extends Error {
  constructor() {
    super('the optimiser needs its solver: plan again with HiGHS loaded');
    this.name = 'SolverNeeded';
  }
}

/**
 * A solver that stops the plan the first time anything of it is used. The plan is a pure function
 * of its inputs and its solver, so a plan that ends without touching it is the plan HiGHS would
 * have given.
 */
const SOLVER_ON_DEMAND: MipSolver = {
  get name(): string {
    throw new SolverNeeded();
  },
  get version(): string {
    throw new SolverNeeded();
  },
  solve(): never {
    throw new SolverNeeded();
  },
};

/**
 * Plans `spec` with HiGHS as the optimiser's solver. It first plans with a stand-in: a fleet that
 * never reaches the solver (past the optimiser's and guidance's limits, or a provider it does not apply to)
 * is done without loading HiGHS; otherwise HiGHS loads and the plan runs again, its progress
 * messages continuing where the first run stopped. The bytes are those of a plan with HiGHS
 * loaded beforehand.
 *
 * @param load - loads the solver when the plan needs it
 */
export async function planOptimised(spec: PlatformSpec, options: Omit<PlanOptions, 'solver'> = {}, load: SolverLoader = loadHighs): Promise<Plan> {
  const report = options.onProgress;
  let reported = 0;
  try {
    return plan(spec, {
      ...options,
      solver: SOLVER_ON_DEMAND,
      ...(report
        ? {
            onProgress: (m: string) => {
              reported++;
              report(m);
            },
          }
        : {}),
    });
  } catch (e) {
    if (!(e instanceof SolverNeeded)) throw e;
  }
  const solver = await load();
  // the second run repeats the first one's stages, and their messages, up to the solver
  let repeated = reported;
  return plan(spec, {
    ...options,
    solver,
    ...(report
      ? {
          onProgress: (m: string) => {
            if (repeated > 0) repeated--;
            else report(m);
          },
        }
      : {}),
  });
}
