/**
 * The solver of the reference models: the same HiGHS adapter every entry point gives `plan()`
 * (`solver/highs.ts`), so the benchmark measures with the solver the planner uses.
 */
import { loadHighsSolver } from '../../solver/highs';
import type { MipSolver } from '../../planner/optimise/linear-program';

export { LinearProgram } from '../../planner/optimise/linear-program';

/** The loaded solver. */
export type Solver = MipSolver;

/** Loads HiGHS once per process, compiled for the reference's long solves (TurboFan for its hot code). */
export function loadSolver(): Promise<Solver> {
  return loadHighsSolver('optimising');
}
