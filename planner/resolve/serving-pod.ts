/**
 * Facts of a serving replica's pod that both the plan and the rendered objects depend on: its
 * shared memory, its rollout bounds and the GPU memory share vLLM is told to use.
 */
import { GIB } from './quantity';

/**
 * Memory-backed `/dev/shm` per GPU of a serving replica, bytes. PyTorch and NCCL exchange tensors
 * between the tensor-parallel workers through it; 1 GiB per GPU is NCCL's and vLLM's Docker
 * guidance (`--shm-size`) scaled by the number of workers.
 */
export const SERVING_SHM_BYTES_PER_GPU = GIB;

/**
 * The `/dev/shm` size limit of a serving replica using `gpus` GPUs (at least one GPU's worth,
 * also for CPU and fractional replicas). A memory-backed emptyDir is charged to the pod's memory
 * cgroup, so the replica's memory request includes it.
 */
export function servingSharedMemoryBytes(gpus: number): number {
  return SERVING_SHM_BYTES_PER_GPU * Math.max(1, Math.ceil(gpus));
}

/**
 * Rollout bounds of a serving Deployment: replace one replica at a time, never start one above
 * the planned count. GPU quota, the team's ResourceQuota and the node pool are planned exactly
 * full, so a surge replica (KServe's default RollingUpdate 25 %/25 %) would stay Pending forever
 * and the rollout would never finish.
 */
export const SERVING_ROLLOUT = { maxSurge: 0, maxUnavailable: 1 } as const;

/**
 * vLLM's `--gpu-memory-utilization` for a replica. vLLM refuses to start when the free memory of
 * the device is below this fraction of the device's whole memory, so a time-sliced replica (which
 * sees the whole GPU) asks for its planned share of the usable memory, rounded down; whole GPUs
 * and MIG slices (vLLM sees only the slice) use `usable`.
 *
 * @param share the replica's time-sliced share of one GPU in (0, 1], or undefined when not time-sliced
 * @param usable the fraction of a device the planner sizes against (0.9)
 */
export function servingGpuMemoryUtilization(share: number | undefined, usable: number): number {
  if (share === undefined || share >= 1) return usable;
  return Math.floor(share * usable * 10_000) / 10_000;
}
