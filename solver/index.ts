/**
 * The optimiser's solver for `plan()`: HiGHS, loaded once per process, and `plan()` with it.
 */
export { highsSolver, loadHighsSolver } from './highs';
export { optimisingPlanner, planOptimised, type OptimisingPlanner, type SolverLoader } from './plan-optimised';
