/**
 * `PlatformOperators`: the operators of the stack as Helm releases pinned in `versions.ts`,
 * installed in dependency order.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import { CHARTS, type ChartKey, type ChartPin, versionsForKubernetes } from '../../versions';
import type { GpuStack } from '../cluster';
import { ComponentArgsError } from '../validation';
import {
  type HelmValues,
  KUBE_PROMETHEUS_RELEASE,
  certManagerValues,
  gpuOperatorValues,
  kserveCrdValues,
  kserveResourcesValues,
  kubePrometheusStackValues,
  kuberayValues,
  kueueValues,
  trainerValues,
} from './operator-values';

/** Arguments of `PlatformOperators`. */
export interface PlatformOperatorsArgs {
  /** Kubernetes provider of the target cluster; every release is created with it. */
  readonly provider: k8s.Provider;
  /** Kubernetes minor of the cluster (`1.33`); picks per-minor chart versions such as cert-manager's. */
  readonly kubernetesVersion: string;
  /**
   * Who manages GPU nodes. The GPU operator is installed only for `gpu-operator`: GKE installs its
   * own driver and device plugin and does MIG and time-sharing natively (running both would fight
   * over the nodes), and kind has no GPUs.
   */
  readonly gpuStack: GpuStack;
  /**
   * Seconds Helm waits for each release to become ready.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /**
   * Resources the first release waits for (and through the install order, every release), e.g.
   * Namespaces the platform creates with its own labels before Helm would create them bare.
   * @default - none
   */
  readonly after?: readonly pulumi.Resource[];
}

/** One release of the stack: which pin, its Helm release name and its values. */
interface ReleaseSpec {
  readonly key: ChartKey;
  readonly releaseName: string;
  readonly values: HelmValues;
  /** Overrides the chart version for per-Kubernetes-minor pins. */
  readonly version?: string;
}

/**
 * The releases in install order (dependencies first): cert-manager (KServe's webhooks need it),
 * kube-prometheus-stack (its ServiceMonitor CRD must exist before the GPU operator reconciles),
 * GPU operator, Kueue, KubeRay, Trainer (with JobSet), then the KServe CRDs and controller.
 * Each release waits for the one before it. KServe's runtime chart is not installed: its
 * ClusterServingRuntimes serve nothing here, since every InferenceService names the platform's
 * own vLLM ServingRuntime in its namespace. MLflow is not a release either: the platform
 * manifests render its tracking server (and on kind its Postgres) with the plan's stores.
 */
export function releasePlan(args: Pick<PlatformOperatorsArgs, 'kubernetesVersion' | 'gpuStack'>): ReleaseSpec[] {
  const perMinor = versionsForKubernetes(args.kubernetesVersion);
  const releases: ReleaseSpec[] = [
    { key: 'certManager', releaseName: 'cert-manager', values: certManagerValues(), version: perMinor.certManager },
    { key: 'kubePrometheusStack', releaseName: KUBE_PROMETHEUS_RELEASE, values: kubePrometheusStackValues() },
  ];
  if (args.gpuStack === 'gpu-operator') {
    releases.push({ key: 'gpuOperator', releaseName: 'gpu-operator', values: gpuOperatorValues() });
  }
  releases.push(
    { key: 'kueue', releaseName: 'kueue', values: kueueValues() },
    { key: 'kuberay', releaseName: 'kuberay-operator', values: kuberayValues() },
    { key: 'trainer', releaseName: 'kubeflow-trainer', values: trainerValues() },
    { key: 'kserveCrd', releaseName: 'kserve-crd', values: kserveCrdValues() },
    { key: 'kserveResources', releaseName: 'kserve', values: kserveResourcesValues() },
  );
  return releases;
}

/** Chart reference fields of a Release for a pin (classic repository or full `oci://` reference). */
export function chartSource(pin: ChartPin): { chart: string; repositoryOpts?: { repo: string } } {
  return pin.repo !== undefined ? { chart: pin.chart, repositoryOpts: { repo: pin.repo } } : { chart: pin.chart };
}

/**
 * The platform's operators.
 *
 * Helm releases (`helm.v3.Release`) rather than client-side charts: the GPU operator, Trainer and
 * kube-prometheus-stack rely on Helm hooks, which only real Helm runs in order.
 *
 * @example
 * const ops = new PlatformOperators('prod', { provider: eks.provider, kubernetesVersion: '1.33', gpuStack: eks.gpuStack });
 */
export class PlatformOperators extends pulumi.ComponentResource {
  /** Releases by chart key, in install order. */
  public readonly releases: Readonly<Partial<Record<ChartKey, k8s.helm.v3.Release>>>;
  /** The last release of the install order; depend on it to wait for every operator and CRD. */
  public readonly ready: pulumi.Resource[];
  /** `<release>@<chart version>` of every installed release, in install order. */
  public readonly installed: pulumi.Output<string[]>;

  constructor(name: string, args: PlatformOperatorsArgs, opts?: pulumi.ComponentResourceOptions) {
    const specs = validateOperatorArgs(name, args);
    super('cnai:platform:PlatformOperators', name, {}, opts);

    const releases: Partial<Record<ChartKey, k8s.helm.v3.Release>> = {};
    let previous: k8s.helm.v3.Release | undefined;
    const first = [...(args.after ?? [])];
    for (const spec of specs) {
      const pin = CHARTS[spec.key];
      const release: k8s.helm.v3.Release = new k8s.helm.v3.Release(
        `${name}-${spec.releaseName}`,
        {
          name: spec.releaseName,
          ...chartSource(pin),
          version: spec.version ?? pin.version,
          namespace: pin.namespace,
          createNamespace: true,
          values: spec.values,
          timeout: args.timeoutSeconds ?? 900,
          cleanupOnFail: true,
        },
        { parent: this, provider: args.provider, dependsOn: previous ? [previous] : first },
      );
      releases[spec.key] = release;
      previous = release;
    }
    this.releases = releases;
    this.ready = previous ? [previous] : [];
    this.installed = pulumi.output(specs.map((s) => `${s.releaseName}@${s.version ?? CHARTS[s.key].version}`));
    this.registerOutputs({ installed: this.installed });
  }
}

function validateOperatorArgs(name: string, args: PlatformOperatorsArgs): ReleaseSpec[] {
  const where = `PlatformOperators(${name})`;
  if (args.timeoutSeconds !== undefined && (!Number.isInteger(args.timeoutSeconds) || args.timeoutSeconds < 60)) {
    throw new ComponentArgsError(`${where}.timeoutSeconds`, `must be a whole number of seconds >= 60, got ${args.timeoutSeconds}`);
  }
  try {
    return releasePlan(args);
  } catch (e) {
    throw new ComponentArgsError(`${where}.kubernetesVersion`, (e as Error).message);
  }
}
