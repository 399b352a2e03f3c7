/**
 * Which pool a replica belongs to, and the pool's stable name, labels, taints and GPU resources.
 *
 * Names come from what the pool is (GPU model, sharing mode, capacity), never from which
 * workloads happen to be in it or in what order, so adding a workload never renames a pool and
 * `pulumi preview` after a small change stays small.
 */
import type { GpuModel } from '../catalogue/types';
import type { CapacityType, PoolTaint, SharingMode } from '../plan-types';
import { MigConfiguration, providerRecord } from '../catalogue/providers';
import type { Provider } from '../spec/schema';

/** What defines a pool. */
export interface PoolKey {
  readonly role: 'system' | 'cpu' | 'gpu';
  readonly gpuModel?: GpuModel;
  readonly mode: SharingMode;
  readonly capacity: CapacityType;
  /** GKE MIG pools: the one partition size of the pool. */
  readonly migProfile?: string;
}

/** Label every pool's nodes carry with the pool name; Kueue flavors select on it. */
export const POOL_LABEL = 'cnai.dev/node-pool';
/** Label carrying the GPU model id. */
export const GPU_MODEL_LABEL = 'cnai.dev/gpu-model';
/** Taint on GPU nodes so only pods that ask for GPUs land there. */
export const GPU_TAINT: PoolTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

const MODE_TOKEN: Readonly<Record<SharingMode, string>> = { exclusive: 'whole', mig: 'mig', 'time-slicing': 'shared' };

/** The pool's name, e.g. `gpu-h100-80gb-mig`, `gpu-l4-shared-spot`, `cpu`, `system`. */
export function poolName(key: PoolKey): string {
  const spot = key.capacity === 'spot' ? '-spot' : '';
  if (key.role === 'system') return 'system';
  if (key.role === 'cpu') return `cpu${spot}`;
  const model = key.gpuModel!.id.toLowerCase();
  const profile = key.migProfile ? `-${key.migProfile.replace(/\./g, '-')}` : '';
  return `gpu-${model}-${MODE_TOKEN[key.mode]}${profile}${spot}`;
}

/** Name of the mig-parted config a MIG pool's nodes select with `nvidia.com/mig.config`. */
export function migConfigName(pool: string): string {
  return `cnai-${pool}`;
}

/** Node labels of a pool: the pool name, the GPU model, and the GPU operator's selectors. */
export function poolLabels(key: PoolKey, name: string, provider: Provider): Record<string, string> {
  const labels: Record<string, string> = { [POOL_LABEL]: name };
  if (key.role !== 'gpu') return labels;
  labels[GPU_MODEL_LABEL] = key.gpuModel!.id;
  if (!providerRecord(provider).operatorConfigLabels) return labels;
  if (key.mode === 'mig') labels['nvidia.com/mig.config'] = migConfigName(name);
  if (key.mode === 'time-slicing') labels['nvidia.com/device-plugin.config'] = name;
  return labels;
}

/** Taints of a pool: GPU pools repel pods that do not ask for GPUs. */
export function poolTaints(key: PoolKey): PoolTaint[] {
  return key.role === 'gpu' ? [GPU_TAINT] : [];
}

/**
 * The Kubernetes extended resource a replica requests on the pool.
 *
 * Taken from the provider's record: with the GPU operator's mixed MIG strategy a MIG instance is
 * `nvidia.com/mig-3g.40gb`; a provider that partitions on the node pool exposes `nvidia.com/gpu`.
 */
export function gpuResourceName(provider: Provider, mode: SharingMode, migProfile?: string): string {
  const record = providerRecord(provider);
  if (mode === 'mig') return record.migResource === 'per-profile' ? `nvidia.com/mig-${migProfile}` : 'nvidia.com/gpu';
  if (mode === 'time-slicing') return record.sharedResource;
  return 'nvidia.com/gpu';
}

/** Whether a MIG pool holds a single partition size (and so is keyed by its profile). */
export function onePartitionPerPool(provider: Provider): boolean {
  return providerRecord(provider).migConfiguration === MigConfiguration.PARTITION_SIZE;
}
