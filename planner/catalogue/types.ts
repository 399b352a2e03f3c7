/**
 * Shapes of the catalogue data: GPU models, MIG profiles, instance types, model architectures.
 * Every entry carries a source key resolved in `sources.ts`.
 */
import type { CapacityType } from '../plan-types';
import type { GpuId, Provider } from '../spec/schema';

/** A MIG profile of one GPU model, with its placement rule in memory slots. */
export interface MigProfile {
  /** Name as NVIDIA spells it, e.g. `3g.40gb`. */
  readonly name: string;
  /** Compute slices (of 7). */
  readonly computeSlices: number;
  /** Memory slots (of 8) it covers. */
  readonly memorySlots: number;
  /** Memory of the instance in MiB, as NVML reports it. */
  readonly memoryMiB: number;
  /** Streaming multiprocessors. */
  readonly sms: number;
  /** Memory slots where an instance of this profile may start. */
  readonly startSlots: readonly number[];
  /** Most instances of this profile on one GPU. */
  readonly maxPerGpu: number;
}

/** A GPU model. */
export interface GpuModel {
  readonly id: GpuId;
  /** Memory usable by CUDA, MiB. */
  readonly memoryMiB: number;
  /** Streaming multiprocessors of the whole GPU. */
  readonly sms: number;
  /** Dense bf16 tensor TFLOPS (for compute-weighted sharing decisions). */
  readonly bf16Tflops: number;
  /** MIG profiles; empty when the GPU has no MIG. */
  readonly migProfiles: readonly MigProfile[];
  /** Total memory slots (8 on 7-slice parts). */
  readonly migMemorySlots: number;
  /** PCI device id, as mig-parted's `device-filter` spells it. */
  readonly pciDeviceId?: string;
  /** Value of the `nvidia.com/gpu.product` node label. */
  readonly productLabel: string;
  /** GKE accelerator name, where GKE offers the GPU. */
  readonly gkeAccelerator?: string;
  readonly source: string;
}

/** A cloud instance (machine) type, or kind's one node type. */
export interface InstanceType {
  readonly provider: Provider;
  readonly name: string;
  readonly gpuModel: GpuId | null;
  readonly gpus: number;
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** On-demand USD per hour in the catalogue's reference region. */
  readonly hourlyPrice: number;
  /** Spot price as a fraction of on-demand (catalogue estimate). */
  readonly spotDiscount: number;
  /**
   * Capacity types the type can be bought as. Some GPU shapes are sold only as spot (or through
   * reservations the plan does not model); the planner never plans them on another capacity type.
   */
  readonly capacityTypes: readonly CapacityType[];
  readonly source: string;
}

/** Both capacity types, for instance types sold on demand and as spot. */
export const BOTH_CAPACITY_TYPES: readonly CapacityType[] = ['on-demand', 'spot'];

/** A region's zones and price multiplier. */
export interface Region {
  readonly provider: Exclude<Provider, 'kind'>;
  readonly name: string;
  /** Zone names (on AWS they map to different physical zones in each account). */
  readonly zones: readonly string[];
  /**
   * AWS zone IDs (`use1-az1`): the same physical zone in every account, so the only zone key that
   * availability facts can use. Absent where zone names are already stable (GCP).
   */
  readonly zoneIds?: readonly string[];
  /** Instance type names not offered in this region. */
  readonly unavailable?: readonly string[];
  /** Price relative to the reference region (1 for the reference). */
  readonly priceFactor: number;
  readonly source: string;
}

/** A model architecture. */
export interface ModelArchitecture {
  readonly id: string;
  readonly params: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly intermediateSize: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly vocabSize: number;
  readonly maxContextTokens?: number;
  readonly experts?: number;
  readonly activeExperts?: number;
  readonly tiedEmbeddings?: boolean;
  readonly source: string;
}
