/**
 * How a planned node pool becomes a GKE node pool: machine type, accelerators (MIG partition
 * size, time-sharing), spot, labels, taints and node count. Pure, so tests can check the mapping
 * without a Pulumi runtime.
 */
import { gpuModel } from '../../planner/catalogue/gpus';
import type { NodePoolPlan } from '../../planner/plan-types';
import { ComponentArgsError } from '../validation';
import { GKE_NODE_POOL_NAME, nameWithin } from '../cloud-names';

/** GKE's driver installation choices we allow (`LATEST` works on COS only). */
export type GkeGpuDriverVersion = 'DEFAULT' | 'LATEST';

/** Root disk of GPU nodes, GB: CUDA serving and training images run to tens of GB. */
export const GKE_GPU_DISK_GB = 200;
/** Root disk of CPU nodes, GB. */
export const GKE_CPU_DISK_GB = 50;

/** One `guestAccelerators` entry. */
export interface GkeGuestAccelerator {
  readonly type: string;
  readonly count: number;
  readonly gpuPartitionSize?: string;
  readonly gpuSharingConfig?: { readonly gpuSharingStrategy: 'TIME_SHARING'; readonly maxSharedClientsPerGpu: number };
  readonly gpuDriverInstallationConfig: { readonly gpuDriverVersion: GkeGpuDriverVersion };
}

/**
 * One GKE node pool of a planned pool. GKE counts `nodeCount` per zone of `nodeLocations`, so a
 * planned pool whose nodes do not split evenly over its zones becomes two GKE node pools with
 * the same labels: the even part over every zone, and the remainder, one node in each of the
 * first zones.
 */
export interface GkeNodePoolPart {
  /** Appended to the pool's resource name: `''` for the even part, `-extra` for the remainder. */
  readonly suffix: '' | '-extra';
  readonly nodeLocations: string[];
  /** Nodes in each zone of `nodeLocations`. */
  readonly nodeCount: number;
}

/** How GKE replaces nodes on upgrades (`upgradeSettings`). */
export interface GkeUpgradeSettings {
  readonly strategy: 'SURGE';
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

/** The node-pool fields that follow from a planned pool. */
export interface GkeNodePoolSettings {
  readonly machineType: string;
  readonly spot: boolean;
  readonly diskSizeGb: number;
  /** Every zone of the pool, sorted. */
  readonly nodeLocations: string[];
  /** The GKE node pools the planned pool becomes; their node counts add up to the plan's. */
  readonly parts: GkeNodePoolPart[];
  /**
   * GPU pools upgrade one node at a time without a surge node: a surge GPU node needs spare GPU
   * quota that a planned fleet does not have, and MIG nodes are reconfigured anyway. CPU pools
   * surge by one node so system pods never lose capacity.
   */
  readonly upgradeSettings: GkeUpgradeSettings;
  readonly labels: Record<string, string>;
  readonly taints: { readonly key: string; readonly value: string; readonly effect: 'NO_SCHEDULE' | 'NO_EXECUTE' }[];
  readonly guestAccelerators: GkeGuestAccelerator[];
}

/** Label prefix GKE reserves for the labels it sets itself (accelerator, partition size, sharing). */
const GKE_LABEL_PREFIX = 'cloud.google.com/';

/**
 * Node-pool settings for a pool.
 *
 * GKE counts `nodeCount` per zone, the plan counts nodes per pool; see {@link GkeNodePoolPart}
 * for an uneven split (an autoscaler range would start the pool at its initial count and only
 * grow when pods are pending, so the planned nodes would not exist up front). The `nvidia.com/gpu` taint is left to GKE, which sets it on every GPU pool of a
 * cluster that also has CPU pools and lets pods requesting GPUs tolerate it automatically.
 *
 * @param where path for errors, e.g. `GkeGpuCluster(staging).plan.nodePools[1]`
 */
export function gkeNodePoolSettings(pool: NodePoolPlan, driver: GkeGpuDriverVersion, where: string): GkeNodePoolSettings {
  const labels: Record<string, string> = {};
  for (const key of Object.keys(pool.labels).sort()) {
    if (!key.startsWith(GKE_LABEL_PREFIX)) labels[key] = pool.labels[key]!;
  }
  const gpu = pool.gpuModel !== null;
  const taints = pool.taints
    .filter((t) => !(gpu && t.key === 'nvidia.com/gpu'))
    .map((t) => ({ key: t.key, value: t.value, effect: t.effect === 'NoExecute' ? ('NO_EXECUTE' as const) : ('NO_SCHEDULE' as const) }));
  const zones = [...pool.zones].sort();
  const perZone = Math.floor(pool.nodes / zones.length);
  const remainder = pool.nodes % zones.length;
  const parts: GkeNodePoolPart[] = [];
  // A pool of 0 planned nodes still exists (its flavor and labels are part of the plan).
  if (perZone > 0 || remainder === 0) parts.push({ suffix: '', nodeLocations: zones, nodeCount: perZone });
  if (remainder > 0) parts.push({ suffix: perZone > 0 ? '-extra' : '', nodeLocations: zones.slice(0, remainder), nodeCount: 1 });
  return {
    machineType: pool.instanceType,
    spot: pool.capacity === 'spot',
    diskSizeGb: gpu ? GKE_GPU_DISK_GB : GKE_CPU_DISK_GB,
    nodeLocations: zones,
    parts,
    upgradeSettings: gpu ? { strategy: 'SURGE', maxSurge: 0, maxUnavailable: 1 } : { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
    labels,
    taints,
    guestAccelerators: gpu ? [guestAccelerator(pool, driver, where)] : [],
  };
}

function guestAccelerator(pool: NodePoolPlan, driver: GkeGpuDriverVersion, where: string): GkeGuestAccelerator {
  const model = gpuModel(pool.gpuModel!);
  if (model.gkeAccelerator === undefined) {
    throw new ComponentArgsError(`${where}.gpuModel`, `GKE offers no accelerator for ${pool.gpuModel}; fix: remove it from spec.policy.allowedGpus for gke`);
  }
  const base = { type: model.gkeAccelerator, count: pool.gpusPerNode, gpuDriverInstallationConfig: { gpuDriverVersion: driver } };
  if (pool.sharing.mode === 'mig') return { ...base, gpuPartitionSize: singlePartitionSize(pool, where) };
  if (pool.sharing.mode === 'time-slicing') {
    const replicas = pool.sharing.replicas;
    if (replicas === undefined || !Number.isInteger(replicas) || replicas < 2) {
      throw new ComponentArgsError(`${where}.sharing.replicas`, `a time-sliced pool needs a whole number of clients per GPU >= 2, got ${replicas}`);
    }
    return { ...base, gpuSharingConfig: { gpuSharingStrategy: 'TIME_SHARING', maxSharedClientsPerGpu: replicas } };
  }
  return base;
}

/** GKE partitions every GPU of a pool the same way, so the plan's layout must use one profile. */
function singlePartitionSize(pool: NodePoolPlan, where: string): string {
  const profiles = new Set<string>();
  for (const group of pool.sharing.migDevices ?? []) for (const p of Object.keys(group.profiles)) profiles.add(p);
  if (profiles.size !== 1) {
    throw new ComponentArgsError(
      `${where}.sharing.migDevices`,
      `a GKE node pool takes exactly one MIG partition size, the plan has ${profiles.size} (${JSON.stringify([...profiles].sort())}); fix: plan one profile per GKE pool`,
    );
  }
  return [...profiles][0]!;
}

/** Most characters of a GKE node-pool name (`GKE_NODE_POOL_NAME`). */
export const GKE_NODE_POOL_NAME_MAX = GKE_NODE_POOL_NAME.maxLength;

/**
 * The logical name of a node pool's resource, such that the auto-named GKE pool is a name GKE
 * accepts (`GKE_NODE_POOL_NAME`: at most 40 characters with Pulumi's suffix, lower case, starting
 * with a letter). Names that already are one are kept as they are (so existing pools are never
 * renamed); others, such as a pool named after its instance type
 * (`gpu-a100-80gb-whole-a2-ultragpu-8g`) or a component name with upper case, are mapped, cut
 * and end in six hex characters of a hash of the whole name, so two names never meet.
 */
export function gkeNodePoolResourceName(component: string, pool: string): string {
  return nameWithin(`${component}-${pool}`, GKE_NODE_POOL_NAME);
}
