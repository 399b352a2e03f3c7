/**
 * Scheduling constraints derived from a node pool of the plan.
 */
import { k8s } from 'cdk8s-plus-28';
import type { NodePoolPlan, PoolTaint } from '../../planner/plan-types';
import { NODE_POOL_LABEL, ZONE_TOPOLOGY_KEY } from './labels';

/** Where a workload's pods go: node selector and tolerations. */
export interface PodPlacement {
  /** Node labels the pods select. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Taints the pods tolerate. */
  readonly tolerations: readonly PoolTaint[];
}

/** Tolerations matching a set of taints exactly (operator `Equal`). */
export function tolerationsFor(taints: readonly PoolTaint[]): k8s.Toleration[] {
  return [...taints]
    .sort((a, b) => (a.key === b.key ? (a.effect < b.effect ? -1 : 1) : a.key < b.key ? -1 : 1))
    .map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect }));
}

/**
 * The placement of a pool's pods: its `cnai.dev/node-pool` label, plus GKE's partition-size label
 * for MIG (GKE exposes slices as whole `nvidia.com/gpu` devices, so only the label tells them apart).
 */
export function placementForPool(pool: NodePoolPlan, migProfile?: string): PodPlacement {
  const nodeSelector: Record<string, string> = { [NODE_POOL_LABEL]: pool.name };
  if (pool.provider === 'gke' && migProfile) {
    nodeSelector['cloud.google.com/gke-gpu-partition-size'] = migProfile;
  }
  return { nodeSelector, tolerations: pool.taints };
}

/** Spreads pods with the given labels evenly over zones (`whenUnsatisfiable: DoNotSchedule`). */
export function zoneSpread(matchLabels: Readonly<Record<string, string>>): k8s.TopologySpreadConstraint[] {
  return [
    {
      labelSelector: { matchLabels: { ...matchLabels } },
      maxSkew: 1,
      topologyKey: ZONE_TOPOLOGY_KEY,
      whenUnsatisfiable: 'DoNotSchedule',
    },
  ];
}
