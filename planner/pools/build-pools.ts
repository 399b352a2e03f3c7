/**
 * From replicas to node pools: group by pool, choose MIG layouts, pack, and add the system pool.
 */
import { InfeasibleError } from '../errors';
import type { InstanceType } from '../catalogue/types';
import { allocatableOf } from '../packing/allocatable';
import type { PackItem } from '../packing/items';
import { describeFitFailure, FillStrategy, packItems, type NodeShape } from '../packing/pack';
import { buildPool, nodeShapeOf, type BuiltPool } from './build-pool';
import { chooseMigLayout, gkePartitionLayout } from './mig-layout';
import { onePartitionPerPool, poolName, type PoolKey } from './pool-key';
import { GIB } from '../resolve/quantity';
import type { CloudContext } from '../options/context';
import type { PlannedWorkload } from '../choose/plan-demand';

/**
 * What the platform's own operators request in total (cert-manager, Kueue, KServe, KubeRay,
 * Trainer, kube-prometheus-stack, MLflow and its database), sized from their charts' defaults.
 */
export const SYSTEM_REQUESTS = { cpuMilli: 6000, memoryBytes: 20 * GIB } as const;

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
  const groups = new Map<string, PlannedWorkload[]>();
  for (const p of planned) {
    const g = groups.get(p.pool);
    if (g) g.push(p);
    else groups.set(p.pool, [p]);
  }
  return groups;
}

/**
 * Builds one pool from its workloads: MIG layout, instance type and packing.
 *
 * @throws InfeasibleError when no single instance type can host every replica
 */
export function buildPoolOf(name: string, members: readonly PlannedWorkload[], ctx: CloudContext): BuiltPool {
  const key = members[0]!.poolKey;
  const items = members.flatMap((m) => m.items);
  if (ctx.record.hostSizedNodes) return hostSizedPool(key, name, items, ctx);
  const migLayout = key.mode === 'mig' ? layoutFor(key, members, ctx) : undefined;
  const candidates = ctx.typesOn(key.capacity).filter((t) => (key.role === 'gpu' ? t.gpuModel === key.gpuModel!.id : t.gpus === 0));
  const built = buildPool({ key, name, items, candidates, zones: ctx.zones, price: (t) => ctx.price(t, key.capacity), migLayout });
  if ('failed' in built) {
    const reasons = built.failed.map((f) => `${f.instanceType}: ${f.reasons.map(describeFitFailure).join(', ')}`).join('; ');
    throw new InfeasibleError(
      `pool ${name}`,
      `no single instance type can host every replica of pool '${name}' (${reasons}). Fix: pin the largest workloads to another GPU with gpu.model, or reduce their CPU and memory requests.`,
    );
  }
  return built;
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
export function layoutFor(key: PoolKey, workloads: readonly PlannedWorkload[], ctx: CloudContext): Record<string, number> {
  const gpu = key.gpuModel!;
  if (onePartitionPerPool(ctx.provider)) return gkePartitionLayout(gpu, key.migProfile!) ?? {};
  const demand: Record<string, number> = {};
  for (const p of workloads) {
    const profile = p.option?.migProfile;
    if (profile) demand[profile] = (demand[profile] ?? 0) + p.pods;
  }
  return { ...(chooseMigLayout(gpu, demand)?.layout ?? {}) };
}

/**
 * The system pool: the cheapest general-purpose type with at least 4 vCPUs and 16 GiB, one node
 * per zone (at least two, for the operators' own high availability) or more if their requests need it.
 */
export function buildSystemPool(ctx: CloudContext): BuiltPool {
  const key: PoolKey = { role: 'system', mode: 'exclusive', capacity: 'on-demand' };
  const candidates = ctx
    .typesOn('on-demand')
    .filter((t) => t.gpus === 0 && t.vcpus >= 4 && t.memoryMiB >= 16 * 1024)
    .sort((a, b) => ctx.price(a, 'on-demand') - ctx.price(b, 'on-demand') || (a.name < b.name ? -1 : 1));
  const t: InstanceType | undefined = candidates[0];
  if (!t) throw new InfeasibleError('spec.target.region', `the catalogue has no general-purpose instance type in ${ctx.regionName} for the system pool`);
  const a = allocatableOf(t);
  const byRequests = Math.max(Math.ceil(SYSTEM_REQUESTS.cpuMilli / a.cpuMilli), Math.ceil(SYSTEM_REQUESTS.memoryBytes / a.memoryBytes));
  const nodes = Math.max(2, Math.min(3, ctx.zones.length), byRequests);
  const shape = nodeShapeOf(t, 0);
  return {
    key,
    name: poolName(key),
    items: [],
    instanceType: t,
    shape,
    pack: {
      placements: [],
      nodes: Array.from({ length: nodes }, (_, i) => ({
        zone: ctx.zones[i % ctx.zones.length]!,
        items: [],
        gpuMilliUsed: [],
        migUsed: [],
        cpuMilliUsed: 0,
        memoryBytesUsed: 0,
      })),
    },
    hourlyCost: nodes * ctx.price(t, 'on-demand'),
    runnerUp: candidates[1] ? { instanceType: candidates[1].name, nodes, hourlyCost: nodes * ctx.price(candidates[1], 'on-demand') } : undefined,
    ruledOut: [],
  };
}
