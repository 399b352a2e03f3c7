/**
 * Comparing plans: `diffPlans` and the shape of its result. Text and Markdown renderings live in
 * the reporting layer (`report/`).
 */
export * from './types';
export * from './diff-plans';
export * from './diff-decisions';
