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
export { KEEP_TOLERANCE } from './stability/prefer';
export { MAX_RESTRICTIONS, MAX_SEARCH_GPU_WORKLOADS } from './search/search';
export { checkPlan, type PlanSchemaIssue } from './plan-schema';
export { isMigLayoutPlaceable, placeMigInstances, type MigInstancePlacement } from './mig/placement';
