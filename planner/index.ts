/**
 * The planner's public API: parse and validate a platform file, plan it, size models, compare plans.
 */
export * from './errors';
export * from './plan-types';
export * from './plan';
export type { MipLimits, MipModel, MipSolution, MipSolver } from './optimise/linear-program';
export * from './serialize';
export * from './spec/schema';
export { parsePlatform, validatePlatform, type ValidationResult } from './spec/parse';
export * from './catalogue';
export * from './sizing';
export * from './diff';
export { isMigLayoutPlaceable, placeMigInstances, type MigInstancePlacement } from './mig/placement';
