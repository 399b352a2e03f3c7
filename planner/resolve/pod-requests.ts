/**
 * What a whole pod requests, counted as the scheduler and Kueue count it, and the pods the
 * controllers add around a workload's own containers (a RayCluster's head, KServe's
 * storage-initializer). Quotas and packing that count only the app containers plan too little.
 */
import { GIB, MIB } from './quantity';

/** CPU and memory of one container or pod. */
export interface Requests {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

/** An init container: a sidecar when it restarts (`restartPolicy: Always`) and so runs beside the app. */
export interface InitContainerRequests extends Requests {
  readonly sidecar: boolean;
}

/**
 * The effective requests of a pod: max(sum(app) + sum(sidecars), each init container plus the
 * sidecars started before it), per resource.
 *
 * @see https://github.com/kubernetes/component-helpers/blob/master/resource/helpers.go (`PodRequests`,
 *   which Kueue v0.19.2 calls in `pkg/workload/workload.go` and kube-scheduler in its fit plugin)
 */
export function podRequests(containers: readonly Requests[], initContainers: readonly InitContainerRequests[] = []): Requests {
  // the common pod, one container and nothing injected: its own requests (fleets plan thousands)
  if (containers.length === 1 && initContainers.length === 0) return containers[0]!;
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const c of containers) {
    cpuMilli += c.cpuMilli;
    memoryBytes += c.memoryBytes;
  }
  let sidecarCpu = 0;
  let sidecarMemory = 0;
  let initCpu = 0;
  let initMemory = 0;
  for (const c of initContainers) {
    if (c.sidecar) {
      sidecarCpu += c.cpuMilli;
      sidecarMemory += c.memoryBytes;
      initCpu = Math.max(initCpu, sidecarCpu);
      initMemory = Math.max(initMemory, sidecarMemory);
    } else {
      initCpu = Math.max(initCpu, c.cpuMilli + sidecarCpu);
      initMemory = Math.max(initMemory, c.memoryBytes + sidecarMemory);
    }
  }
  return { cpuMilli: Math.max(cpuMilli + sidecarCpu, initCpu), memoryBytes: Math.max(memoryBytes + sidecarMemory, initMemory) };
}

/**
 * The storage-initializer init container KServe injects into every predictor that loads a model
 * from a storage URI: its default requests.
 *
 * @see https://github.com/kserve/kserve/blob/v0.20.0/config/configmap/inferenceservice.yaml (`storageInitializer`: cpuRequest 100m, memoryRequest 100Mi)
 */
export const KSERVE_STORAGE_INITIALIZER: InitContainerRequests = { cpuMilli: 100, memoryBytes: 100 * MIB, sidecar: false };

/**
 * Requests of a RayCluster's head. The head runs the GCS, the dashboard and the driver but no
 * tasks (`num-cpus: 0`), so it needs no GPU: one core and 4 GiB hold the GCS of a small cluster.
 */
export const RAY_HEAD_REQUESTS: Requests = { cpuMilli: 1000, memoryBytes: 4 * GIB };
