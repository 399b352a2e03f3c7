/**
 * What the optimiser plans: every way each group of identical workloads can run (its options),
 * with the GPU, CPU and memory of each pod. Built by the planner from its own options
 * (`planner/optimise/optimise.ts`) and by the benchmark's reference from single-workload plans.
 */
import type { GpuDemand } from '../packing/items';
import type { GpuId } from '../spec/schema';

/** The GPU part of one pod's demand: the packer's own definition, so both stages read one shape. */
export type GpuNeed = GpuDemand;

/** One way a workload can run. */
export interface PodOption {
  /** Stable key: GPU model, mode, demand and (when pinned) the instance type. */
  readonly key: string;
  readonly gpuModel: GpuId | null;
  readonly need: GpuNeed;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** Pods of one workload with this option (replicas, or nodes of a training job). */
  readonly pods: number;
  /**
   * The one instance type the option's pods may run on: a workload's pods live in one pool, and a
   * pool has one instance type. Absent: any instance type of the GPU model.
   */
  readonly instanceType?: string;
}

/** Identical workloads (same options, spread and capacity), counted. */
export interface DemandGroup {
  readonly key: string;
  /** Names of the workloads in the group, sorted. */
  readonly workloads: readonly string[];
  readonly zoneSpread: boolean;
  readonly capacity: 'on-demand' | 'spot';
  readonly options: readonly PodOption[];
}

/** A platform's demand, ready for the optimiser. */
export interface Demand {
  readonly provider: 'eks' | 'gke';
  readonly zones: readonly string[];
  readonly groups: readonly DemandGroup[];
  /** The system pool's hourly cost, which every plan of the platform pays. */
  readonly systemHourly: number;
}
