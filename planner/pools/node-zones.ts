/**
 * The zone of each node of a planned pool, as its node groups are sized.
 */
import type { NodePoolPlan, Placement } from '../plan-types';

/**
 * The zone of each node of `pool`, by node index: the zone of the replicas placed on it; a node
 * with none (a pool of operators or Ray heads) takes the pool's zones in turn, as the planner
 * spreads them and as the per-zone node groups count them.
 */
export function zonesOfNodes(pool: Pick<NodePoolPlan, 'name' | 'nodes' | 'zones'>, placements: readonly Placement[]): string[] {
  const zones = [...pool.zones].sort();
  const placed = new Map<number, string>();
  for (const p of placements) if (p.nodePool === pool.name) placed.set(p.node, p.zone);
  return Array.from({ length: pool.nodes }, (_, i) => placed.get(i) ?? zones[i % zones.length]!);
}
