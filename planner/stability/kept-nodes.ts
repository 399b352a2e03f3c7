/**
 * Rebuilding a pool's nodes from a previous plan's placements: replicas that stay keep their
 * node, GPUs and zone; nodes left empty at the end of the pool go; what joins goes onto nodes
 * added after the existing ones.
 */
import type { NodePoolPlan, Placement } from '../plan-types';
import type { PackItem } from '../packing/items';
import { FillStrategy, packItems, type NodeShape, type PackedNode, type PackResult } from '../packing/pack';
import { MILLI_PER_GPU } from '../resolve/quantity';

interface NodeUse {
  zone?: string;
  items: number[];
  gpuMilli: number[];
  mig: Record<string, number>[];
  cpuMilli: number;
  memoryBytes: number;
}

/**
 * The pool's packing with `staying` items where the previous plan placed them and `joining`
 * items on added nodes, or undefined when the previous placements do not fit the node shape
 * any more (then the pool is packed afresh).
 */
export function packKeepingNodes(
  old: NodePoolPlan,
  oldPlacements: readonly Placement[],
  staying: readonly PackItem[],
  joining: readonly PackItem[],
  shape: NodeShape,
  zones: readonly string[],
): { readonly items: readonly PackItem[]; readonly pack: PackResult } | undefined {
  const at = new Map(oldPlacements.map((p) => [`${p.workload}#${p.replica}`, p] as const));
  const nodes: NodeUse[] = Array.from({ length: old.nodes }, () => ({
    items: [],
    gpuMilli: new Array<number>(shape.gpus).fill(0),
    mig: Array.from({ length: shape.gpus }, () => ({})),
    cpuMilli: 0,
    memoryBytes: 0,
  }));
  // every node's zone as the previous plan had it, also for replicas that leave
  for (const p of oldPlacements) if (p.node < nodes.length) nodes[p.node]!.zone = p.zone;
  const placements: { node: number; gpus: number[] }[] = [];
  for (const [i, item] of staying.entries()) {
    const p = at.get(`${item.workload}#${item.replica}`);
    if (!p || p.node >= nodes.length || !fits(nodes[p.node]!, item, p, shape)) return undefined;
    placements.push({ node: p.node, gpus: [...p.gpus] });
    nodes[p.node]!.items.push(i);
  }
  let last = nodes.length;
  while (last > 0 && nodes[last - 1]!.items.length === 0) last--;
  const kept = nodes.slice(0, last);
  // added nodes stay in the pool's zones where they can: a new zone replaces the pool's node group
  const own = zones.filter((z) => old.zones.includes(z));
  const added = joining.length > 0 ? packItems(joining, shape, own.length > 0 ? own : zones, FillStrategy.MATCH_ROOM) : undefined;
  if (added && !added.ok) return undefined;
  const extra = added?.result ?? { nodes: [], placements: [] };
  return {
    items: [...staying, ...joining],
    pack: {
      nodes: [...kept.map((n) => packedNode(n, shape, zones)), ...extra.nodes],
      placements: [...placements, ...extra.placements.map((pl) => ({ ...pl, node: pl.node + kept.length }))],
    },
  };
}

/** Adds the item to the node where the previous plan put it; false when that overflows the node. */
function fits(n: NodeUse, item: PackItem, p: Placement, shape: NodeShape): boolean {
  if (p.gpus.some((g) => g < 0 || g >= shape.gpus)) return false;
  const g = item.gpu;
  if (g.kind === 'whole') {
    if (p.gpus.length !== g.count) return false;
    for (const i of p.gpus) n.gpuMilli[i]! += MILLI_PER_GPU;
  } else if (g.kind === 'share') {
    n.gpuMilli[p.gpus[0]!]! += g.milli;
  } else if (g.kind === 'mig') {
    const on = n.mig[p.gpus[0]!]!;
    on[g.profile] = (on[g.profile] ?? 0) + 1;
    if (on[g.profile]! > (shape.migLayout?.[g.profile] ?? 0)) return false;
  }
  n.cpuMilli += item.cpuMilli;
  n.memoryBytes += item.memoryBytes;
  return n.cpuMilli <= shape.cpuMilli && n.memoryBytes <= shape.memoryBytes && n.gpuMilli.every((m) => m <= MILLI_PER_GPU);
}

function packedNode(n: NodeUse, shape: NodeShape, zones: readonly string[]): PackedNode {
  return {
    zone: n.zone ?? zones[0]!,
    items: n.items,
    gpuMilliUsed: n.gpuMilli.map((m) => Math.min(MILLI_PER_GPU, m)),
    migUsed: shape.migLayout ? n.mig : [],
    cpuMilliUsed: n.cpuMilli,
    memoryBytesUsed: n.memoryBytes,
  };
}
