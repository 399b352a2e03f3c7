/**
 * Building one node pool: choosing its instance type by packing its replicas onto each candidate
 * and keeping the cheapest result.
 */
import type { InstanceType } from '../catalogue/types';
import type { FitFailure, RuledOut } from '../plan-types';
import { allocatableOf } from '../packing/allocatable';
import type { PackItem } from '../packing/items';
import { FillStrategy, fitFailures, groupReplicas, packItems, type NodeShape, type PackResult, type ReplicaGroups } from '../packing/pack';
import { MIB, MILLI_PER_GPU } from '../resolve/quantity';
import type { PoolKey } from './pool-key';
import { zonesToSpread } from '../options/zone-spread';

/** A pool with its instance type chosen and its replicas packed. */
export interface BuiltPool {
  readonly key: PoolKey;
  readonly name: string;
  /** The replicas packed, in the order `pack.placements` follows. */
  readonly items: readonly PackItem[];
  readonly instanceType: InstanceType;
  readonly shape: NodeShape;
  readonly pack: PackResult;
  readonly hourlyCost: number;
  /** The next cheapest instance type that could host every replica, with its cost. */
  readonly runnerUp?: { readonly instanceType: string; readonly nodes: number; readonly hourlyCost: number };
  /** Instance types that could not host some replica, with the reason. */
  readonly ruledOut: readonly RuledOut[];
  /**
   * `optimiser` when the optimiser chose the pool's instance type and members for the whole plan.
   * @default - the cheapest instance type hosting the pool's members
   */
  readonly chosenBy?: 'optimiser';
}

/** What a pool is built from. */
export interface PoolInput {
  readonly key: PoolKey;
  readonly name: string;
  readonly items: readonly PackItem[];
  /** Instance types of the pool's GPU model (or CPU types), offered in the region. */
  readonly candidates: readonly InstanceType[];
  /** The target's zones. */
  readonly zones: readonly string[];
  /**
   * The target's zones that sell an instance type.
   * @default - every candidate is sold in every zone of the target
   */
  readonly zonesFor?: (t: InstanceType) => readonly string[];
  readonly price: (t: InstanceType) => number;
  readonly migLayout?: Readonly<Record<string, number>>;
}

/** Capacity of one node of `t` for packing. */
export function nodeShapeOf(t: InstanceType, gpuMemoryMiB: number, migLayout?: Readonly<Record<string, number>>): NodeShape {
  const a = allocatableOf(t);
  return { gpus: t.gpus, gpuMemoryBytes: gpuMemoryMiB * MIB, cpuMilli: a.cpuMilli, memoryBytes: a.memoryBytes, migLayout };
}

/**
 * Packs the pool on every candidate instance type that can host all its replicas and keeps the
 * cheapest (then fewer GPUs, then name). Candidates whose volume lower bound already costs more
 * than the best two results are skipped: they cannot win.
 *
 * @returns the pool, or the reasons every candidate failed
 */
export function buildPool(input: PoolInput): BuiltPool | { readonly failed: readonly RuledOut[] } {
  const totals = sumDemand(input.items);
  const ordered = byVolumeBound(input, totals);
  const ruledOut: RuledOut[] = [];
  // Only the two best results matter (the pool and its runner-up): keeping just those lets a
  // large pool's losing packings be freed as soon as they lose.
  let best: Packed | undefined;
  let second: Packed | undefined;
  let asGiven: ReplicaGroups | undefined;
  for (const { t, shape, bound } of ordered) {
    if (second && bound > second.cost) continue;
    const zones = input.zonesFor?.(t) ?? input.zones;
    const short = zoneShortfall(input.items, input.zones, zones);
    if (short.length) {
      ruledOut.push({ instanceType: t.name, reasons: short });
      continue;
    }
    const items = zones.length === input.zones.length ? input.items : respread(input.items, zones);
    // the replicas are grouped once for every type that packs them as they are
    const grouped = items === input.items ? (asGiven ??= groupReplicas(items)) : groupReplicas(items);
    const first = packItems(items, shape, zones, FillStrategy.MATCH_ROOM, grouped);
    if (!first.ok) {
      ruledOut.push({ instanceType: t.name, reasons: first.unfit[0]!.failures });
      continue;
    }
    const balanced = balanceMatters(totals, shape) ? packItems(items, shape, zones, FillStrategy.BALANCE, grouped) : undefined;
    const pack = balanced?.ok && balanced.result.nodes.length < first.result.nodes.length ? balanced.result : first.result;
    const r: Packed = { t, shape, pack, cost: pack.nodes.length * input.price(t), items };
    if (!best || better(r, best)) {
      second = best;
      best = r;
    } else if (!second || better(r, second)) second = r;
  }
  if (!best) return { failed: ruledOut };
  return {
    key: input.key,
    name: input.name,
    items: best.items,
    instanceType: best.t,
    shape: best.shape,
    pack: best.pack,
    hourlyCost: best.cost,
    runnerUp: second ? { instanceType: second.t.name, nodes: second.pack.nodes.length, hourlyCost: second.cost } : undefined,
    ruledOut,
  };
}

/**
 * What any pool `buildPool` could return for `input` costs at least, in USD per hour: over the
 * candidates that could host every replica (each fits an empty node, the zones suffice), the
 * cheapest node floor times the price; 0 for no replicas, Infinity when no candidate could host
 * them. Callers that only want a pool below some cost use it to skip packing pools that cannot
 * get there. `buildPool`'s own ordering keeps the plain volume bound, so what it tries (and
 * reports as ruled out) does not move.
 */
export function poolCostFloor(input: Omit<PoolInput, 'name'>): number {
  const items = input.items;
  if (items.length === 0) return 0;
  const totals = sumDemand(items);
  const migInstances = migInstancesByProfile(items);
  const apart = mostReplicasApart(items);
  const gpuMemoryMiB = input.key.gpuModel?.memoryMiB ?? 0;
  let floor = Infinity;
  for (const t of input.candidates) {
    const shape = nodeShapeOf(t, gpuMemoryMiB, input.migLayout);
    const nodes = Math.max(volumeBoundNodes(totals, shape), migBoundNodes(migInstances, shape), apart);
    const cost = nodes * input.price(t);
    if (!(cost < floor)) continue;
    if (zoneShortfall(items, input.zones, input.zonesFor?.(t) ?? input.zones).length > 0) continue;
    if (!everyItemFits(items, shape)) continue;
    floor = cost;
  }
  return floor;
}

/**
 * Demand of replicas summed per resource, for a floor that needs no list of replicas: GPUs in
 * thousandths (a whole GPU is 1000, a share its thousandths), MIG instances by profile, and the
 * distinct demands, each of which must fit an empty node.
 */
export interface DemandTotals {
  gpuMilli: number;
  cpuMilli: number;
  memoryBytes: number;
  readonly migInstances: Map<string, number>;
  /** One replica of each distinct demand (replicas side by side with one demand are listed once). */
  readonly distinct: PackItem[];
}

/** No demand yet, to add replicas to (`addDemand`). */
export function noDemand(): DemandTotals {
  return { gpuMilli: 0, cpuMilli: 0, memoryBytes: 0, migInstances: new Map(), distinct: [] };
}

/** Adds `count` replicas like `item` (its workload and replica aside) to `totals`. */
export function addDemand(totals: DemandTotals, item: PackItem, count: number): void {
  const g = item.gpu;
  if (g.kind === 'whole') totals.gpuMilli += g.count * MILLI_PER_GPU * count;
  else if (g.kind === 'share') totals.gpuMilli += g.milli * count;
  else if (g.kind === 'mig') totals.migInstances.set(g.profile, (totals.migInstances.get(g.profile) ?? 0) + count);
  totals.cpuMilli += item.cpuMilli * count;
  totals.memoryBytes += item.memoryBytes * count;
  const last = totals.distinct[totals.distinct.length - 1];
  if (!last || last.gpu !== g || last.cpuMilli !== item.cpuMilli || last.memoryBytes !== item.memoryBytes) totals.distinct.push(item);
}

/** Adds replicas to `totals`, each run of replicas side by side with one demand at once. */
export function addItems(totals: DemandTotals, items: readonly PackItem[]): void {
  let i = 0;
  while (i < items.length) {
    const it = items[i]!;
    let j = i + 1;
    while (j < items.length && items[j]!.gpu === it.gpu && items[j]!.cpuMilli === it.cpuMilli && items[j]!.memoryBytes === it.memoryBytes) j++;
    addDemand(totals, it, j - i);
    i = j;
  }
}

/**
 * A lower bound, USD per hour, of what `buildPool` returns for replicas with this demand: over
 * the candidates where every distinct demand fits an empty node, the cheapest of the nodes the
 * demand needs by volume and by MIG instances, times the price. It is `poolCostFloor` without the
 * zone and node-apart checks, which only raise a floor, and needs no list of replicas; each
 * volume quotient is rounded down by a hair, so that sums taken in another order never round it up.
 */
export function demandCostFloor(totals: DemandTotals, input: Pick<PoolInput, 'key' | 'candidates' | 'price' | 'migLayout'>): number {
  const nodesFor = (demand: number, perNode: number): number => Math.ceil(demand / Math.max(1, perNode) - 1e-9);
  const gpuMemoryMiB = input.key.gpuModel?.memoryMiB ?? 0;
  let floor = Infinity;
  for (const t of input.candidates) {
    const shape = nodeShapeOf(t, gpuMemoryMiB, input.migLayout);
    const nodes = Math.max(
      1,
      shape.gpus > 0 ? nodesFor(totals.gpuMilli, MILLI_PER_GPU * shape.gpus) : 0,
      nodesFor(totals.cpuMilli, shape.cpuMilli),
      nodesFor(totals.memoryBytes, shape.memoryBytes),
      migBoundNodes(totals.migInstances, shape),
    );
    const cost = nodes * input.price(t);
    if (!(cost < floor)) continue;
    if (!totals.distinct.every((it) => fitFailures(it, shape).length === 0)) continue;
    floor = cost;
  }
  return floor;
}

/** MIG instances the replicas ask for, by profile. */
function migInstancesByProfile(items: readonly PackItem[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const it of items) if (it.gpu.kind === 'mig') out.set(it.gpu.profile, (out.get(it.gpu.profile) ?? 0) + 1);
  return out;
}

/** Nodes the MIG replicas need at least: each GPU of a node offers its layout's instances of a profile. */
function migBoundNodes(instances: ReadonlyMap<string, number>, shape: NodeShape): number {
  let nodes = 0;
  for (const [profile, count] of instances) {
    const perNode = shape.gpus * (shape.migLayout?.[profile] ?? 0);
    // a profile outside the layout fits no node: `everyItemFits` rules the type out
    if (perNode > 0) nodes = Math.max(nodes, Math.ceil(count / perNode));
  }
  return nodes;
}

/** Most replicas of one workload that may not share a node: the pool needs that many nodes. */
function mostReplicasApart(items: readonly PackItem[]): number {
  const apart = new Map<string, number>();
  for (const it of items) if (it.distinctNodes) apart.set(it.workload, (apart.get(it.workload) ?? 0) + 1);
  return Math.max(0, ...apart.values());
}

/** Whether every replica fits an empty node of `shape` (what `packItems` checks first). */
function everyItemFits(items: readonly PackItem[], shape: NodeShape): boolean {
  let prev: PackItem | undefined;
  for (const it of items) {
    // replicas side by side with one demand fit alike
    const same = prev !== undefined && it.gpu === prev.gpu && it.cpuMilli === prev.cpuMilli && it.memoryBytes === prev.memoryBytes;
    if (!same && fitFailures(it, shape).length > 0) return false;
    prev = it;
  }
  return true;
}

/** The candidates with their node shape and volume bound, most promising (cheapest bound) first, so `buildPool`'s pruning cuts early. */
function byVolumeBound(
  input: Pick<PoolInput, 'key' | 'candidates' | 'price' | 'migLayout'>,
  totals: Totals,
): { readonly t: InstanceType; readonly shape: NodeShape; readonly bound: number }[] {
  const gpuMemoryMiB = input.key.gpuModel?.memoryMiB ?? 0;
  return input.candidates
    .map((t) => {
      const shape = nodeShapeOf(t, gpuMemoryMiB, input.migLayout);
      return { t, shape, bound: volumeBoundNodes(totals, shape) * input.price(t) };
    })
    .sort((a, b) => a.bound - b.bound || (a.t.name < b.t.name ? -1 : 1));
}

/**
 * Why a type sold in only `sold` of the target's `zones` cannot host the pool: no zone at all, or
 * a zone-spread workload that would reach fewer distinct zones than on the whole target (it
 * needs as many zones as it has replicas, up to the target's zone count). Replicas that only
 * need distinct nodes (the platform's operators) are respread over the zones that sell the type.
 */
export function zoneShortfall(items: readonly PackItem[], zones: readonly string[], sold: readonly string[]): FitFailure[] {
  if (sold.length === 0) return [{ kind: 'zones', workload: items[0]?.workload ?? '', requested: 1, available: 0 }];
  if (sold.length >= zones.length) return [];
  const spread = new Map<string, number>();
  // the operators' replicas ask for a node each, not a zone each: they spread over the zones that sell the type
  for (const it of items) if (it.zone !== undefined && !it.distinctNodes) spread.set(it.workload, (spread.get(it.workload) ?? 0) + 1);
  const out: FitFailure[] = [];
  for (const [workload, replicas] of [...spread].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const needed = zonesToSpread(replicas, zones.length);
    if (sold.length < needed) out.push({ kind: 'zones', workload, requested: needed, available: sold.length });
  }
  return out;
}

/** Zone-spread replicas spread over `zones` instead, in turn by replica index, as they were over the target's. */
function respread(items: readonly PackItem[], zones: readonly string[]): PackItem[] {
  return items.map((it) => (it.zone === undefined ? it : { ...it, zone: zones[it.replica % zones.length]! }));
}

/** One candidate instance type with its replicas packed. */
interface Packed {
  readonly t: InstanceType;
  readonly shape: NodeShape;
  readonly pack: PackResult;
  readonly cost: number;
  /** The replicas as packed: zone-spread ones respread over the zones that sell the type. */
  readonly items: readonly PackItem[];
}

/** Cheaper first, then fewer GPUs bought, then the instance type's name: a total order. */
function better(a: Packed, b: Packed): boolean {
  return (a.cost - b.cost || a.pack.nodes.length * a.t.gpus - b.pack.nodes.length * b.t.gpus || (a.t.name < b.t.name ? -1 : 1)) < 0;
}

/** A pool's summed demand. */
export interface Totals {
  readonly gpuMilli: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

/** The summed GPU (milli), CPU and memory demand of `items`. */
export function sumDemand(items: readonly PackItem[]): Totals {
  let gpuMilli = 0;
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const it of items) {
    const g = it.gpu;
    gpuMilli += g.kind === 'whole' ? g.count * MILLI_PER_GPU : g.kind === 'share' ? g.milli : 0;
    cpuMilli += it.cpuMilli;
    memoryBytes += it.memoryBytes;
  }
  return { gpuMilli, cpuMilli, memoryBytes };
}

/** Nodes any packing needs at least: the most demanding resource divided by node capacity. */
export function volumeBoundNodes(t: Totals, shape: NodeShape): number {
  const gpu = shape.gpus > 0 ? Math.ceil(t.gpuMilli / (MILLI_PER_GPU * shape.gpus)) : 0;
  return Math.max(1, gpu, Math.ceil(t.cpuMilli / Math.max(1, shape.cpuMilli)), Math.ceil(t.memoryBytes / Math.max(1, shape.memoryBytes)));
}

/**
 * Whether packing for balance can beat packing by matching room: only when CPU or memory demand
 * comes close to the GPU demand, relative to what a node offers. Otherwise one resource binds
 * and the second pass would cost time without changing the result.
 */
function balanceMatters(t: Totals, shape: NodeShape): boolean {
  if (shape.gpus === 0) return false;
  const gpu = t.gpuMilli / (MILLI_PER_GPU * shape.gpus);
  const cpu = t.cpuMilli / Math.max(1, shape.cpuMilli);
  const mem = t.memoryBytes / Math.max(1, shape.memoryBytes);
  return gpu === 0 || Math.max(cpu, mem) >= 0.5 * gpu;
}
