/**
 * cdk8s constructs for the Cloud Native AI stack, usable one by one or composed from a plan by
 * `PlatformChart` / `renderManifests`.
 */
export * from './common/labels';
export * from './common/pod';
export * from './common/priority';
export * from './common/quantities';
export * from './common/scheduling';
export * from './gpu-operator/cluster-policy';
export * from './gpu-operator/mig-config';
export * from './gpu-operator/time-slicing-config';
export * from './kserve/inference-service';
export * from './kserve/model-download-account';
export * from './kserve/model-sources';
export * from './kserve/vllm-args';
export * from './kserve/vllm-runtime';
export * from './kuberay/cluster-spec';
export * from './kuberay/ray-cluster';
export * from './kuberay/ray-job';
export * from './kueue/cluster-queue';
export * from './kueue/cohort';
export * from './kueue/local-queue';
export * from './kueue/priority-classes';
export * from './kueue/quota-quantity';
export * from './kueue/resource-flavor';
export * from './mlflow/access';
export * from './mlflow/network-policies';
export * from './mlflow/postgres';
export * from './mlflow/stores';
export * from './mlflow/tracking-server';
export * from './monitoring/dashboards';
export * from './monitoring/monitors';
export * from './monitoring/rules';
export * from './platform/options';
export * from './platform/platform-chart';
export * from './platform/render';
export * from './platform/required-secrets';
export * from './platform/team-quota';
export * from './tenancy/network-policies';
export * from './tenancy/platform-namespace';
export * from './tenancy/team-access';
export * from './tenancy/team-namespace';
export * from './trainer/train-job';
export * from './trainer/training-runtime';
export * from './workloads/batch-job';
export * from './workloads/notebook';
export * as bindings from './imports';
