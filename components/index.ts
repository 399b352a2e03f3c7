/**
 * Pulumi components of the platform: clusters per provider, the operators, and the whole platform.
 */
export * from './cluster';
export * from './validation';
export * from './kind/kind-cluster';
export * from './kind/kind-config';
export * from './aws/network';
export * from './aws/node-group-settings';
export * from './aws/mlflow-storage';
export * from './aws/eks-gpu-cluster';
export * from './gcp/node-pool-settings';
export * from './gcp/mlflow-storage';
export * from './gcp/gke-gpu-cluster';
export * from './platform/operator-values';
export * from './platform/platform-operators';
export * from './platform/platform-source';
export * from './platform/manifests';
export * from './platform/plan-summary';
export * from './platform/mlflow-stores';
export * from './platform/service-exposure-policy';
export * from './platform/cnai-platform';
