/**
 * From replicas to node pools: group by pool, choose MIG layouts, pack. The system pool is built
 * the same way, from the platform's operators as a workload.
 */
import { InfeasibleError } from '../errors';
import { groupBy } from '../group-by';
import type { InstanceType } from '../catalogue/types';
import type { PackItem } from '../packing/items';
import { describeFitFailure, FillStrategy, packItems, type NodeShape } from '../packing/pack';
import { addDemand, addItems, buildPool, demandCostFloor, noDemand, poolCostFloor, type BuiltPool } from './build-pool';
import { chooseMigLayout, gkePartitionLayout } from './mig-layout';
import { onePartitionPerPool, type PoolKey } from './pool-key';
import type { CloudContext } from '../options/context';
import { typesForMembers } from '../options/node-types';
import { podWithOption, poolKeyFor, type PlannedWorkload } from '../choose/plan-demand';
import type { GpuOption } from '../options/options';

/** Builds every workload pool, in name order. */
export function buildPools(planned: readonly PlannedWorkload[], ctx: CloudContext, progress?: (msg: string) => void): BuiltPool[] {
  return [...groupByPool(planned)]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([name, members]) => {
      progress?.(`packing pool ${name}: ${members.reduce((s, m) => s + m.items.length, 0)} replicas`);
      return buildPoolOf(name, members, ctx);
    });
}

/** Workloads grouped by the pool they join, in input order within a pool. */
export function groupByPool(planned: readonly PlannedWorkload[]): Map<string, PlannedWorkload[]> {
  return groupBy(planned, (p) => p.pool);
}

/** Where a pool may deviate from the cheapest build (keeping a previous plan's pool). */
export interface PoolBuildOptions {
  /**
   * The only instance type to try.
   * @default - every type of the pool's GPU model (or every CPU type) sold on its capacity type
   */
  readonly instanceType?: string;
  /**
   * Workloads the MIG layout must serve, when more than the members packed now.
   * @default - the members
   */
  readonly layoutFor?: readonly PlannedWorkload[];
}

/**
 * Builds one pool from its workloads: MIG layout, instance type and packing.
 *
 * @throws InfeasibleError when no single instance type can host every replica
 */
export function buildPoolOf(name: string, members: readonly PlannedWorkload[], ctx: CloudContext, options: PoolBuildOptions = {}): BuiltPool {
  const key = members[0]!.poolKey;
  const items = itemsOf(members);
  if (ctx.record.hostSizedNodes) return hostSizedPool(key, name, items, ctx);
  const migLayout = key.mode === 'mig' ? layoutFor(key, options.layoutFor ?? members, ctx) : undefined;
  const candidates = candidatesOf(name, members, ctx, options);
  const zonesFor = (t: InstanceType): readonly string[] => ctx.zonesFor(t).zones;
  const built = buildPool({ key, name, items, candidates, zones: ctx.zones, zonesFor, price: priceOn(key, ctx), migLayout });
  if ('failed' in built) {
    const byZones = built.failed.some((f) => f.reasons.some((r) => r.kind === 'zones'));
    const reasons = built.failed
      .map(
        (f) =>
          `${f.instanceType}${byZones ? ` (sold in ${listZones(zonesFor(candidates.find((c) => c.name === f.instanceType)!))})` : ''}: ${f.reasons.map(describeFitFailure).join(', ')}`,
      )
      .join('; ');
    const fix = byZones
      ? `Fix: list zones in spec.target.zones where these types are sold (target: ${listZones(ctx.zones)}), lower the replicas of zone-spread workloads, or pin them to another GPU with gpu.model.`
      : 'Fix: pin the largest workloads to another GPU with gpu.model, or reduce their CPU and memory requests.';
    throw new InfeasibleError(`pool ${name}`, `no single instance type can host every replica of pool '${name}' (${reasons}). ${fix}`);
  }
  return built;
}

/**
 * What `buildPoolOf(name, members, ctx)` costs at least, USD per hour, without packing
 * (`poolCostFloor`); Infinity when no type is large enough (`buildPoolOf` throws then), 0 on
 * host-sized nodes (which cost nothing).
 */
export function poolCostFloorOf(name: string, members: readonly PlannedWorkload[], ctx: CloudContext): number {
  if (ctx.record.hostSizedNodes) return 0;
  const key = members[0]!.poolKey;
  let candidates: InstanceType[];
  try {
    candidates = candidatesOf(name, members, ctx, {});
  } catch (e) {
    if (e instanceof InfeasibleError) return Infinity;
    throw e;
  }
  const migLayout = key.mode === 'mig' ? layoutFor(key, members, ctx) : undefined;
  const items = itemsOf(members);
  return poolCostFloor({ key, items, candidates, zones: ctx.zones, zonesFor: (t) => ctx.zonesFor(t).zones, price: priceOn(key, ctx), migLayout });
}

/** A workload joining a pool with one of its options, before it is rebuilt with it. */
export interface Joiner {
  readonly w: PlannedWorkload['w'];
  readonly option: GpuOption;
}

/**
 * A lower bound of what `buildPoolOf(name, [...staying, ...joining rebuilt], ctx)` costs, USD per
 * hour, from the demand alone (`demandCostFloor`): the joiners need not be rebuilt with their
 * options, nor their replicas listed, to rule a pool out. 0 on host-sized nodes (which cost nothing).
 */
export function joinedPoolCostFloor(staying: readonly PlannedWorkload[], joining: readonly Joiner[], ctx: CloudContext): number {
  if (ctx.record.hostSizedNodes) return 0;
  if (joining.length === 0) return -Infinity;
  const key = poolKeyFor(joining[0]!.option, joining[0]!.w, ctx);
  const totals = noDemand();
  for (const m of staying) addItems(totals, m.items);
  // joiners of one shape share their option objects: each option's pod is worked out once, for all its pods
  const byOption = new Map<GpuOption, { readonly w: PlannedWorkload['w']; pods: number }>();
  for (const j of joining) {
    const seen = byOption.get(j.option);
    if (seen) seen.pods += j.option.replicas;
    else byOption.set(j.option, { w: j.w, pods: j.option.replicas });
  }
  for (const [option, { w, pods }] of byOption) {
    const pod = podWithOption(option, w);
    addDemand(totals, { workload: w.name, replica: 0, gpu: option.demand, cpuMilli: pod.cpuMilli, memoryBytes: pod.memoryBytes }, pods);
  }
  // the layout `buildPoolOf` gives the merged pool: it reads only each member's MIG profile and pods, in order
  const migLayout = key.mode === 'mig' ? layoutFor(key, [...staying, ...[...byOption].map(([option, { pods }]) => ({ option, pods }))], ctx) : undefined;
  // the types `candidatesOf` offers the merged pool (none large enough: no type, and an infinite floor)
  let candidates: InstanceType[];
  try {
    const offered = ctx.typesOn(key.capacity).filter((t) => (key.role === 'gpu' ? t.gpuModel === key.gpuModel!.id : t.gpus === 0));
    const limited: PlannedWorkload['w'][] = [];
    for (const m of staying) if (m.w.minNode !== undefined) limited.push(m.w);
    for (const j of joining) if (j.w.minNode !== undefined) limited.push(j.w);
    candidates = typesForMembers(offered, limited);
  } catch (e) {
    if (e instanceof InfeasibleError) return Infinity;
    throw e;
  }
  return demandCostFloor(totals, { key, candidates, price: priceOn(key, ctx), migLayout });
}

/**
 * The instance types a pool of `members` may be built on.
 *
 * @throws InfeasibleError when types are offered but none is as large as every member's minimum node
 */
function candidatesOf(name: string, members: readonly PlannedWorkload[], ctx: CloudContext, options: PoolBuildOptions): InstanceType[] {
  const key = members[0]!.poolKey;
  const offered = ctx
    .typesOn(key.capacity)
    .filter((t) => (key.role === 'gpu' ? t.gpuModel === key.gpuModel!.id : t.gpus === 0))
    .filter((t) => options.instanceType === undefined || t.name === options.instanceType);
  const candidates = typesForMembers(
    offered,
    members.map((m) => m.w),
  );
  if (candidates.length === 0 && offered.length > 0) {
    const smallest = members.find((m) => m.w.minNode !== undefined)!.w.minNode!;
    throw new InfeasibleError(
      members[0]!.w.path,
      `no ${key.capacity} instance type in ${ctx.regionName} is large enough for pool '${name}': it needs at least ${smallest.vcpus} vCPUs and ${smallest.memoryMiB / 1024} GiB per node. Fix: choose a region that offers one.`,
    );
  }
  return candidates;
}

/** The members' replicas, member by member (a plain loop: pools hold up to a fleet's replicas). */
function itemsOf(members: readonly PlannedWorkload[]): PackItem[] {
  const items: PackItem[] = [];
  for (const m of members) for (const it of m.items) items.push(it);
  return items;
}

function priceOn(key: PoolKey, ctx: CloudContext): (t: InstanceType) => number {
  return (t) => ctx.price(t, key.capacity);
}

/**
 * `buildPoolOf`, or undefined when no single instance type hosts the members: for the stages that
 * try pools (repair, keeping a previous plan) and drop the ones that cannot be built. Any other
 * error is a bug and surfaces.
 */
export function buildPoolOrUndefined(
  name: string,
  members: readonly PlannedWorkload[],
  ctx: CloudContext,
  options: PoolBuildOptions = {},
): BuiltPool | undefined {
  try {
    return buildPoolOf(name, members, ctx, options);
  } catch (e) {
    if (e instanceof InfeasibleError) return undefined;
    throw e;
  }
}

function listZones(zones: readonly string[]): string {
  return zones.length ? zones.join(', ') : 'no zone of the target';
}

/**
 * A pool of one node whose size is the host's (kind): sized by the sum of the requests, so the
 * packer places every replica on it.
 */
export function hostSizedPool(key: PoolKey, name: string, items: readonly PackItem[], ctx: CloudContext): BuiltPool {
  const t = ctx.typesOn(key.capacity)[0];
  if (!t) throw new InfeasibleError('spec.target.provider', `the catalogue has no node type for ${ctx.provider}`);
  const shape: NodeShape = {
    gpus: 0,
    gpuMemoryBytes: 0,
    cpuMilli: items.reduce((s, it) => s + it.cpuMilli, 0),
    memoryBytes: items.reduce((s, it) => s + it.memoryBytes, 0),
  };
  const packed = packItems(items, shape, ctx.zones, FillStrategy.MATCH_ROOM);
  if (!packed.ok) throw new Error(`pool ${name}: a node sized by its own requests could not hold them (${packed.unfit[0]!.reason})`);
  // the node exists (the cluster's own) even with nothing planned on it
  const empty = { zone: ctx.zones[0]!, items: [], gpuMilliUsed: [], migUsed: [], cpuMilliUsed: 0, memoryBytesUsed: 0 };
  const pack = packed.result.nodes.length > 0 ? packed.result : { placements: [], nodes: [empty] };
  return { key, name, items, instanceType: t, shape, pack, hourlyCost: 0, ruledOut: [] };
}

/** The MIG layout of a pool's GPUs: GKE's one partition size, or on EKS the layout that best fits its members' profiles. */
export function layoutFor(key: PoolKey, workloads: readonly Pick<PlannedWorkload, 'option' | 'pods'>[], ctx: CloudContext): Record<string, number> {
  const gpu = key.gpuModel!;
  if (onePartitionPerPool(ctx.provider)) return gkePartitionLayout(gpu, key.migProfile!) ?? {};
  const demand: Record<string, number> = {};
  for (const p of workloads) {
    const profile = p.option?.migProfile;
    if (profile) demand[profile] = (demand[profile] ?? 0) + p.pods;
  }
  return { ...(chooseMigLayout(gpu, demand)?.layout ?? {}) };
}
