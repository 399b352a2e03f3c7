/**
 * How a planned node pool becomes an EKS managed node group: AMI, capacity type, size, labels and
 * taints. Pure, so tests can check the mapping without a Pulumi runtime.
 */
import { instanceTypes } from '../../planner/catalogue/instance-types';
import type { NodePoolPlan, Placement, PoolTaint } from '../../planner/plan-types';
import { zonesOfNodes } from '../../planner/pools/node-zones';
import { EC2_LAUNCH_TEMPLATE_NAME, EKS_NODE_GROUP_NAME, nameWithin } from '../cloud-names';

/** AMI for GPU node groups: ships the NVIDIA driver and container toolkit (the GPU operator skips both). */
export const EKS_GPU_AMI_TYPE = 'AL2023_x86_64_NVIDIA';
/** AMI for CPU node groups. */
export const EKS_CPU_AMI_TYPE = 'AL2023_x86_64_STANDARD';

/** Root volume size of GPU nodes: serving and training images with CUDA run to tens of GiB. */
export const GPU_NODE_DISK_GIB = 200;
/** Root volume size of CPU nodes. */
export const CPU_NODE_DISK_GIB = 50;

/**
 * Most on-demand price, relative to the planned type, a spot alternative may list at: the plan's
 * cost stays a fair estimate while spot capacity is drawn from more than one instance pool.
 */
export const SPOT_ALTERNATIVE_PRICE_RATIO = 1.25;
/** Most instance types one spot node group lists (the planned one first). */
export const MAX_SPOT_INSTANCE_TYPES = 4;

/**
 * The system node group `EksGpuCluster` creates when the plan has no `system` pool (its
 * `systemInstanceType` and `systemNodes` arguments override the type and count).
 */
export const EKS_SYSTEM_NODE_GROUP = {
  instanceType: 'm6i.xlarge',
  nodes: 2,
  labels: { 'cnai.dev/node-pool': 'system' },
} as const;

/** An EKS node group taint (effects spelled as the EKS API wants them). */
export interface EksTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NO_SCHEDULE' | 'NO_EXECUTE';
}

/** The node-group fields that follow from a planned pool. */
export interface EksNodeGroupSettings {
  readonly amiType: string;
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
  /** The planned type first; on spot, alternatives that can stand in for it follow. */
  readonly instanceTypes: string[];
  /** Root volume, GiB (set through the node group's launch template, gp3, encrypted). */
  readonly diskSize: number;
  readonly scalingConfig: { readonly desiredSize: number; readonly minSize: number; readonly maxSize: number };
  readonly labels: Record<string, string>;
  readonly taints: EksTaint[];
}

/** Maps a Kubernetes taint effect to the EKS API enum. */
export function eksTaint(taint: PoolTaint): EksTaint {
  return { key: taint.key, value: taint.value, effect: taint.effect === 'NoExecute' ? 'NO_EXECUTE' : 'NO_SCHEDULE' };
}

/**
 * Node-group settings for a pool.
 *
 * The size is pinned to the plan (min = desired = plan nodes): Kueue quotas were computed for
 * exactly that capacity. `maxSize` is at least 1 because EKS rejects 0.
 */
export function eksNodeGroupSettings(pool: NodePoolPlan): EksNodeGroupSettings {
  const gpu = pool.gpuModel !== null;
  const labels: Record<string, string> = {};
  for (const key of Object.keys(pool.labels).sort()) labels[key] = pool.labels[key]!;
  return {
    amiType: gpu ? EKS_GPU_AMI_TYPE : EKS_CPU_AMI_TYPE,
    capacityType: pool.capacity === 'spot' ? 'SPOT' : 'ON_DEMAND',
    instanceTypes: pool.capacity === 'spot' ? spotInstanceTypes(pool) : [pool.instanceType],
    diskSize: gpu ? GPU_NODE_DISK_GIB : CPU_NODE_DISK_GIB,
    scalingConfig: { desiredSize: pool.nodes, minSize: pool.nodes, maxSize: Math.max(pool.nodes, 1) },
    labels,
    taints: pool.taints.map(eksTaint),
  };
}

/**
 * The instance types a spot node group may launch for a pool: the planned type, then catalogue
 * types with the same GPU model and count and at least its vCPUs and memory (so every planned
 * placement and Kueue quota still fits), listed at most {@link SPOT_ALTERNATIVE_PRICE_RATIO}
 * times its on-demand price; cheapest first, then by name. EKS launches spot node groups with the
 * price-capacity-optimized strategy over all of them, so one exhausted spot pool no longer leaves
 * the node group without nodes.
 */
export function spotInstanceTypes(pool: NodePoolPlan): string[] {
  const catalogue = instanceTypes('eks');
  const planned = catalogue.find((t) => t.name === pool.instanceType);
  if (planned === undefined) return [pool.instanceType];
  const alternatives = catalogue
    .filter(
      (t) =>
        t.name !== planned.name &&
        t.gpuModel === planned.gpuModel &&
        t.gpus === planned.gpus &&
        t.vcpus >= planned.vcpus &&
        t.memoryMiB >= planned.memoryMiB &&
        t.hourlyPrice <= planned.hourlyPrice * SPOT_ALTERNATIVE_PRICE_RATIO,
    )
    .sort((a, b) => a.hourlyPrice - b.hourlyPrice || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((t) => t.name);
  return [planned.name, ...alternatives].slice(0, MAX_SPOT_INSTANCE_TYPES);
}

/** The nodes of one zone: a managed node group of its own. */
export interface EksZoneNodeGroup {
  /** Resource key, `<pool>-<zone>`: adding a zone to a pool adds a key and keeps the others. */
  readonly key: string;
  readonly pool: string;
  readonly zone: string;
  /** The pool's settings, sized to this zone's nodes. */
  readonly settings: EksNodeGroupSettings;
}

/**
 * Nodes spread over zones in turn (node i in zone i mod n), as the planner spreads nodes it
 * places nothing on; zones that get no node are left out.
 */
export function splitOverZones(nodes: number, zones: readonly string[]): { zone: string; nodes: number }[] {
  return zones.map((zone, i) => ({ zone, nodes: Math.floor(nodes / zones.length) + (i < nodes % zones.length ? 1 : 0) })).filter((z) => z.nodes > 0);
}

/**
 * How many of a pool's nodes are in each of its zones, each node's zone as `zonesOfNodes` gives
 * it (the zone of its replicas, else the pool's zones in turn). Sorted by zone.
 */
export function nodesPerZone(pool: NodePoolPlan, placements: readonly Placement[]): { zone: string; nodes: number }[] {
  const counts = new Map<string, number>();
  for (const zone of zonesOfNodes(pool, placements)) counts.set(zone, (counts.get(zone) ?? 0) + 1);
  return [...counts].map(([zone, nodes]) => ({ zone, nodes })).sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
}

/**
 * The managed node groups of a pool, one per zone it has nodes in. EKS cannot move a node group
 * to other subnets (`UpdateNodegroupConfig` takes labels, taints, scaling and update settings,
 * no subnets), so a group spanning zones would be replaced, nodes and all, when the pool grows
 * into another zone; one group per zone only adds a group.
 */
export function eksZoneNodeGroups(pool: NodePoolPlan, placements: readonly Placement[]): EksZoneNodeGroup[] {
  const s = eksNodeGroupSettings(pool);
  return nodesPerZone(pool, placements).map(({ zone, nodes }) => ({
    key: `${pool.name}-${zone}`,
    pool: pool.name,
    zone,
    settings: { ...s, scalingConfig: { desiredSize: nodes, minSize: nodes, maxSize: nodes } },
  }));
}

/**
 * The logical name of a zone's node group resource (`<component>-<pool>-<zone>`), such that the
 * node group name Pulumi derives from it is one EKS accepts (`EKS_NODE_GROUP_NAME`: at most 63
 * characters with Pulumi's suffix). Names that already are one are kept, so deployed groups are
 * never renamed; longer ones, such as a pool named after its instance type in a long-named
 * component, are cut and end in a hash of the whole name.
 */
export function eksNodeGroupResourceName(component: string, groupKey: string): string {
  return nameWithin(`${component}-${groupKey}`, EKS_NODE_GROUP_NAME);
}

/** The logical name of a node group's launch template, within `EC2_LAUNCH_TEMPLATE_NAME` with Pulumi's suffix. */
export function eksLaunchTemplateResourceName(component: string, groupKey: string): string {
  return nameWithin(`${component}-${groupKey}`, EC2_LAUNCH_TEMPLATE_NAME);
}
