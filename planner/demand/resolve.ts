/**
 * A workload of the platform file with every default applied, ready for sizing.
 */
import type { CapacityType } from '../plan-types';
import type { CapacityPolicy, GpuRequestSpec, PlatformSpec, WorkloadSpec } from '../spec/schema';
import { cpuMilliOf, GIB, memoryBytesOf } from './quantity';
import { servingSharedMemoryBytes } from './serving-pod';

/** A workload with defaults resolved. */
export interface ResolvedWorkload {
  readonly spec: WorkloadSpec;
  /** Path of the workload in the user's file, for messages. */
  readonly path: string;
  readonly name: string;
  readonly team: string;
  readonly replicas: number;
  readonly zoneSpread: boolean;
  readonly cpuFallback: boolean;
  /** CPU per replica from `resources.cpu`, when given. */
  readonly cpuMilli?: number;
  /** Memory per replica from `resources.memory`, when given. */
  readonly memoryBytes?: number;
  readonly capacity: CapacityType;
}

/**
 * Capacity type of a workload under the platform's policy.
 *
 * `spot-with-fallback` puts interruptible work (training, batch, Ray) on spot and keeps serving and
 * notebooks on on-demand, where a reclaimed node means dropped requests or lost sessions.
 */
export function capacityFor(policy: CapacityPolicy, type: WorkloadSpec['type']): CapacityType {
  if (policy === 'on-demand') return 'on-demand';
  if (policy === 'spot') return 'spot';
  return type === 'training' || type === 'batch' || type === 'ray' ? 'spot' : 'on-demand';
}

/** Applies defaults to every workload, sorted by name so the file's order never matters. */
export function resolveWorkloads(spec: PlatformSpec): ResolvedWorkload[] {
  const policy = spec.spec.policy?.capacity ?? 'on-demand';
  return spec.spec.workloads
    .map((w, i) => ({
      spec: w,
      path: `spec.workloads[${i}]`,
      name: w.name,
      team: w.team,
      replicas: w.replicas ?? 1,
      zoneSpread: w.zoneSpread ?? false,
      cpuFallback: w.cpuFallback ?? false,
      cpuMilli: w.resources?.cpu !== undefined ? cpuMilliOf(w.resources.cpu) : undefined,
      memoryBytes: w.resources?.memory !== undefined ? memoryBytesOf(w.resources.memory) : undefined,
      capacity: capacityFor(policy, w.type),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * CPU and memory a replica requests when the file does not say, by workload type.
 *
 * Serving: 2 cores per GPU and host memory to stage the weights (at least 16 GiB) plus the
 * replica's `/dev/shm` (`servingSharedMemoryBytes`; a memory given in the file must include it). Training: 4
 * cores and 16 GiB per GPU for data loading. Notebooks and Ray workers: a small interactive
 * footprint. Batch: the least a container needs.
 */
export function defaultRequests(
  w: ResolvedWorkload,
  gpusPerReplica: number,
  weightsBytesPerReplica: number,
): { readonly cpuMilli: number; readonly memoryBytes: number } {
  const g = Math.max(1, Math.ceil(gpusPerReplica));
  let cpuMilli: number;
  let memoryBytes: number;
  switch (w.spec.type) {
    case 'inference':
      cpuMilli = 2000 * g;
      // the memory-backed /dev/shm is charged to the pod's memory, so the request carries it
      memoryBytes = Math.max(16 * GIB, Math.ceil(weightsBytesPerReplica / GIB) * GIB) + servingSharedMemoryBytes(gpusPerReplica);
      break;
    case 'training':
      cpuMilli = 4000 * g;
      memoryBytes = 16 * GIB * g;
      break;
    case 'notebook':
      cpuMilli = 1000;
      memoryBytes = 4 * GIB;
      break;
    case 'ray':
      cpuMilli = 2000 * g;
      memoryBytes = 8 * GIB * g;
      break;
    case 'batch':
      cpuMilli = 1000;
      memoryBytes = 2 * GIB;
      break;
  }
  return { cpuMilli: w.cpuMilli ?? cpuMilli, memoryBytes: w.memoryBytes ?? memoryBytes };
}

/** The GPU request of a workload without a model, or undefined for CPU-only work. */
export function gpuRequestOf(w: WorkloadSpec): GpuRequestSpec | undefined {
  if (w.type === 'notebook' || w.type === 'batch' || w.type === 'ray' || w.type === 'inference') return w.gpu;
  return undefined;
}
