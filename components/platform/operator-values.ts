/**
 * Helm values of the operators the platform installs, typed where we set them. Pure functions,
 * so tests check them without a Pulumi runtime.
 *
 * @see reference/stack-facts.md §1 (charts) and §2 (GPU operator values)
 */
import { stringify } from 'yaml';

import { APP_VERSIONS } from '../../versions';

/** Helm values: keys we set are typed by each builder; anything else a chart accepts may follow. */
export interface HelmValues {
  readonly [key: string]: unknown;
}

/** Helm release name of kube-prometheus-stack; ServiceMonitors from other charts carry it as `release`. */
export const KUBE_PROMETHEUS_RELEASE = 'kube-prometheus-stack';

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
 * The ClusterPolicy comes from the platform manifests (constructs' `GpuClusterPolicy`, rendered
 * from the plan), so the chart must not deploy its own: `clusterPolicy.deployCR: false` leaves the
 * operator and Node Feature Discovery. With it, the chart's `toolkit`, `devicePlugin`, `mig`,
 * `migManager` and `dcgmExporter` values feed only the chart's own ClusterPolicy template
 * (`deployments/gpu-operator/templates/clusterpolicy.yaml@v26.7.0`), so they are not set here:
 * the ClusterPolicy alone states those choices. The MIG and device-plugin ConfigMaps come from
 * the manifests too, and the chart creates them only with `create: true` and data, which it
 * never gets. `driver.enabled` still matters outside the ClusterPolicy: it gates the chart's
 * default NVIDIADriver resource (`templates/nvidiadriver.yaml`), and the AMI ships the driver.
 */
export function gpuOperatorValues(): HelmValues {
  return {
    clusterPolicy: { deployCR: false },
    driver: { enabled: false },
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
 * Reconcilers per kind in Kueue's manager, as the chart's default Configuration sets them
 * (`charts/kueue/values.yaml@v0.19.2`). The chart takes the Configuration as one string, so
 * replacing it drops them, and Kueue does not default them (`apis/config/v1beta2/defaults.go`),
 * leaving one reconciler per kind.
 */
export const KUEUE_GROUP_KIND_CONCURRENCY: Readonly<Record<string, number>> = {
  'ClusterQueue.kueue.x-k8s.io': 5,
  'Job.batch': 5,
  'LocalQueue.kueue.x-k8s.io': 5,
  Pod: 5,
  'ResourceFlavor.kueue.x-k8s.io': 1,
  'Workload.kueue.x-k8s.io': 10,
};

/**
 * Kueue: the whole manager Configuration (the chart takes it as one YAML string): the chart's
 * defaults (probes, metrics, webhook, leader election, reconciler concurrency), the integrations
 * above, fair sharing between the teams' ClusterQueues (in v1beta2 the `fairSharing` block itself
 * turns it on) and Prometheus metrics.
 */
export function kueueValues(): HelmValues {
  const configuration = {
    apiVersion: 'config.kueue.x-k8s.io/v1beta2',
    kind: 'Configuration',
    health: { healthProbeBindAddress: ':8081' },
    metrics: { bindAddress: ':8443', enableClusterQueueResources: true },
    webhook: { port: 9443 },
    leaderElection: { leaderElect: true, resourceName: 'c1f6bfd2.kueue.x-k8s.io' },
    controller: { groupKindConcurrency: { ...KUEUE_GROUP_KIND_CONCURRENCY } },
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

/** The tag of an image reference `repo:tag`. */
export function imageTag(image: string): string {
  const colon = image.lastIndexOf(':');
  if (colon < 0 || image.slice(colon).includes('/')) throw new Error(`image '${image}' has no tag; pin it in versions.ts`);
  return image.slice(colon + 1);
}
