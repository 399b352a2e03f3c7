/**
 * The kind plan: a laptop cluster with no GPUs. Everything runs on one CPU pool; GPU workloads
 * run there only when they allow CPU fallback, and are rejected otherwise.
 */
import { InfeasibleError } from '../errors';
import type { NodePoolPlan, Placement, Plan, WorkloadPlan } from '../plan-types';
import type { PlatformSpec } from '../spec/schema';
import { defaultRequests, type ResolvedWorkload } from '../demand/resolve';
import { POOL_LABEL } from '../pools/pool-key';
import { planQuotas } from '../quotas/quotas';
import { PRICE_SOURCE } from '../catalogue';
import { isCpuOnly } from './demand';
import { programOf } from './assemble';

/** The one pool of a kind plan. */
export const KIND_POOL = 'kind-workers';
/** The zone name placements on kind carry. */
export const KIND_ZONE = 'kind';

type PlanBase = Pick<Plan, 'apiVersion' | 'platform' | 'kubernetesVersion' | 'capacityPolicy' | 'teams' | 'huggingFace'>;

/**
 * Plans onto kind.
 *
 * @throws InfeasibleError for a GPU workload without `cpuFallback: true`
 */
export function planKind(spec: PlatformSpec, workloads: readonly ResolvedWorkload[], base: PlanBase): Plan {
  for (const w of workloads) {
    if (!isCpuOnly(w) && !w.cpuFallback) {
      throw new InfeasibleError(
        w.path,
        `workload '${w.name}' needs a GPU, and kind clusters have none. Fix: set cpuFallback: true on it to run it on CPU, or target eks or gke.`,
      );
    }
  }
  const rows = workloads.map((w) => ({ w, ...defaultRequests(w, 0, 0) }));
  const cpu = rows.reduce((s, r) => s + r.cpuMilli * r.w.replicas, 0);
  const mem = rows.reduce((s, r) => s + r.memoryBytes * r.w.replicas, 0);
  const pool: NodePoolPlan = {
    name: KIND_POOL,
    provider: 'kind',
    instanceType: 'kind-node',
    gpuModel: null,
    gpusPerNode: 0,
    nodes: 1,
    zones: [KIND_ZONE],
    capacity: 'on-demand',
    hourlyCost: 0,
    sharing: { mode: 'exclusive' },
    role: 'cpu',
    labels: { [POOL_LABEL]: KIND_POOL },
    taints: [],
    allocatable: { cpuMilli: cpu, memoryBytes: mem },
    gpuResources: [],
  };
  const workloadPlans: WorkloadPlan[] = rows.map(({ w, cpuMilli, memoryBytes }) => ({
    name: w.name,
    team: w.team,
    type: w.spec.type,
    replicas: w.replicas,
    perReplica: { gpus: 0, gpuMemoryBytes: 0, cpuMilli, memoryBytes },
    nodePool: KIND_POOL,
    parallelism: {},
    ...('model' in w.spec && typeof w.spec.model === 'string' ? { model: w.spec.model } : {}),
    zoneSpread: false,
    cpuFallback: !isCpuOnly(w),
    ...(w.spec.image ? { image: w.spec.image } : {}),
    ...programOf(w.spec),
  }));
  const placements: Placement[] = rows.flatMap(({ w }) =>
    Array.from({ length: w.replicas }, (_, replica) => ({ workload: w.name, replica, nodePool: KIND_POOL, node: 0, zone: KIND_ZONE, gpus: [] })),
  );
  const quotas = planQuotas(
    spec.metadata.name,
    [{ name: KIND_POOL, taints: [], capacity: { cpu, memory: mem } }],
    base.teams,
    rows.map(({ w, cpuMilli, memoryBytes }) => ({
      team: w.team,
      pool: KIND_POOL,
      resources: { cpu: cpuMilli * w.replicas, memory: memoryBytes * w.replicas },
    })),
  );
  const fallbacks = workloadPlans.filter((w) => w.cpuFallback).map((w) => w.name);
  return {
    ...base,
    provider: 'kind',
    region: 'local',
    zones: [KIND_ZONE],
    workloads: workloadPlans,
    nodePools: [pool],
    placements,
    quotas,
    cost: {
      hourly: 0,
      monthly: 0,
      byTeam: {},
      byNodePool: { [KIND_POOL]: 0 },
      lowerBoundHourly: 0,
      gapToLowerBound: 0,
      currency: 'USD',
      priceSource: PRICE_SOURCE,
    },
    utilization: {
      gpus: { provisioned: 0, requested: 0 },
      gpuMemoryBytes: { provisioned: 0, requested: 0 },
      cpuMilli: { provisioned: cpu, requested: cpu },
      memoryBytes: { provisioned: mem, requested: mem },
      gpuLowerBound: 0,
      strandedMigSlices: {},
    },
    decisions: [
      {
        nodePool: KIND_POOL,
        chosen: { instanceType: 'kind-node', sharing: 'exclusive', hourlyCost: 0 },
        reason: 'kind runs every workload on the local cluster, sized by the sum of their requests',
      },
    ],
    warnings: fallbacks.length ? [`kind has no GPUs: ${fallbacks.join(', ')} run on CPU (cpuFallback), far slower than on a GPU`] : [],
  };
}
