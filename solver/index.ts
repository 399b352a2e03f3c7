/**
 * The optimiser's solver for `plan()`: HiGHS, loaded once per process, and `plan()` with it.
 */
export { highsSolver, loadHighsSolver, type HighsTier } from './highs';
export { highsThreadSolver } from './highs-thread';
export { optimisingPlanner, planOptimised, type OptimisingPlanner, type SolverLoader, type SolverOnDemand } from './plan-optimised';
