/**
 * Comparing plans: `diffPlans` and its text and Markdown renderings.
 */
export * from './types';
export * from './diff-plans';
export * from './render-text';
export * from './render-markdown';
export { summaryLine, drainedNodeCount } from './summary';
