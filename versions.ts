/**
 * Every pinned upstream version of the platform: Helm charts, container images, CRD bundles and
 * the Kubernetes minors the stack supports. No version string appears anywhere else.
 *
 * Facts and their sources: `reference/stack-facts.md` (§0 pin summary, §8 images) and
 * `crds/SOURCES.md` next to the repository. An upgrade changes this file, regenerates
 * `constructs/imports/` with `scripts/import-crds.ts`, and adds a note to `docs/upgrading.md`.
 */

/** A pinned Helm chart. */
export interface ChartPin {
  /**
   * Classic Helm repository URL; absent for OCI charts, whose `chart` is the full `oci://` reference.
   */
  readonly repo?: string;
  /** Chart name (classic repository) or full `oci://` reference. */
  readonly chart: string;
  /** Exact chart version, spelled as the registry publishes it (some carry a `v`). */
  readonly version: string;
  /** Namespace the release is installed into. */
  readonly namespace: string;
  /** Release notes of the pinned version. */
  readonly releaseNotes: string;
}

/** Keys of {@link CHARTS}. */
export type ChartKey = 'gpuOperator' | 'kueue' | 'kserveCrd' | 'kserveResources' | 'kuberay' | 'trainer' | 'kubePrometheusStack' | 'mlflow' | 'certManager';

/**
 * Every Helm chart of the stack, pinned exactly.
 *
 * Install order (dependencies first): certManager, kubePrometheusStack, gpuOperator, kueue,
 * kuberay, trainer, kserveCrd, kserveResources. `mlflow` is not installed: the platform renders
 * the tracking server itself, and the pin records the chart its image and namespace come from.
 */
export const CHARTS: Readonly<Record<ChartKey, ChartPin>> = {
  gpuOperator: {
    repo: 'https://helm.ngc.nvidia.com/nvidia',
    chart: 'gpu-operator',
    version: 'v26.7.0',
    namespace: 'gpu-operator',
    releaseNotes: 'https://github.com/NVIDIA/gpu-operator/releases/tag/v26.7.0',
  },
  kueue: {
    chart: 'oci://registry.k8s.io/kueue/charts/kueue',
    version: '0.19.2',
    namespace: 'kueue-system',
    releaseNotes: 'https://github.com/kubernetes-sigs/kueue/releases/tag/v0.19.2',
  },
  kserveCrd: {
    chart: 'oci://ghcr.io/kserve/charts/kserve-crd',
    version: 'v0.20.0',
    namespace: 'kserve',
    releaseNotes: 'https://github.com/kserve/kserve/releases/tag/v0.20.0',
  },
  kserveResources: {
    chart: 'oci://ghcr.io/kserve/charts/kserve-resources',
    version: 'v0.20.0',
    namespace: 'kserve',
    releaseNotes: 'https://github.com/kserve/kserve/releases/tag/v0.20.0',
  },
  kuberay: {
    repo: 'https://ray-project.github.io/kuberay-helm/',
    chart: 'kuberay-operator',
    version: '1.7.0',
    namespace: 'kuberay-system',
    releaseNotes: 'https://github.com/ray-project/kuberay/releases/tag/v1.7.0',
  },
  trainer: {
    chart: 'oci://ghcr.io/kubeflow/charts/kubeflow-trainer',
    version: '2.3.0',
    namespace: 'kubeflow-system',
    releaseNotes: 'https://github.com/kubeflow/trainer/releases/tag/v2.3.0',
  },
  kubePrometheusStack: {
    repo: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    // the last chart release carrying prometheus-operator v0.93.0, matching the vendored CRDs
    version: '88.3.0',
    namespace: 'monitoring',
    releaseNotes: 'https://github.com/prometheus-community/helm-charts/releases/tag/kube-prometheus-stack-88.3.0',
  },
  mlflow: {
    repo: 'https://community-charts.github.io/helm-charts',
    chart: 'mlflow',
    version: '1.11.5',
    namespace: 'mlflow',
    releaseNotes: 'https://github.com/community-charts/helm-charts/releases/tag/mlflow-1.11.5',
  },
  certManager: {
    repo: 'https://charts.jetstack.io',
    chart: 'cert-manager',
    version: 'v1.21.2',
    namespace: 'cert-manager',
    releaseNotes: 'https://github.com/cert-manager/cert-manager/releases/tag/v1.21.2',
  },
};

/** Application (operator) versions of the pinned charts, as their projects tag them. */
export const APP_VERSIONS = {
  gpuOperator: 'v26.7.0',
  kueue: 'v0.19.2',
  kserve: 'v0.20.0',
  kuberay: 'v1.7.0',
  trainer: 'v2.3.0',
  prometheusOperator: 'v0.93.0',
  mlflow: '3.15.1',
  certManager: 'v1.21.2',
} as const;

/**
 * Container images the constructs render, pinned to exact tags.
 *
 * Each tag below was confirmed to exist (reviewed 2026-12-01): in the publisher's own chart or
 * release for the GPU operator's operands, otherwise pulled by digest in public deployments,
 * which a registry serves only for a published tag. Where the evidence is that kind of public
 * use, the comment says so and gives the digest seen.
 */
export const IMAGES = {
  /**
   * vLLM OpenAI-compatible server, the engine of the `cnai-vllm` ServingRuntime. v0.31.0 is the
   * newest tag seen pulled by digest (`sha256:c1c9f6fd…`, CUDA 13.0); v0.33.0, pinned before,
   * was seen nowhere and v0.32.0 only once, without a digest.
   */
  vllm: 'vllm/vllm-openai:v0.31.0',
  /**
   * vLLM's CPU build, used for `cpuFallback` inference on kind (same release; a multi-arch tag
   * beside `-x86_64`/`-arm64`, seen in public use).
   */
  vllmCpu: 'vllm/vllm-openai-cpu:v0.31.0',
  /** MLflow tracking server (the image the community chart 1.11.5 is built and tested with). */
  mlflow: 'burakince/mlflow:3.15.1',
  /** PostgreSQL backend store for MLflow when it runs in-cluster (tag seen pulled, its `-bookworm` variant by digest). */
  postgres: 'postgres:18.4',
  /**
   * PyTorch runtime of Kubeflow Trainer v2.3.0's `torch-distributed` (seen pulled by digest
   * `sha256:db80a41f…`, Python 3.12, PyTorch 2.13.0+cu130).
   */
  pytorch: 'pytorch/pytorch:2.13.0-cuda13.0-cudnn9-runtime',
  /** Ray for CPU pods (head, CPU workers); matches the KubeRay v1.7.0 samples. */
  ray: 'rayproject/ray:2.52.0',
  /** Ray with CUDA for GPU workers (the `-gpu` variant of the same release, seen in public use). */
  rayGpu: 'rayproject/ray:2.52.0-gpu',
  /**
   * JupyterLab with PyTorch and CUDA for notebooks (Jupyter docker-stacks; the
   * `cuda12-pytorch-<version>` tag scheme, a tag pulled in many public setups).
   */
  notebook: 'quay.io/jupyter/pytorch-notebook:cuda12-pytorch-2.5.1',
  /** DCGM exporter shipped by the GPU operator v26.7.0. */
  dcgmExporter: 'nvcr.io/nvidia/k8s/dcgm-exporter:4.6.0-4.8.3-distroless',
  /** Device plugin shipped by the GPU operator v26.7.0. */
  devicePlugin: 'nvcr.io/nvidia/k8s-device-plugin:v0.20.0',
  /** MIG manager shipped by the GPU operator v26.7.0. */
  migManager: 'nvcr.io/nvidia/cloud-native/k8s-mig-manager:v0.15.0',
  /**
   * GPU operator image. Since v25.10.0 it also carries the validator (the chart's
   * `deployments/gpu-operator/values.yaml@v26.7.0` sets `validator: {repository: nvcr.io/nvidia,
   * image: gpu-operator}` and the version defaults to the chart's appVersion); the validator is the
   * init container of the device plugin, GFD, DCGM exporter and MIG manager.
   */
  gpuOperator: 'nvcr.io/nvidia/gpu-operator:v26.7.0',
  /** Container toolkit shipped by the GPU operator v26.7.0. */
  containerToolkit: 'nvcr.io/nvidia/k8s/container-toolkit:v1.20.0',
} as const;

/** The Ray version matching {@link IMAGES}.ray (RayCluster `spec.rayVersion`). */
export const RAY_VERSION = '2.52.0';

/** The data-center driver branch the GPU operator v26.7.0 installs where it manages drivers. */
export const NVIDIA_DRIVER_VERSION = '595.91.07';

/** A vendored CRD bundle: the upstream release the schemas in `crds/` were copied from. */
export interface CrdBundlePin {
  /** GitHub `owner/name`. */
  readonly repository: string;
  /** Release tag. */
  readonly tag: string;
  /** Commit the tag points to. */
  readonly commit: string;
  /** API versions of that bundle the constructs render. */
  readonly apiVersions: readonly string[];
}

/** CRD bundles the constructs' typed bindings are generated from (`scripts/import-crds.ts`). */
export const CRD_BUNDLES: Readonly<Record<'kueue' | 'kserve' | 'kuberay' | 'trainer' | 'gpuOperator' | 'prometheusOperator', CrdBundlePin>> = {
  kueue: {
    repository: 'kubernetes-sigs/kueue',
    tag: 'v0.19.2',
    commit: '8eab68778fc1b52affe165fdf5af29d1e9b4f3cb',
    apiVersions: ['kueue.x-k8s.io/v1beta2'],
  },
  kserve: {
    repository: 'kserve/kserve',
    tag: 'v0.20.0',
    commit: '1fb781055dd1567164358233e1125142ca6ef1fe',
    apiVersions: ['serving.kserve.io/v1beta1', 'serving.kserve.io/v1alpha1'],
  },
  kuberay: {
    repository: 'ray-project/kuberay',
    tag: 'v1.7.0',
    commit: '59d663aeec13760646da3db9c1cf8cfe883e30b7',
    apiVersions: ['ray.io/v1'],
  },
  trainer: {
    repository: 'kubeflow/trainer',
    tag: 'v2.3.0',
    commit: '658725bdae5c7e3a0854d93ac6ff492e109a22ab',
    apiVersions: ['trainer.kubeflow.org/v1alpha1'],
  },
  gpuOperator: {
    repository: 'NVIDIA/gpu-operator',
    tag: 'v26.7.0',
    commit: '10ee5b3638b89e11e949412aafa5ba99279c3721',
    apiVersions: ['nvidia.com/v1'],
  },
  prometheusOperator: {
    repository: 'prometheus-operator/prometheus-operator',
    tag: 'v0.93.0',
    commit: 'f8fafd475f3d132e239432ae6172de60a6cb6516',
    apiVersions: ['monitoring.coreos.com/v1'],
  },
};

/** What the pinned stack supports on one Kubernetes minor. */
export interface KubernetesMinorSupport {
  /** cert-manager chart version for this minor (the 1.21 line covers 1.33 to 1.36). */
  readonly certManager: string;
  /** The core API the constructs are typed against (cdk8s-plus-28). */
  readonly typedApi: '1.28';
}

/**
 * Kubernetes minors the pinned stack is known to run on, with the per-minor choices.
 *
 * cert-manager v1.21 supports Kubernetes 1.33 to 1.36; older minors use the release line that
 * covers them. Look minors up with {@link versionsForKubernetes}:
 * an unknown minor is an error, never a silent fallback.
 */
export const KUBERNETES_MINORS: Readonly<Record<string, KubernetesMinorSupport>> = {
  // cert-manager 1.19 covers 1.31 to 1.34 and 1.20 covers 1.32 to 1.35. Newest patch tags of
  // each line in cert-manager/cert-manager (repository snapshot of 2026-08-22): v1.19.6
  // (2026-06-25, the last of the 1.19 line: its branch saw no commit after 2026-07-10) and
  // v1.20.3 (2026-06-25). UNVERIFIED after that date: a later 1.20 patch may have shipped.
  '1.31': { certManager: 'v1.19.6', typedApi: '1.28' },
  '1.32': { certManager: 'v1.20.3', typedApi: '1.28' },
  '1.33': { certManager: 'v1.21.2', typedApi: '1.28' },
  '1.34': { certManager: 'v1.21.2', typedApi: '1.28' },
  '1.35': { certManager: 'v1.21.2', typedApi: '1.28' },
  '1.36': { certManager: 'v1.21.2', typedApi: '1.28' },
};

/**
 * Kubernetes minor a plan assumes when the platform file names none: the newest minor that is
 * in every supported provider's standard support and in {@link KUBERNETES_MINORS} (1.36, the
 * newest in the map, is still rolling out on the managed services). UNVERIFIED: EKS and GKE
 * availability of 1.35 as of 2026-12 was taken from their 14-month release cadence, not read
 * from either provider's calendar.
 */
export const DEFAULT_KUBERNETES_MINOR = '1.35';

/**
 * The per-minor versions for a Kubernetes minor such as `1.33`.
 *
 * @throws Error naming the minor and the supported ones when the minor is not in {@link KUBERNETES_MINORS}
 */
export function versionsForKubernetes(minor: string): KubernetesMinorSupport {
  const found = KUBERNETES_MINORS[minor];
  if (!found) {
    const known = Object.keys(KUBERNETES_MINORS).sort().join(', ');
    throw new Error(`Kubernetes minor '${minor}' is not supported by the pinned stack; supported: ${known}. Pick one of them in spec.target.kubernetesVersion`);
  }
  return found;
}

/**
 * kind, the local cluster the `dev` stack and the e2e workflow run on, and its node image per
 * Kubernetes minor. The node image decides the cluster's Kubernetes version, so the kind
 * configuration pins it for the plan's minor; a minor without a pinned image is an error.
 *
 * kind v0.31.0 (https://github.com/kubernetes-sigs/kind/releases/tag/v0.31.0): its default
 * image, `pkg/apis/config/defaults/image.go@v0.31.0`, is Kubernetes v1.35.0 with the digest
 * below. The images of the other minors are listed only in the release notes, which were not
 * readable here; the four digests below are the ones that release's table gives, read from
 * several independent public copies of it that agree byte for byte (and agree with image.go on
 * v1.35.0). 1.36 has no image built with v0.31.0 (its first kind image, v1.36.1, ships with kind
 * v0.32.0), so 1.36 stays refused on kind.
 */
export const KIND = {
  /** kind CLI release. */
  version: 'v0.31.0',
  /** Node image by Kubernetes minor, pinned by digest as the kind release notes ask. */
  nodeImages: {
    '1.31': 'kindest/node:v1.31.14@sha256:6f86cf509dbb42767b6e79debc3f2c32e4ee01386f0489b3b2be24b0a55aac2b',
    '1.32': 'kindest/node:v1.32.11@sha256:5fc52d52a7b9574015299724bd68f183702956aa4a2116ae75a63cb574b35af8',
    '1.33': 'kindest/node:v1.33.7@sha256:d26ef333bdb2cbe9862a0f7c3803ecc7b4303d8cea8e814b481b09949d353040',
    '1.34': 'kindest/node:v1.34.3@sha256:08497ee19eace7b4b5348db5c6a1591d7752b164530a36f855cb0f2bdcbadd48',
    '1.35': 'kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f',
  } as Readonly<Record<string, string>>,
} as const;

/** Keys of {@link EKS_ADDONS}. */
export type EksAddonKey = 'vpcCni' | 'ebsCsiDriver' | 'podIdentityAgent';

/** An EKS managed add-on and the version pinned for each Kubernetes minor. */
export interface EksAddonPin {
  /** The add-on's name in the EKS API (`addonName`). */
  readonly name: string;
  /**
   * `addonVersion` by Kubernetes minor. A minor without an entry leaves the version to EKS, which
   * installs the add-on's default version for the cluster's minor.
   */
  readonly versions: Readonly<Record<string, string>>;
}

/**
 * The EKS add-ons the EKS cluster component installs.
 *
 * vpc-cni: v1.20.1-eksbuild.3 is the version the EKS user guide's "Amazon VPC CNI versions" table
 * (pod-networking page) lists for 1.27 to 1.33; pinned for the supported minors in that table.
 * UNVERIFIED for 1.34 to 1.36 (the stored copies of that table stop at 1.33) and for every minor
 * of aws-ebs-csi-driver and eks-pod-identity-agent (no version table of either add-on could be
 * read; searched the EKS user guide and API reference 2026-12-01): those stay unpinned.
 */
export const EKS_ADDONS: Readonly<Record<EksAddonKey, EksAddonPin>> = {
  vpcCni: {
    name: 'vpc-cni',
    versions: { '1.31': 'v1.20.1-eksbuild.3', '1.32': 'v1.20.1-eksbuild.3', '1.33': 'v1.20.1-eksbuild.3' },
  },
  ebsCsiDriver: { name: 'aws-ebs-csi-driver', versions: {} },
  podIdentityAgent: { name: 'eks-pod-identity-agent', versions: {} },
};

/** The pinned `addonVersion` of an EKS add-on on a Kubernetes minor, or undefined where EKS picks its default. */
export function eksAddonVersion(key: EksAddonKey, minor: string): string | undefined {
  return EKS_ADDONS[key].versions[minor];
}
