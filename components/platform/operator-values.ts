/**
 * Helm values of the operators the platform installs, typed where we set them. Pure functions,
 * so tests check them without a Pulumi runtime.
 *
 * @see reference/stack-facts.md §1 (charts) and §2 (GPU operator values)
 */
import { stringify } from 'yaml';

import { APP_VERSIONS, IMAGES } from '../../versions';

/** Helm values: keys we set are typed by each builder; anything else a chart accepts may follow. */
export interface HelmValues {
  readonly [key: string]: unknown;
}

/** Helm release name of kube-prometheus-stack; ServiceMonitors from other charts carry it as `release`. */
export const KUBE_PROMETHEUS_RELEASE = 'kube-prometheus-stack';

/** Names of the GPU operator ConfigMaps the platform manifests render from the plan. */
export interface GpuOperatorConfigNames {
  /** mig-parted config (`config.yaml` key) with one entry per MIG layout of the plan. */
  readonly migConfigMap: string;
  /** Device-plugin config with one time-slicing entry per time-sliced pool. */
  readonly devicePluginConfigMap: string;
}

/** cert-manager: the CRDs are chart templates gated by `crds.enabled`, which defaults to false. */
export function certManagerValues(): HelmValues {
  return { crds: { enabled: true, keep: true } };
}

/**
 * kube-prometheus-stack: select every ServiceMonitor, PodMonitor and PrometheusRule in the
 * cluster, not only those labelled with this release, because the platform renders its own; and
 * load Grafana dashboards from ConfigMaps labelled `grafana_dashboard: "1"` in any namespace.
 */
export function kubePrometheusStackValues(): HelmValues {
  return {
    prometheus: {
      prometheusSpec: {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
      },
    },
    grafana: { sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' } } },
  };
}

/**
 * NVIDIA GPU operator on EKS `AL2023_x86_64_NVIDIA` nodes.
 *
 * The ClusterPolicy itself comes from the platform manifests (constructs' `GpuClusterPolicy`,
 * rendered from the plan), so the chart must not deploy its own: `clusterPolicy.deployCR: false`
 * leaves the operator and Node Feature Discovery. The remaining values mirror that ClusterPolicy
 * (they are the chart's defaults for it), so both places state the same choices: the AMI ships
 * the driver and container toolkit, so the operator installs neither; MIG uses the mixed strategy
 * (`nvidia.com/mig-3g.40gb`), the MIG manager may reboot a node when a mode change needs it, and
 * both ConfigMaps come from the plan through the manifests, hence `create: false`.
 */
export function gpuOperatorValues(names: GpuOperatorConfigNames): HelmValues {
  return {
    clusterPolicy: { deployCR: false },
    driver: { enabled: false },
    toolkit: { enabled: false },
    devicePlugin: { enabled: true, config: { name: names.devicePluginConfigMap, create: false, default: '' } },
    mig: { strategy: 'mixed' },
    migManager: {
      enabled: true,
      env: [{ name: 'WITH_REBOOT', value: 'true' }],
      config: { name: names.migConfigMap, create: false, default: 'all-disabled' },
    },
    dcgmExporter: { serviceMonitor: { enabled: true, additionalLabels: { release: KUBE_PROMETHEUS_RELEASE } } },
  };
}

/** Kueue job integrations the platform's workloads use (`reference/stack-facts.md` §3.1). */
export const KUEUE_FRAMEWORKS = [
  'batch/job',
  'deployment',
  'jobset.x-k8s.io/jobset',
  'pod',
  'ray.io/raycluster',
  'ray.io/rayjob',
  'ray.io/rayservice',
  'statefulset',
  'trainer.kubeflow.org/trainjob',
] as const;

/**
 * Kueue: the whole manager Configuration (the chart takes it as one YAML string), with the
 * integrations above, fair sharing between the teams' ClusterQueues (in v1beta2 the
 * `fairSharing` block itself turns it on) and Prometheus metrics.
 */
export function kueueValues(): HelmValues {
  const configuration = {
    apiVersion: 'config.kueue.x-k8s.io/v1beta2',
    kind: 'Configuration',
    health: { healthProbeBindAddress: ':8081' },
    metrics: { bindAddress: ':8443', enableClusterQueueResources: true },
    webhook: { port: 9443 },
    leaderElection: { leaderElect: true, resourceName: 'c1f6bfd2.kueue.x-k8s.io' },
    manageJobsWithoutQueueName: false,
    integrations: { frameworks: [...KUEUE_FRAMEWORKS] },
    fairSharing: { preemptionStrategies: ['LessThanOrEqualToFinalShare', 'LessThanInitialShare'] },
  };
  return {
    managerConfig: { controllerManagerConfigYaml: stringify(configuration, { sortMapEntries: true }) },
    enablePrometheus: true,
    metrics: { prometheusNamespace: 'monitoring' },
  };
}

/** KubeRay operator: metrics are scraped through the platform's own monitors. */
export function kuberayValues(): HelmValues {
  return { metrics: { enabled: true } };
}

/** Kubeflow Trainer: installs JobSet with it; runtimes come from the platform manifests. */
export function trainerValues(): HelmValues {
  return { jobset: { install: true } };
}

/** Host names of KServe services: `<name>-predictor.<namespace>.<domain>`, each part a DNS label of its own. */
export const KSERVE_DOMAIN_TEMPLATE = '{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}';

/** KServe CRDs: nothing to set. */
export function kserveCrdValues(): HelmValues {
  return {};
}

/**
 * KServe controller in Standard (raw Deployment) mode: the chart default, Knative, would silently
 * need Knative and Istio. No Ingress is created; services are reached through their cluster-local
 * Service or a gateway the user adds. KServe still derives a host name for every service; the
 * default template joins `<name>-predictor` and the namespace into one DNS label, which passes 63
 * characters for long workload and team names, so name and namespace become labels of their own.
 */
export function kserveResourcesValues(): HelmValues {
  return {
    kserve: {
      version: APP_VERSIONS.kserve,
      controller: { deploymentMode: 'Standard', gateway: { disableIngressCreation: true, domainTemplate: KSERVE_DOMAIN_TEMPLATE } },
    },
  };
}

/** KServe runtimes: the ClusterServingRuntimes, with vLLM pinned instead of the chart's `latest`. */
export function kserveRuntimeConfigsValues(): HelmValues {
  return {
    kserve: {
      version: APP_VERSIONS.kserve,
      servingruntime: { enabled: true, vllmserver: { tag: imageTag(IMAGES.vllm) } },
    },
  };
}

/** The tag of an image reference `repo:tag`. */
export function imageTag(image: string): string {
  const colon = image.lastIndexOf(':');
  if (colon < 0 || image.slice(colon).includes('/')) throw new Error(`image '${image}' has no tag; pin it in versions.ts`);
  return image.slice(colon + 1);
}
