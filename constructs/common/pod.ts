/**
 * The security baseline and the building blocks of every pod the platform renders.
 *
 * Every container gets CPU and memory requests and a memory limit, runs as a non-root user with
 * no privilege escalation, no capabilities and the RuntimeDefault seccomp profile, and a
 * read-only root filesystem with writable emptyDirs where the image needs them. These types are
 * a subset of the core PodSpec, so the same values fit the pod templates inside every CRD.
 */
import { k8s } from 'cdk8s-plus-28';
import { formatBytes, formatCpu } from './quantities';

/** The pod-level fields the constructs set; assignable to every CRD's embedded pod spec. */
export type PodParts = Pick<
  k8s.PodSpec,
  | 'containers'
  | 'volumes'
  | 'nodeSelector'
  | 'tolerations'
  | 'securityContext'
  | 'topologySpreadConstraints'
  | 'automountServiceAccountToken'
  | 'enableServiceLinks'
  | 'serviceAccountName'
  | 'restartPolicy'
>;

/** CPU, memory and GPU one container asks for. */
export interface ContainerResources {
  /** CPU request, milli-CPU. */
  readonly cpuMilli: number;
  /** Memory request and limit, bytes. */
  readonly memoryBytes: number;
  /**
   * Extended GPU resource (`nvidia.com/gpu`, `nvidia.com/mig-3g.40gb`, `nvidia.com/gpu.shared`).
   *
   * @default - no GPU
   */
  readonly gpu?: { readonly name: string; readonly count: number };
}

/**
 * Requests and limits for a container: CPU and memory requested, memory limited to the request
 * (so the scheduler's view is what the node enforces), GPUs requested and limited alike.
 *
 * No CPU limit: throttling a GPU feeder starves the GPU; the CPU request still reserves capacity.
 *
 * @throws Error when a quantity is not a positive whole number
 */
export function containerResources(res: ContainerResources): k8s.ResourceRequirements {
  if (res.cpuMilli <= 0 || res.memoryBytes <= 0) {
    throw new Error(`a container needs a positive CPU and memory request, got cpuMilli=${res.cpuMilli}, memoryBytes=${res.memoryBytes}`);
  }
  const requests: Record<string, k8s.Quantity> = {
    cpu: k8s.Quantity.fromString(formatCpu(res.cpuMilli)),
    memory: k8s.Quantity.fromString(formatBytes(res.memoryBytes)),
  };
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(formatBytes(res.memoryBytes)) };
  if (res.gpu && res.gpu.count > 0) {
    if (!Number.isInteger(res.gpu.count)) {
      throw new Error(`GPU resource '${res.gpu.name}' must be requested in whole devices, got ${res.gpu.count}`);
    }
    requests[res.gpu.name] = k8s.Quantity.fromNumber(res.gpu.count);
    limits[res.gpu.name] = k8s.Quantity.fromNumber(res.gpu.count);
  }
  return { requests, limits };
}

/**
 * The container security context of the baseline (Pod Security `restricted`).
 *
 * @param readOnlyRootFilesystem false only for images that write outside their mounted volumes
 */
export function restrictedContainerSecurity(readOnlyRootFilesystem = true): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The pod security context of the baseline: a fixed non-root user, because several upstream
 * images declare root and `runAsNonRoot` alone would then refuse to start them.
 */
export function restrictedPodSecurity(uid: number): k8s.PodSecurityContext {
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(`pods run as a non-root user id (> 0), got ${uid}`);
  }
  return {
    fsGroup: uid,
    runAsGroup: uid,
    runAsNonRoot: true,
    runAsUser: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A writable scratch directory backed by an emptyDir. */
export interface ScratchDir {
  /** Volume name. */
  readonly name: string;
  /** Mount path in the container. */
  readonly path: string;
  /**
   * Keep it in memory (tmpfs), as `/dev/shm` must be for NCCL and PyTorch data loaders.
   *
   * @default false
   */
  readonly memory?: boolean;
  /**
   * Size limit, bytes.
   *
   * @default - no limit beyond the pod's ephemeral storage
   */
  readonly sizeBytes?: number;
}

/** The volumes and mounts of a set of scratch directories. */
export function scratchVolumes(dirs: readonly ScratchDir[]): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  return {
    volumes: dirs.map((d) => ({
      name: d.name,
      emptyDir: {
        ...(d.memory ? { medium: 'Memory' } : {}),
        ...(d.sizeBytes !== undefined ? { sizeLimit: k8s.Quantity.fromString(formatBytes(d.sizeBytes)) } : {}),
      },
    })),
    mounts: dirs.map((d) => ({ name: d.name, mountPath: d.path })),
  };
}

/** `/tmp` as an emptyDir, the scratch space almost every image needs. */
export const TMP_DIR: ScratchDir = { name: 'tmp', path: '/tmp' };
