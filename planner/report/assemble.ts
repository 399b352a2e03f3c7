/**
 * Turning packed pools into the Plan's node pools, placements and workloads.
 */
import type { NodePoolPlan, Placement, PoolSharing, WorkloadPlan } from '../plan-types';
import type { BuiltPool } from '../pools/build-pool';
import type { PackResult } from '../packing/pack';
import { gpuResourceName, migConfigName, poolLabels, poolName, poolTaints } from '../pools/pool-key';
import { instanceTypeSuffix } from '../optimise/optimise';
import { GPU_MEMORY_UTILIZATION } from '../options/options';
import { SERVING_ROLLOUT, servingGpuMemoryUtilization, servingSharedMemoryBytes } from '../resolve/serving-pod';
import type { Provider, WorkloadSpec } from '../spec/schema';
import type { PlannedWorkload } from '../choose/plan-demand';
import { roundPrice } from '../options/context';

/**
 * Shares per GPU of each packing, once: the plan asks for it per pool several times (sharing,
 * resources, quotas), and a packing never changes once built.
 */
const sharesPerGpu = new WeakMap<PackResult, number>();

/** Shares per GPU a time-sliced pool advertises: the most any GPU carries, at least 2. */
export function timeSlicingReplicas(pool: BuiltPool): number {
  const known = sharesPerGpu.get(pool.pack);
  if (known !== undefined) return known;
  // counters by node, then GPU index: numbers, where a key string per GPU would cost a fleet's worth of strings
  const counts: number[][] = [];
  let most = 2;
  for (const pl of pool.pack.placements) {
    if (!pl) continue;
    const onNode = (counts[pl.node] ??= []);
    for (const g of pl.gpus) {
      const c = (onNode[g] ?? 0) + 1;
      onNode[g] = c;
      if (c > most) most = c;
    }
  }
  sharesPerGpu.set(pool.pack, most);
  return most;
}

/** The sharing block of a pool. */
export function sharingOf(pool: BuiltPool): PoolSharing {
  const mode = pool.key.mode;
  if (pool.key.role !== 'gpu' || mode === 'exclusive') return { mode: 'exclusive' };
  if (mode === 'time-slicing') return { mode, replicas: timeSlicingReplicas(pool) };
  return {
    mode,
    migConfigName: migConfigName(pool.name),
    migDevices: [{ devices: 'all', profiles: { ...(pool.shape.migLayout ?? {}) } }],
  };
}

/** Resource names a pool offers, with capacity per node. */
export function gpuResourcesPerNode(pool: BuiltPool, provider: Provider): Record<string, number> {
  const t = pool.instanceType;
  if (pool.key.role !== 'gpu') return {};
  const mode = pool.key.mode;
  if (mode === 'exclusive') return { 'nvidia.com/gpu': t.gpus };
  if (mode === 'time-slicing') return { [gpuResourceName(provider, mode)]: t.gpus * timeSlicingReplicas(pool) };
  const out: Record<string, number> = {};
  for (const [p, c] of Object.entries(pool.shape.migLayout ?? {})) {
    const r = gpuResourceName(provider, 'mig', p);
    out[r] = (out[r] ?? 0) + c * t.gpus;
  }
  return out;
}

/** The Plan's view of a pool. */
export function nodePoolPlan(pool: BuiltPool, provider: Provider, zones: readonly string[]): NodePoolPlan {
  const t = pool.instanceType;
  const usedZones = [...new Set(pool.pack.nodes.map((n) => n.zone))].sort();
  const base = poolName(pool.key);
  return {
    name: pool.name,
    // only a pool named after its base and an instance type: a provider's own pool name (kind) is no such pool
    ...(pool.name === `${base}-${instanceTypeSuffix(t.name)}` ? { basePool: base } : {}),
    provider,
    instanceType: t.name,
    gpuModel: pool.key.gpuModel?.id ?? null,
    gpusPerNode: t.gpus,
    nodes: pool.pack.nodes.length,
    zones: usedZones.length ? usedZones : [...zones],
    capacity: pool.key.capacity,
    hourlyCost: roundPrice(pool.hourlyCost),
    sharing: sharingOf(pool),
    role: pool.key.role,
    labels: poolLabels(pool.key, pool.name, provider),
    taints: poolTaints(pool.key),
    allocatable: { cpuMilli: pool.shape.cpuMilli, memoryBytes: pool.shape.memoryBytes },
    gpuResources: Object.keys(gpuResourcesPerNode(pool, provider)).sort(),
  };
}

/**
 * One placement per replica of every workload of `planned` in the pool, sorted by workload and
 * replica. Pods that are no workload of the plan (a Ray head, the platform's operators) have none.
 */
export function placementsOf(pool: BuiltPool, planned: ReadonlyMap<string, PlannedWorkload>): Placement[] {
  const out: Placement[] = [];
  pool.pack.placements.forEach((pl, i) => {
    const item = pool.items[i]!;
    if (item.head || !planned.has(item.workload)) return; // a Ray head is the workload's `head`, not one of its replicas
    const node = pool.pack.nodes[pl.node]!;
    const o = planned.get(item.workload)?.option;
    out.push({
      workload: item.workload,
      replica: item.replica,
      nodePool: pool.name,
      node: pl.node,
      zone: node.zone,
      gpus: [...pl.gpus],
      ...(o?.mode === 'mig' ? { migProfile: o.migProfile } : {}),
      ...(o?.mode === 'time-slicing' ? { share: o.gpusPerReplica } : {}),
    });
  });
  return out;
}

/**
 * The Plan's view of a workload, for every provider: built only from resolved values, so no
 * provider can drop a serving setting or a model name.
 */
export function workloadPlan(p: PlannedWorkload, provider: Provider, head?: PlannedWorkload): WorkloadPlan {
  const w = p.w;
  const o = p.option;
  const gpuResource = o ? gpuResourceOf(o, provider) : undefined;
  return {
    name: w.name,
    team: w.team,
    type: w.spec.type,
    replicas: p.pods,
    perReplica: {
      gpus: o ? o.gpusPerReplica : 0,
      gpuMemoryBytes: o ? Math.ceil(o.gpuMemoryBytes) : 0,
      ...(o?.migProfile ? { migProfile: o.migProfile } : {}),
      cpuMilli: p.cpuMilli,
      memoryBytes: p.memoryBytes,
      ...(gpuResource ? { gpuResource } : {}),
    },
    nodePool: p.pool,
    parallelism: o ? { ...o.parallelism } : {},
    ...(w.model !== undefined ? { model: w.model } : {}),
    ...(w.spec.type === 'inference' && w.serving
      ? {
          serving: {
            precision: w.serving.precision,
            kvPrecision: w.serving.kvPrecision,
            maxContextTokens: w.serving.maxContextTokens,
            concurrency: w.serving.concurrency,
            gpuMemoryUtilization: servingGpuMemoryUtilization(o?.mode === 'time-slicing' ? o.gpusPerReplica : undefined, GPU_MEMORY_UTILIZATION),
            maxReplicas: w.serving.maxReplicas,
            rollout: { ...SERVING_ROLLOUT },
            sharedMemoryBytes: servingSharedMemoryBytes(o?.gpusPerReplica ?? 0),
          },
        }
      : {}),
    ...(w.training ? { training: { ...w.training } } : {}),
    ...(head ? { head: { nodePool: head.pool, cpuMilli: head.cpuMilli, memoryBytes: head.memoryBytes } } : {}),
    zoneSpread: w.zoneSpread,
    cpuFallback: p.cpuFallback,
    ...(w.spec.image ? { image: w.spec.image } : {}),
    ...programOf(w.spec),
  };
}

/** What one replica's pod requests: the resource name and count. */
export function gpuResourceOf(o: NonNullable<PlannedWorkload['option']>, provider: Provider): { name: string; count: number } {
  // a MIG instance or a time-sliced share is one device of its resource; whole GPUs count
  return { name: gpuResourceName(provider, o.mode, o.migProfile), count: o.mode === 'exclusive' ? o.gpusPerReplica : 1 };
}

/** The command and args a training or batch workload gives, copied into its plan. */
export function programOf(s: WorkloadSpec): { command?: readonly string[]; args?: readonly string[] } {
  if (s.type !== 'training' && s.type !== 'batch') return {};
  return { ...(s.command ? { command: [...s.command] } : {}), ...(s.args ? { args: [...s.args] } : {}) };
}
