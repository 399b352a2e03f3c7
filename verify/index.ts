export * from './model';
export * from './verify';
export * from './report';
export * from './stack-config';
export { targetCluster, TARGET_STORAGE_CLASSES, type TargetNodeOptions } from './nodes';
export { workloadsOf } from './controllers';
