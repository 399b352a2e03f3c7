/**
 * The serving pod facts the planner puts in the plan for vLLM and KServe: memory share per
 * time-sliced replica, rollout bounds and the shared memory counted in the memory request.
 */
import { GPU_MEMORY_UTILIZATION } from '../../../planner/options/options';
import { SERVING_ROLLOUT, servingGpuMemoryUtilization, servingSharedMemoryBytes } from '../../../planner/resolve/serving-pod';
import { plan } from '../../../planner/plan';
import { inference, platform } from '../../helpers/platform-builders';

const GiB = 1024 ** 3;

describe('vLLM memory share', () => {
  it('whole GPUs and MIG slices use the usable fraction; a time-sliced share its part of it, rounded down', () => {
    expect(servingGpuMemoryUtilization(undefined, 0.9)).toBe(0.9);
    expect(servingGpuMemoryUtilization(1, 0.9)).toBe(0.9);
    expect(servingGpuMemoryUtilization(0.25, 0.9)).toBe(0.225);
    expect(servingGpuMemoryUtilization(0.3717, 0.9)).toBe(0.3345);
  });

  it('time-sliced replicas sharing a GPU ask vLLM for no more than the whole device together', () => {
    // vLLM's start-up check: free device memory >= gpu_memory_utilization × total, per process
    const p = plan(
      platform({
        policy: { gpuSharing: 'time-slicing', allowedGpus: ['L4'] },
        workloads: [inference('small', 'a', 'llama-3.2-1b', { replicas: 4, maxContextTokens: 2048, concurrency: 4 })],
      }),
    );
    const w = p.workloads.find((x) => x.name === 'small')!;
    expect(w.perReplica.gpuResource?.name).toBe('nvidia.com/gpu.shared');
    expect(w.serving!.gpuMemoryUtilization).toBeLessThanOrEqual(w.perReplica.gpus * GPU_MEMORY_UTILIZATION);
    const shares = new Map<string, number>();
    for (const pl of p.placements.filter((x) => x.workload === 'small')) {
      const key = `${pl.nodePool}/${pl.node}/${pl.gpus.join(',')}`;
      shares.set(key, (shares.get(key) ?? 0) + w.serving!.gpuMemoryUtilization);
    }
    for (const total of shares.values()) expect(total).toBeLessThanOrEqual(1);
    // and the model still fits the share it asks for
    expect(w.perReplica.gpuMemoryBytes).toBeLessThanOrEqual(w.serving!.gpuMemoryUtilization * 24 * GiB * 1.001);
  });
});

describe('rollout and shared memory', () => {
  it('plans no surge replica and counts /dev/shm in the memory request', () => {
    const p = plan(platform({ policy: { allowedGpus: ['H100-80GB'] }, workloads: [inference('big', 'a', 'llama-3.1-70b', { maxContextTokens: 8192 })] }));
    const w = p.workloads.find((x) => x.name === 'big')!;
    expect(w.serving!.rollout).toEqual(SERVING_ROLLOUT);
    const tp = w.parallelism.tensorParallel ?? 1;
    expect(w.serving!.sharedMemoryBytes).toBe(servingSharedMemoryBytes(tp));
    expect(servingSharedMemoryBytes(tp)).toBe(tp * GiB);
    // weights staged in host memory (ceil to GiB, at least 16 GiB) plus the shared memory
    expect(w.perReplica.memoryBytes).toBeGreaterThanOrEqual(16 * GiB + tp * GiB);
    expect(w.perReplica.memoryBytes % GiB).toBe(0);
  });
});
