/**
 * The RayCluster spec shared by {@link RayCluster} and {@link RayJob}: one CPU head and one
 * worker group, both within the security baseline.
 */
import { k8s } from 'cdk8s-plus-28';
import { RAY_HEAD_REQUESTS } from '../../planner/resolve/pod-requests';
import { IMAGES, RAY_VERSION } from '../../versions';
import { appLabels, WORKLOAD_LABEL } from '../common/labels';
import {
  type ContainerResources,
  containerResources,
  type PodParts,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  scratchVolumes,
  TMP_DIR,
} from '../common/pod';
import { type PodPlacement, tolerationsFor, zoneSpread } from '../common/scheduling';

/** Properties of the Ray cluster of a {@link RayCluster} or {@link RayJob}. */
export interface RayClusterOptions {
  /** Workers in the one worker group. */
  readonly workers: number;
  /** CPU, memory and GPU of one worker. */
  readonly workerResources: ContainerResources;
  /**
   * CPU and memory of the head, which schedules no tasks (`num-cpus: 0`).
   *
   * @default - 1 CPU, 4 GiB
   */
  readonly headResources?: ContainerResources;
  /**
   * Node selector and tolerations of the workers' node pool.
   *
   * @default - schedule anywhere
   */
  readonly workerPlacement?: PodPlacement;
  /**
   * Node selector of the head.
   *
   * @default - schedule anywhere
   */
  readonly headPlacement?: PodPlacement;
  /**
   * Spread workers evenly across zones.
   *
   * @default false
   */
  readonly zoneSpread?: boolean;
  /**
   * Ray image of the workers.
   *
   * @default - `IMAGES.rayGpu` when workers have GPUs, else `IMAGES.ray`
   */
  readonly image?: string;
}

/** Pod template parts of a Ray pod. */
interface RayPodTemplate {
  /** Pod labels. */
  readonly metadata: { readonly labels: Record<string, string> };
  /** Pod spec. */
  readonly spec: PodParts;
}

/** A Ray cluster spec, built from core types and assignable to the RayCluster and RayJob bindings. */
export interface RayClusterSpecParts {
  /** Ray version of the image (`spec.rayVersion`). */
  readonly rayVersion: string;
  /** Always false: Kueue admits a fixed size. */
  readonly enableInTreeAutoscaling: boolean;
  /** The head pod. */
  readonly headGroupSpec: { readonly rayStartParams: Record<string, string>; readonly template: RayPodTemplate };
  /** The one worker group. */
  readonly workerGroupSpecs: {
    /** Group name. */
    readonly groupName: string;
    /** Workers. */
    readonly replicas: number;
    /** Equal to replicas. */
    readonly minReplicas: number;
    /** Equal to replicas. */
    readonly maxReplicas: number;
    /** `ray start` parameters. */
    readonly rayStartParams: Record<string, string>;
    /** Worker pod template. */
    readonly template: RayPodTemplate;
  }[];
}

const RAY_UID = 1000;

/** Port of the Ray metrics exporter on every Ray pod (Ray's `--metrics-export-port` as KubeRay sets it). */
export const RAY_METRICS_PORT = 8080;

/**
 * Builds the cluster spec.
 *
 * @throws Error when the worker count is not a whole number >= 1
 */
export function rayClusterSpec(name: string, opts: RayClusterOptions): RayClusterSpecParts {
  if (!Number.isInteger(opts.workers) || opts.workers < 1) {
    throw new Error(`Ray cluster '${name}': workers must be a whole number >= 1, got ${opts.workers}`);
  }
  const workerGpus = opts.workerResources.gpu?.count ?? 0;
  const onGpu = workerGpus > 0;
  const workerImage = opts.image ?? (onGpu ? IMAGES.rayGpu : IMAGES.ray);
  const labels = { ...appLabels(name, 'ray'), [WORKLOAD_LABEL]: name };
  const head = rayPod('ray-head', opts.image ?? IMAGES.ray, opts.headResources ?? RAY_HEAD_REQUESTS, opts.headPlacement, [
    { containerPort: 6379, name: 'gcs', protocol: 'TCP' },
    { containerPort: 8265, name: 'dashboard', protocol: 'TCP' },
    { containerPort: 10001, name: 'client', protocol: 'TCP' },
    { containerPort: RAY_METRICS_PORT, name: 'metrics', protocol: 'TCP' },
  ]);
  const worker = rayPod('ray-worker', workerImage, opts.workerResources, opts.workerPlacement, [
    { containerPort: RAY_METRICS_PORT, name: 'metrics', protocol: 'TCP' },
  ]);
  return {
    rayVersion: RAY_VERSION,
    // Kueue admits a fixed worker count; autoscaling would need elastic workloads
    enableInTreeAutoscaling: false,
    headGroupSpec: {
      rayStartParams: { 'dashboard-host': '0.0.0.0', 'num-cpus': '0' },
      template: { metadata: { labels: { ...labels, 'cnai.dev/ray-node': 'head' } }, spec: head },
    },
    workerGroupSpecs: [
      {
        groupName: 'workers',
        replicas: opts.workers,
        minReplicas: opts.workers,
        maxReplicas: opts.workers,
        // KubeRay derives num-gpus only from names ending in 'gpu' or 'nvidia.com/mig-*'
        // (ray-operator/controllers/ray/utils/resources.go@v1.7.0), not from nvidia.com/gpu.shared
        rayStartParams: onGpu ? { 'num-gpus': String(workerGpus) } : {},
        template: {
          metadata: { labels: { ...labels, 'cnai.dev/ray-node': 'worker' } },
          spec: { ...worker, ...(opts.zoneSpread ? { topologySpreadConstraints: zoneSpread({ ...labels, 'cnai.dev/ray-node': 'worker' }) } : {}) },
        },
      },
    ],
  };
}

function rayPod(container: string, image: string, res: ContainerResources, placement: PodPlacement | undefined, ports: k8s.ContainerPort[]): PodParts {
  // Ray keeps logs and sockets in /tmp/ray and its object store in /dev/shm
  const scratch = scratchVolumes([TMP_DIR, { name: 'dshm', path: '/dev/shm', memory: true }]);
  return {
    automountServiceAccountToken: false,
    containers: [
      {
        name: container,
        image,
        env: [{ name: 'HOME', value: '/tmp' }],
        ports,
        resources: containerResources(res),
        securityContext: restrictedContainerSecurity(),
        volumeMounts: scratch.mounts,
      },
    ],
    ...(placement ? { nodeSelector: { ...placement.nodeSelector } } : {}),
    ...(placement && placement.tolerations.length > 0 ? { tolerations: tolerationsFor(placement.tolerations) } : {}),
    securityContext: restrictedPodSecurity(RAY_UID),
    volumes: scratch.volumes,
  };
}
