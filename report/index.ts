/**
 * The reporting layer: every text the planner's data is turned into (the plan table and
 * Markdown, diff text and Markdown, decisions and warnings). It reads plans and diffs only.
 */
export * from './plan-report';
export * from './diff-text';
export * from './diff-markdown';
export { summaryLine, drainedNodeCount } from './diff-summary';
export * from './explanations';
