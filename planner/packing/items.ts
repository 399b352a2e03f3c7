/**
 * What the packer places: one item per workload replica, with its GPU demand, CPU and memory.
 */

/** The GPU part of a replica's demand. */
export type GpuDemand =
  /** No GPU (CPU-only work). */
  | { readonly kind: 'none' }
  /** Whole GPUs, all on one node. */
  | { readonly kind: 'whole'; readonly count: number }
  /** One MIG instance of a profile. */
  | { readonly kind: 'mig'; readonly profile: string }
  /** A time-sliced share of one GPU: thousandths of its compute and bytes of its memory. */
  | { readonly kind: 'share'; readonly milli: number; readonly memoryBytes: number };

/** One replica to place. */
export interface PackItem {
  readonly workload: string;
  readonly replica: number;
  readonly gpu: GpuDemand;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** The zone the replica must land in (zone-spread workloads), or any zone. */
  readonly zone?: string;
  /** True for a pod a controller adds beside the replicas (a Ray head); it has no placement of its own in the plan. */
  readonly head?: boolean;
  /** True when no two replicas of the item's workload may share a node (hostname anti-affinity). */
  readonly distinctNodes?: boolean;
}
