/**
 * Rebuilding a pool's nodes from a previous plan's placements: replicas that stay keep their
 * node, GPUs and zone; what joins fills the room left on those nodes first and goes onto nodes
 * added after them only when no kept node has room; nodes left empty at the end of the pool go.
 */
import type { NodePoolPlan, Placement } from '../plan-types';
import type { PackItem } from '../packing/items';
import { FillStrategy, packItems, type ItemPlacement, type NodeShape, type PackedNode, type PackResult } from '../packing/pack';
import { MILLI_PER_GPU } from '../resolve/quantity';
import { zonesOfNodes } from '../pools/node-zones';

interface NodeUse {
  zone: string;
  items: number[];
  gpuMilli: number[];
  /** Bytes of each GPU's memory that time-sliced shares take. */
  gpuMemoryBytes: number[];
  mig: Record<string, number>[];
  cpuMilli: number;
  memoryBytes: number;
}

/** A pool's packing that keeps the previous nodes. */
export interface KeptPacking {
  readonly items: readonly PackItem[];
  readonly pack: PackResult;
}

/**
 * The pool's packing with `staying` items where the previous plan placed them and `joining`
 * items in the room left on those nodes, then on added nodes, or undefined when the previous
 * placements do not fit the node shape any more (then the pool is packed afresh).
 */
export function packKeepingNodes(
  old: NodePoolPlan,
  oldPlacements: readonly Placement[],
  staying: readonly PackItem[],
  joining: readonly PackItem[],
  shape: NodeShape,
  zones: readonly string[],
): KeptPacking | undefined {
  const at = new Map(oldPlacements.map((p) => [`${p.workload}#${p.replica}`, p] as const));
  // every node's zone as the previous plan had it, also for replicas that leave
  const nodes: NodeUse[] = zonesOfNodes(old, oldPlacements).map((zone) => ({
    zone,
    items: [],
    gpuMilli: new Array<number>(shape.gpus).fill(0),
    gpuMemoryBytes: new Array<number>(shape.gpus).fill(0),
    mig: Array.from({ length: shape.gpus }, () => ({})),
    cpuMilli: 0,
    memoryBytes: 0,
  }));
  const items = [...staying, ...joining];
  const placements: (ItemPlacement | undefined)[] = new Array(items.length);
  for (const [i, item] of staying.entries()) {
    const p = at.get(`${item.workload}#${item.replica}`);
    if (!p || p.node >= nodes.length || !fitsWhereItWas(nodes[p.node]!, item, p, shape)) return undefined;
    placements[i] = { node: p.node, gpus: [...p.gpus] };
    nodes[p.node]!.items.push(i);
  }
  const left: number[] = [];
  for (const i of largestFirst(items, staying.length)) {
    const placed = placeInRoom(nodes, items, i, shape);
    if (placed) placements[i] = placed;
    else left.push(i);
  }
  let last = nodes.length;
  while (last > 0 && nodes[last - 1]!.items.length === 0) last--;
  const kept = nodes.slice(0, last);
  // added nodes stay in the pool's zones where they can: a new zone is a new node group
  const own = zones.filter((z) => old.zones.includes(z));
  const rest = left.sort((a, b) => a - b).map((i) => items[i]!);
  const added = rest.length > 0 ? packItems(rest, shape, own.length > 0 ? own : zones, FillStrategy.MATCH_ROOM) : undefined;
  if (added && !added.ok) return undefined;
  const extra = added?.result ?? { nodes: [], placements: [] };
  rest.forEach((_, k) => {
    const pl = extra.placements[k]!;
    placements[left[k]!] = { node: pl.node + kept.length, gpus: pl.gpus };
  });
  const extraNodes = extra.nodes.map((n) => ({ ...n, items: n.items.map((k) => left[k]!) }));
  return {
    items,
    pack: {
      nodes: [...kept.map((n) => packedNode(n, shape)), ...extraNodes],
      placements: placements as ItemPlacement[],
    },
  };
}

/** Indices of the joining items (from `from` on), the largest GPU demand first, then CPU and memory; ties by workload and replica. */
function largestFirst(items: readonly PackItem[], from: number): number[] {
  const gpuSize = (it: PackItem): number => {
    const g = it.gpu;
    return g.kind === 'whole' ? g.count * MILLI_PER_GPU : g.kind === 'share' ? g.milli : g.kind === 'mig' ? MILLI_PER_GPU : 0;
  };
  const idx = Array.from({ length: items.length - from }, (_, k) => from + k);
  return idx.sort((a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    return (
      gpuSize(y) - gpuSize(x) ||
      y.cpuMilli - x.cpuMilli ||
      y.memoryBytes - x.memoryBytes ||
      (x.workload < y.workload ? -1 : x.workload > y.workload ? 1 : 0) ||
      x.replica - y.replica
    );
  });
}

/**
 * Puts item `i` on the first kept node, in index order, with room for it (in its zone, beside no
 * other replica of a workload whose replicas keep apart); undefined when none has room.
 */
function placeInRoom(nodes: NodeUse[], items: readonly PackItem[], i: number, shape: NodeShape): ItemPlacement | undefined {
  const item = items[i]!;
  for (const [k, n] of nodes.entries()) {
    if (item.zone !== undefined && n.zone !== item.zone) continue;
    if (n.cpuMilli + item.cpuMilli > shape.cpuMilli || n.memoryBytes + item.memoryBytes > shape.memoryBytes) continue;
    if (item.distinctNodes && n.items.some((j) => items[j]!.workload === item.workload)) continue;
    const gpus = freeGpus(n, item, shape);
    if (!gpus) continue;
    use(n, item, gpus);
    n.items.push(i);
    return { node: k, gpus };
  }
  return undefined;
}

/** The GPUs of the node that can take the item now, or undefined when there are none. */
function freeGpus(n: NodeUse, item: PackItem, shape: NodeShape): number[] | undefined {
  const g = item.gpu;
  const all = Array.from({ length: shape.gpus }, (_, i) => i);
  const untouched = (i: number): boolean => n.gpuMilli[i] === 0 && Object.values(n.mig[i]!).every((c) => c === 0);
  if (g.kind === 'none') return [];
  if (g.kind === 'whole') {
    const free = all.filter(untouched);
    return free.length >= g.count ? free.slice(0, g.count) : undefined;
  }
  if (g.kind === 'share') {
    const gpu = all.find((i) => n.gpuMilli[i]! + g.milli <= MILLI_PER_GPU && n.gpuMemoryBytes[i]! + g.memoryBytes <= shape.gpuMemoryBytes);
    return gpu === undefined ? undefined : [gpu];
  }
  const gpu = all.find((i) => (n.mig[i]![g.profile] ?? 0) < (shape.migLayout?.[g.profile] ?? 0));
  return gpu === undefined ? undefined : [gpu];
}

/** Counts the item's requests on the node, on `gpus`. */
function use(n: NodeUse, item: PackItem, gpus: readonly number[]): void {
  const g = item.gpu;
  if (g.kind === 'whole') for (const i of gpus) n.gpuMilli[i]! += MILLI_PER_GPU;
  else if (g.kind === 'share') {
    n.gpuMilli[gpus[0]!]! += g.milli;
    n.gpuMemoryBytes[gpus[0]!]! += g.memoryBytes;
  } else if (g.kind === 'mig') {
    const on = n.mig[gpus[0]!]!;
    on[g.profile] = (on[g.profile] ?? 0) + 1;
  }
  n.cpuMilli += item.cpuMilli;
  n.memoryBytes += item.memoryBytes;
}

/** Adds the item to the node where the previous plan put it; false when that overflows the node. */
function fitsWhereItWas(n: NodeUse, item: PackItem, p: Placement, shape: NodeShape): boolean {
  if (p.gpus.some((g) => g < 0 || g >= shape.gpus)) return false;
  const g = item.gpu;
  if (g.kind === 'whole' && p.gpus.length !== g.count) return false;
  if ((g.kind === 'share' || g.kind === 'mig') && p.gpus.length !== 1) return false;
  use(n, item, p.gpus);
  const migFits = n.mig.every((on) => Object.entries(on).every(([profile, c]) => c <= (shape.migLayout?.[profile] ?? 0)));
  return (
    migFits &&
    n.cpuMilli <= shape.cpuMilli &&
    n.memoryBytes <= shape.memoryBytes &&
    n.gpuMilli.every((m) => m <= MILLI_PER_GPU) &&
    n.gpuMemoryBytes.every((m) => m <= shape.gpuMemoryBytes)
  );
}

function packedNode(n: NodeUse, shape: NodeShape): PackedNode {
  return {
    zone: n.zone,
    items: [...n.items].sort((a, b) => a - b),
    gpuMilliUsed: n.gpuMilli.map((m) => Math.min(MILLI_PER_GPU, m)),
    migUsed: shape.migLayout ? n.mig : [],
    cpuMilliUsed: n.cpuMilli,
    memoryBytesUsed: n.memoryBytes,
  };
}
