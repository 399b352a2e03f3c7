/**
 * Multi-resource bin packing of replicas onto identical nodes of one instance type.
 *
 * Nodes are filled one at a time. Replicas with identical demand form one type; a new node is seeded
 * with the largest type left, then repeatedly takes the type whose demand best matches the room the
 * node has left (the dot product of the normalised vectors: GPU, CPU, memory), until nothing fits.
 * Matching shape to room keeps CPU-heavy and GPU-heavy replicas together, so no dimension runs out
 * while others idle: the failure of sorting by one dimension alone when CPU and memory are tight.
 */
import type { FitFailure } from '../plan-types';
import { MILLI_PER_GPU } from '../resolve/quantity';
import type { PackItem } from './items';

/**
 * Weight of the GPU term in the fit score: GPU room is the scarce and costly resource of a GPU
 * node, so a replica that fills it should win over one that only fills CPU or memory; four makes
 * a full GPU match outweigh full CPU and memory matches together.
 */
export const GPU_FIT_WEIGHT = 4;

/** Capacity of one node of the pool's instance type. */
export interface NodeShape {
  readonly gpus: number;
  /** Memory of each GPU, bytes (time-sliced shares must fit it together). */
  readonly gpuMemoryBytes: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** For MIG pools: the instances every GPU is partitioned into, profile to count. */
  readonly migLayout?: Readonly<Record<string, number>>;
}

/** Where one item went. */
export interface ItemPlacement {
  /** Index of the node in `PackResult.nodes`. */
  readonly node: number;
  /** GPU indices on that node. */
  readonly gpus: readonly number[];
}

/** A node of the result. */
export interface PackedNode {
  readonly zone: string;
  /** Items on the node, by index into the input array. */
  readonly items: readonly number[];
  /** Thousandths of each GPU in use. */
  readonly gpuMilliUsed: readonly number[];
  /** MIG instances in use per GPU. */
  readonly migUsed: readonly Readonly<Record<string, number>>[];
  readonly cpuMilliUsed: number;
  readonly memoryBytesUsed: number;
}

/** Result of packing one pool. */
export interface PackResult {
  readonly nodes: readonly PackedNode[];
  /** Per input item, in input order. */
  readonly placements: readonly ItemPlacement[];
}

/** Why an item fits no empty node. */
export interface UnfitItem {
  readonly index: number;
  readonly reason: string;
  readonly failures: readonly FitFailure[];
}

interface NodeState {
  zone: string;
  items: number[];
  gpuFree: number[]; // thousandths free per GPU (MILLI_PER_GPU = untouched)
  gpuMemFree: number[];
  migFree: Record<string, number>[];
  cpuFree: number;
  memFree: number;
  wholeFree: number; // GPUs with nothing on them
  distinct?: Set<string>; // workloads whose replicas may not share this node and have one here (made on first use)
}

/**
 * Reasons an item cannot fit an empty node of `shape`, or `undefined` when it fits.
 * Checks every criterion so the message names all that fail.
 */
export function whyItemDoesNotFit(item: PackItem, shape: NodeShape): string | undefined {
  const fails = fitFailures(item, shape);
  return fails.length ? fails.map(describeFitFailure).join('; ') : undefined;
}

/**
 * Every reason an item cannot fit an empty node of `shape`, with the numbers; empty when it fits.
 * All criteria are checked, so the result names each one that fails.
 */
export function fitFailures(item: PackItem, shape: NodeShape): FitFailure[] {
  const fails: FitFailure[] = [];
  const workload = item.workload;
  const g = item.gpu;
  if (g.kind === 'whole' && g.count > shape.gpus) fails.push({ kind: 'gpus', workload, requested: g.count, available: shape.gpus });
  if (g.kind === 'mig' && !(shape.migLayout && (shape.migLayout[g.profile] ?? 0) > 0))
    fails.push({ kind: 'mig-profile', workload, requested: 1, available: 0 });
  if (g.kind === 'share' && shape.gpus < 1) fails.push({ kind: 'gpus', workload, requested: 1, available: 0 });
  else if (g.kind === 'share' && g.memoryBytes > shape.gpuMemoryBytes) {
    fails.push({ kind: 'gpu-memory', workload, requested: g.memoryBytes, available: shape.gpuMemoryBytes });
  }
  if (g.kind === 'mig' && shape.gpus === 0) fails.push({ kind: 'gpus', workload, requested: 1, available: 0 });
  if (item.cpuMilli > shape.cpuMilli) fails.push({ kind: 'cpu', workload, requested: item.cpuMilli, available: shape.cpuMilli });
  if (item.memoryBytes > shape.memoryBytes) fails.push({ kind: 'memory', workload, requested: item.memoryBytes, available: shape.memoryBytes });
  return fails;
}

/** One fit failure in words, for error messages. */
export function describeFitFailure(f: FitFailure): string {
  switch (f.kind) {
    case 'gpus':
      return `${f.workload}: ${f.requested} GPUs requested, ${f.available} per node`;
    case 'mig-profile':
      return `${f.workload}: its MIG profile is not in the pool's layout`;
    case 'gpu-memory':
      return `${f.workload}: GPU share needs ${fmtGiB(f.requested)} of GPU memory, a GPU has ${fmtGiB(f.available)}`;
    case 'cpu':
      return `${f.workload}: ${f.requested}m CPU requested, ${f.available}m allocatable`;
    case 'memory':
      return `${f.workload}: ${fmtGiB(f.requested)} memory requested, ${fmtGiB(f.available)} allocatable`;
    case 'zones':
      return f.available === 0
        ? 'sold in no zone of the target'
        : `${f.workload}: spreads over ${f.requested} zones, the type is sold in ${f.available} of the target's`;
  }
}

/**
 * Packs `items` onto as few nodes of `shape` as the heuristic finds, spreading new nodes over `zones`.
 * Items marked `distinctNodes` never share a node with another replica of their workload.
 *
 * @returns the packing, or the items that fit no empty node
 */
export function packItems(
  items: readonly PackItem[],
  shape: NodeShape,
  zones: readonly string[],
  strategy: FillStrategy = FillStrategy.MATCH_ROOM,
  grouped?: ReplicaGroups,
): { readonly ok: true; readonly result: PackResult } | { readonly ok: false; readonly unfit: readonly UnfitItem[] } {
  if (grouped && grouped.items !== items) throw new Error('packItems: the replica groups were made from other items');
  const unfit: UnfitItem[] = [];
  let fails: FitFailure[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const prev = items[index - 1];
    // replicas side by side with one demand fit or fail alike; only the message names each
    const same = prev !== undefined && item.gpu === prev.gpu && item.cpuMilli === prev.cpuMilli && item.memoryBytes === prev.memoryBytes;
    if (!same || fails.length > 0) fails = fitFailures(item, shape);
    if (fails.length) unfit.push({ index, reason: fails.map(describeFitFailure).join('; '), failures: fails });
  }
  if (unfit.length) return { ok: false, unfit };

  const migSlots = migSlotsOf(shape);
  const types = typesFor(grouped ?? groupReplicas(items), shape, migSlots);
  const nodes: NodeState[] = [];
  const zoneNodeCount = new Map<string, number>(zones.map((z) => [z, 0]));
  const placements: ItemPlacement[] = new Array(items.length);
  const ratio = demandRatio(types);
  let next = 0; // first type with replicas left (types are in decreasing size)

  for (;;) {
    while (next < types.length && remaining(types[next]!) === 0) next++;
    if (next >= types.length) break;
    const seed = types[next]!;
    const zone = seed.zone ?? leastUsedZone(zones, zoneNodeCount);
    zoneNodeCount.set(zone, (zoneNodeCount.get(zone) ?? 0) + 1);
    const n = emptyNode(shape, zone);
    nodes.push(n);
    const nodeIndex = nodes.length - 1;
    let chosen: ItemType | undefined = seed;
    while (chosen) {
      const gpus = pickGpus(n, chosen.item, shape)!;
      const idx = chosen.left[chosen.taken++]!;
      apply(n, chosen.item, gpus, shape);
      n.items.push(idx);
      placements[idx] = { node: nodeIndex, gpus };
      chosen = bestFillFor(n, types, next, shape, strategy, ratio);
    }
  }
  const layout = shape.migLayout ?? {};
  // in name order, sorted once for every GPU of every node
  const profiles = Object.keys(layout).sort();
  return {
    ok: true,
    result: {
      placements,
      nodes: nodes.map((n) => ({
        zone: n.zone,
        items: n.items.sort((a, b) => a - b),
        gpuMilliUsed: n.gpuFree.map((f) => MILLI_PER_GPU - f),
        migUsed: n.migFree.map((free) => used(layout, profiles, free)),
        cpuMilliUsed: shape.cpuMilli - n.cpuFree,
        memoryBytesUsed: shape.memoryBytes - n.memFree,
      })),
    },
  };
}

function emptyNode(shape: NodeShape, zone: string): NodeState {
  const gpuFree: number[] = [];
  const gpuMemFree: number[] = [];
  const migFree: Record<string, number>[] = [];
  for (let i = 0; i < shape.gpus; i++) {
    gpuFree.push(MILLI_PER_GPU);
    gpuMemFree.push(shape.gpuMemoryBytes);
    // only MIG items change these counts, and they come only with a layout
    migFree.push(shape.migLayout ? { ...shape.migLayout } : NO_MIG);
  }
  return { zone, items: [], gpuFree, gpuMemFree, migFree, cpuFree: shape.cpuMilli, memFree: shape.memoryBytes, wholeFree: shape.gpus };
}

/** The MIG instances free on a GPU without a layout: none, shared by every such GPU. */
const NO_MIG: Readonly<Record<string, number>> = Object.freeze({});
/** The GPUs of a replica that takes none, shared by every such placement. */
const NO_GPUS: readonly number[] = Object.freeze([]);

/** GPUs an item would take on a node, or undefined when it does not fit there. */
function pickGpus(n: NodeState, item: PackItem, shape: NodeShape): readonly number[] | undefined {
  const g = item.gpu;
  switch (g.kind) {
    case 'none':
      return NO_GPUS;
    case 'whole': {
      if (n.wholeFree < g.count) return undefined;
      const out: number[] = [];
      for (let i = 0; i < shape.gpus && out.length < g.count; i++) if (n.gpuFree[i] === MILLI_PER_GPU) out.push(i);
      return out;
    }
    case 'share': {
      // best fit on the GPU: the one left with the least room that still fits
      let best = -1;
      for (let i = 0; i < shape.gpus; i++) {
        if (n.gpuFree[i]! >= g.milli && n.gpuMemFree[i]! >= g.memoryBytes && (best < 0 || n.gpuFree[i]! < n.gpuFree[best]!)) best = i;
      }
      return best < 0 ? undefined : [best];
    }
    case 'mig': {
      let best = -1;
      for (let i = 0; i < shape.gpus; i++) {
        if ((n.migFree[i]![g.profile] ?? 0) > 0 && (best < 0 || n.gpuFree[i]! < n.gpuFree[best]!)) best = i;
      }
      return best < 0 ? undefined : [best];
    }
  }
}

/** Whether `pickGpus` would find GPUs for the item, without building the list. */
function gpusFit(n: NodeState, item: PackItem, shape: NodeShape): boolean {
  const g = item.gpu;
  switch (g.kind) {
    case 'none':
      return true;
    case 'whole':
      return n.wholeFree >= g.count;
    case 'share':
      for (let i = 0; i < shape.gpus; i++) if (n.gpuFree[i]! >= g.milli && n.gpuMemFree[i]! >= g.memoryBytes) return true;
      return false;
    case 'mig':
      for (let i = 0; i < shape.gpus; i++) if ((n.migFree[i]![g.profile] ?? 0) > 0) return true;
      return false;
  }
}

function apply(n: NodeState, item: PackItem, gpus: readonly number[], shape: NodeShape): void {
  const g = item.gpu;
  n.cpuFree -= item.cpuMilli;
  n.memFree -= item.memoryBytes;
  if (item.distinctNodes) (n.distinct ??= new Set()).add(item.workload);
  for (const i of gpus) {
    const wasWhole = n.gpuFree[i] === MILLI_PER_GPU;
    if (g.kind === 'whole') {
      n.gpuFree[i] = 0;
      n.gpuMemFree[i] = 0;
    } else if (g.kind === 'share') {
      n.gpuFree[i]! -= g.milli;
      n.gpuMemFree[i]! -= g.memoryBytes;
    } else if (g.kind === 'mig') {
      n.migFree[i]![g.profile]! -= 1;
      n.gpuFree[i] = Math.round(MILLI_PER_GPU * migFreeFraction(n.migFree[i]!, shape));
    }
    if (wasWhole && n.gpuFree[i]! < MILLI_PER_GPU) n.wholeFree -= 1;
  }
}

function gpuWeight(item: PackItem, shape: NodeShape, migSlots: Readonly<Record<string, number>>): number {
  const g = item.gpu;
  if (g.kind === 'whole') return g.count * MILLI_PER_GPU;
  if (g.kind === 'share') return g.milli;
  if (g.kind === 'mig') return migSlots[g.profile] ?? 1;
  return 0;
}

/**
 * For MIG pools: every profile weighs one instance's share of the layout (the same for all
 * profiles), so MIG replicas are ordered by CPU, memory and name, not by profile size: what
 * bounds a MIG node is how many instances it has, not which.
 */
function migSlotsOf(shape: NodeShape): Record<string, number> {
  const out: Record<string, number> = {};
  const total = totalInstances(shape);
  for (const p of Object.keys(shape.migLayout ?? {})) out[p] = Math.max(1, Math.round(MILLI_PER_GPU / total));
  return out;
}

function totalInstances(shape: NodeShape): number {
  return Math.max(
    1,
    Object.values(shape.migLayout ?? {}).reduce((s, c) => s + c, 0),
  );
}

function migFreeFraction(free: Readonly<Record<string, number>>, shape: NodeShape): number {
  return Object.values(free).reduce((s, c) => s + c, 0) / totalInstances(shape);
}

function used(layout: Readonly<Record<string, number>>, profiles: readonly string[], free: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of profiles) {
    const u = layout[p]! - (free[p] ?? 0);
    if (u > 0) out[p] = u;
  }
  return out;
}

function leastUsedZone(zones: readonly string[], counts: Map<string, number>): string {
  let best = zones[0]!;
  for (const z of zones) if ((counts.get(z) ?? 0) < (counts.get(best) ?? 0)) best = z;
  return best;
}

function fmtGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** Replicas with one demand vector and zone, waiting to be placed. */
interface ItemType {
  readonly item: PackItem;
  readonly zone?: string;
  /** Indices of the type's replicas, in name order; the first `taken` are placed. */
  readonly left: readonly number[];
  taken: number;
  /** Demand normalised by the node's capacity: GPU, CPU, memory. */
  readonly norm: readonly [number, number, number];
}

/**
 * Replicas with one demand vector and zone, in name order within a group: what the packer
 * groups before it looks at a node shape, so a pool packed on several instance types groups once.
 */
export interface ReplicaGroups {
  /** The replicas grouped, as passed to `groupReplicas`. */
  readonly items: readonly PackItem[];
  readonly groups: readonly ReplicaGroup[];
}

interface ReplicaGroup {
  /** The group's first replica, whose demand every replica of the group has. */
  readonly item: PackItem;
  /** Indices of the group's replicas into `items`, in name order. */
  readonly left: readonly number[];
}

/** Groups `items` for `packItems` (pass the result with the same `items`). */
export function groupReplicas(items: readonly PackItem[]): ReplicaGroups {
  // The packing order is largest GPU demand first, then CPU, memory, and name, replica and
  // position as tie-breaks. Replicas of one type tie on the first three, so grouping first and
  // then ordering the few types (each by its first replica) gives that order without sorting
  // every replica by it: what keeps large pools cheap to pack.
  const byKey = new Map<string, { item: PackItem; left: number[] }>();
  const groups: { item: PackItem; left: number[] }[] = [];
  let prev: PackItem | undefined;
  let prevGroup: { item: PackItem; left: number[] } | undefined;
  for (let idx = 0; idx < items.length; idx++) {
    const it = items[idx]!;
    // replicas of one workload share their demand object and sit side by side: no key to build
    let g =
      prev &&
      it.gpu === prev.gpu &&
      it.cpuMilli === prev.cpuMilli &&
      it.memoryBytes === prev.memoryBytes &&
      it.zone === prev.zone &&
      it.distinctNodes === prev.distinctNodes &&
      (!it.distinctNodes || it.workload === prev.workload)
        ? prevGroup
        : undefined;
    if (!g) {
      // replicas that may not share a node stay a type of their own workload
      const key = `${demandKey(it.gpu)}|${it.cpuMilli}|${it.memoryBytes}|${it.zone ?? ''}${it.distinctNodes ? `|${it.workload}` : ''}`;
      g = byKey.get(key);
      if (!g) {
        g = { item: it, left: [] };
        byKey.set(key, g);
        groups.push(g);
      }
    }
    g.left.push(idx);
    prev = it;
    prevGroup = g;
  }
  const byNameReplicaIndex = nameReplicaIndexOrder(items);
  for (const g of groups) if (!isSorted(g.left, byNameReplicaIndex)) g.left.sort(byNameReplicaIndex);
  return { items, groups };
}

/** Replicas by workload name, then replica, then position: a total order on indices into `items`. */
function nameReplicaIndexOrder(items: readonly PackItem[]): (a: number, b: number) => number {
  return (a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    return (x.workload < y.workload ? -1 : x.workload > y.workload ? 1 : 0) || x.replica - y.replica || a - b;
  };
}

/** Whether `xs` is already in `order` (replicas come in name order from a sorted file): then there is nothing to sort. */
function isSorted(xs: readonly number[], order: (a: number, b: number) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (order(xs[i - 1]!, xs[i]!) > 0) return false;
  return true;
}

/** The groups as the packer's types on one node shape, in packing order. */
function typesFor(grouped: ReplicaGroups, shape: NodeShape, migSlots: Readonly<Record<string, number>>): ItemType[] {
  const byType: ItemType[] = grouped.groups.map((g) => {
    const it = g.item;
    const gpuNorm = shape.gpus > 0 ? gpuWeight(it, shape, migSlots) / (MILLI_PER_GPU * shape.gpus) : 0;
    return {
      item: it,
      zone: it.zone,
      left: g.left,
      taken: 0,
      norm: [gpuNorm, shape.cpuMilli > 0 ? it.cpuMilli / shape.cpuMilli : 0, shape.memoryBytes > 0 ? it.memoryBytes / shape.memoryBytes : 0],
    };
  });
  const byNameReplicaIndex = nameReplicaIndexOrder(grouped.items);
  const weight = new Map(byType.map((t) => [t, gpuWeight(t.item, shape, migSlots)] as const));
  const inPackingOrder = byType.sort(
    (a, b) =>
      weight.get(b)! - weight.get(a)! ||
      b.item.cpuMilli - a.item.cpuMilli ||
      b.item.memoryBytes - a.item.memoryBytes ||
      byNameReplicaIndex(a.left[0]!, b.left[0]!),
  );
  // largest first by the dominant normalised demand; ties keep the packing order of their first replica
  const rank = new Map(inPackingOrder.map((t, i) => [t, i] as const));
  return [...inPackingOrder].sort((a, b) => Math.max(...b.norm) - Math.max(...a.norm) || rank.get(a)! - rank.get(b)!);
}

/** The GPU part of a replica's type: equal demands give equal keys. */
function demandKey(g: PackItem['gpu']): string {
  return g.kind === 'whole' ? `w${g.count}` : g.kind === 'share' ? `s${g.milli}/${g.memoryBytes}` : g.kind === 'mig' ? `m${g.profile}` : 'n';
}

/** The waiting type that best matches the node's room, or undefined when none fits. */
function bestFillFor(
  n: NodeState,
  types: readonly ItemType[],
  from: number,
  shape: NodeShape,
  strategy: FillStrategy,
  ratio: readonly [number, number],
): ItemType | undefined {
  let gpuFree = 0;
  for (let i = 0; i < shape.gpus; i++) gpuFree += n.gpuFree[i]!;
  const room: [number, number, number] = [
    shape.gpus > 0 ? gpuFree / (MILLI_PER_GPU * shape.gpus) : 0,
    shape.cpuMilli > 0 ? n.cpuFree / shape.cpuMilli : 0,
    shape.memoryBytes > 0 ? n.memFree / shape.memoryBytes : 0,
  ];
  let best: ItemType | undefined;
  let bestScore = -Infinity;
  for (let k = from; k < types.length; k++) {
    const t = types[k]!;
    if (t.taken === t.left.length) continue;
    if (t.zone !== undefined && t.zone !== n.zone) continue;
    if (t.item.distinctNodes && n.distinct?.has(t.item.workload)) continue;
    if (t.item.cpuMilli > n.cpuFree || t.item.memoryBytes > n.memFree) continue;
    if (!gpusFit(n, t.item, shape)) continue;
    // GPUs are what the plan pays for, so the GPU dimension weighs double
    const score = strategy === FillStrategy.MATCH_ROOM ? matchRoomScore(t.norm, room) : balanceScore(t.norm, room, ratio);
    if (score > bestScore) {
      bestScore = score;
      best = t;
    }
  }
  return best;
}

/**
 * How a node under construction picks its next replica. Ordered by preference on ties.
 *
 * `MATCH_ROOM` takes the replica whose demand points the same way as the node's free room (the
 * dot product of normalised vectors, GPU weighted four times): good when one resource binds.
 * `BALANCE` keeps the node's free CPU and memory per free GPU at the ratio the remaining replicas
 * need on average, so GPUs are not stranded behind exhausted CPU: good when all three are tight.
 */
export enum FillStrategy {
  MATCH_ROOM = 'match-room',
  BALANCE = 'balance',
}

function matchRoomScore(norm: readonly [number, number, number], room: readonly [number, number, number]): number {
  return GPU_FIT_WEIGHT * norm[0] * room[0] + norm[1] * room[1] + norm[2] * room[2];
}

function balanceScore(norm: readonly [number, number, number], room: readonly [number, number, number], ratio: readonly [number, number]): number {
  const gpu = room[0] - norm[0];
  const imbalance = Math.abs(room[1] - norm[1] - ratio[0] * gpu) + Math.abs(room[2] - norm[2] - ratio[1] * gpu);
  // among equally balanced choices, the larger GPU demand first
  return -imbalance + 0.01 * norm[0];
}

/** CPU and memory demand per unit of GPU demand over all replicas, normalised by node capacity. */
function demandRatio(types: readonly ItemType[]): [number, number] {
  let g = 0;
  let c = 0;
  let m = 0;
  for (const t of types) {
    const n = remaining(t);
    g += t.norm[0] * n;
    c += t.norm[1] * n;
    m += t.norm[2] * n;
  }
  return g > 0 ? [c / g, m / g] : [1, 1];
}

function remaining(t: ItemType): number {
  return t.left.length - t.taken;
}
