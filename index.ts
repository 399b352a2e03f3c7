/**
 * cnai-platform: plan GPUs, MIG layouts and Kueue quotas for AI workloads, render the stack with
 * cdk8s and deploy it with Pulumi.
 */
export * from './planner';
export * from './report';
export * from './constructs';
export * from './components';
export * from './versions';
