/**
 * cnai-platform: plan GPUs, MIG layouts and Kueue quotas for AI workloads and render the stack
 * with cdk8s. This entry loads no Pulumi: the Pulumi components are `cnai-platform/pulumi`, and
 * each layer has its own entry (`cnai-platform/planner`, `cnai-platform/constructs`).
 */
export * from './planner';
export * from './solver';
export * from './report';
export * from './constructs';
export * from './versions';
