/**
 * The demand the reference models optimise over, taken from the planner itself: every way each
 * workload can run (its options) with the planner's own sizing, CPU and memory per pod.
 *
 * Each option comes from `plan()` of the workload alone, with `allowedGpus` narrowed to one GPU
 * model and `gpuSharing` to one mode: the plan's `perReplica` is then the planner's sizing of that
 * option. Which modes count depends on the platform's policy exactly as the planner reads it:
 * `exclusive`, `mig` and `time-slicing` allow only themselves; `auto` allows whole GPUs and MIG for
 * everything, and time-sliced shares only for workloads with an explicit GPU request (serving a
 * model on a time-sliced GPU has no memory isolation, so the planner offers it only when the policy
 * asks for time-slicing).
 */
import { InfeasibleError } from '../../planner/errors';
import { plan } from '../../planner/plan';
import type { NodePoolPlan, Plan, WorkloadPlan } from '../../planner/plan-types';
import { GPU_IDS, type GpuId, type PlatformSpec, type WorkloadSpec } from '../../planner/spec/schema';
import type { Demand, GpuNeed, PodOption } from '../../planner/optimise/demand';
import { capacityFor } from './planner-facts';

export type { Demand, DemandGroup, GpuNeed, PodOption } from '../../planner/optimise/demand';

type Mode = 'exclusive' | 'mig' | 'time-slicing';

/** Serving sized from a model: the planner offers it no time-sliced share unless the policy says time-slicing. */
function isModelServing(w: WorkloadSpec): boolean {
  return w.type === 'inference' || (w.type === 'ray' && w.model !== undefined && w.gpu === undefined);
}

function modesFor(w: WorkloadSpec, policy: string): readonly Mode[] {
  if (policy !== 'auto') return [policy as Mode];
  return isModelServing(w) ? ['exclusive', 'mig'] : ['exclusive', 'mig', 'time-slicing'];
}

function needOf(p: Plan): { need: GpuNeed; gpuModel: GpuId | null } {
  const w = p.workloads[0]!;
  const pool = p.nodePools.find((n) => n.name === w.nodePool)!;
  const r = w.perReplica;
  if (pool.gpuModel === null) return { need: { kind: 'none' }, gpuModel: null };
  if (pool.sharing.mode === 'mig') return { need: { kind: 'mig', profile: r.migProfile! }, gpuModel: pool.gpuModel };
  if (pool.sharing.mode === 'time-slicing')
    return { need: { kind: 'share', milli: Math.round(r.gpus * 1000), memoryBytes: r.gpuMemoryBytes }, gpuModel: pool.gpuModel };
  return { need: { kind: 'whole', count: r.gpus }, gpuModel: pool.gpuModel };
}

function optionKey(o: Omit<PodOption, 'key'>): string {
  const n = o.need;
  const g = n.kind === 'whole' ? `x${n.count}` : n.kind === 'mig' ? n.profile : n.kind === 'share' ? `s${n.milli}/${n.memoryBytes}` : 'cpu';
  return `${o.gpuModel ?? 'cpu'}:${g}:${o.cpuMilli}m:${o.memoryBytes}b:${o.pods}p`;
}

/** Options of one workload under the platform's target and policy, each from the planner. */
export function optionsOf(spec: PlatformSpec, w: WorkloadSpec, cache: Map<string, PodOption | null> = new Map()): PodOption[] {
  const policy = spec.spec.policy ?? {};
  const allowed = policy.allowedGpus ?? GPU_IDS;
  const found = new Map<string, PodOption>();
  const alone = (gpus: readonly GpuId[], mode: Mode): PodOption | null => {
    const single: PlatformSpec = {
      ...spec,
      spec: {
        ...spec.spec,
        policy: { ...policy, allowedGpus: [...gpus], gpuSharing: mode },
        teams: [{ name: w.team }],
        workloads: [{ ...w }],
      },
    };
    const key = JSON.stringify({ ...w, name: '', team: '', t: spec.spec.target, c: policy.capacity, gpus, mode });
    if (cache.has(key)) return cache.get(key)!;
    let result: PodOption | null;
    try {
      const p = plan(single);
      const { need, gpuModel } = needOf(p);
      const wp = p.workloads[0]!;
      const o = { gpuModel, need, cpuMilli: wp.perReplica.cpuMilli, memoryBytes: wp.perReplica.memoryBytes, pods: wp.replicas };
      result = { key: optionKey(o), ...o };
    } catch (e) {
      if (!(e instanceof InfeasibleError)) throw e;
      result = null;
    }
    cache.set(key, result);
    return result;
  };
  for (const g of allowed) {
    for (const mode of modesFor(w, policy.gpuSharing ?? 'auto')) {
      const o = alone([g], mode);
      if (o) found.set(o.key, o);
    }
  }
  if (found.size === 0) {
    // CPU-only work plans the same whatever the GPUs; a GPU workload with no option is infeasible.
    const o = alone(allowed, 'exclusive');
    if (o && o.gpuModel === null) found.set(o.key, o);
  }
  return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The demand of a platform: its workloads grouped by identical options, with the system pool's cost.
 *
 * @param full the planner's plan of the whole platform (for its zones and system pool)
 */
export function demandOf(spec: PlatformSpec, full: Plan): Demand {
  const provider = spec.spec.target.provider;
  if (provider === 'kind') throw new Error('the reference models plan cloud targets (eks, gke), not kind');
  const cache = new Map<string, PodOption | null>();
  const capacityPolicy = spec.spec.policy?.capacity ?? 'on-demand';
  const groups = new Map<string, { key: string; workloads: string[]; zoneSpread: boolean; capacity: 'on-demand' | 'spot'; options: PodOption[] }>();
  for (const w of spec.spec.workloads) {
    const options = optionsOf(spec, w, cache);
    if (options.length === 0) throw new Error(`workload '${w.name}': no option under the platform's policy (the planner finds it infeasible)`);
    const zoneSpread = w.zoneSpread ?? false;
    const capacity = capacityFor(capacityPolicy, w.type);
    const key = JSON.stringify({ o: options.map((o) => o.key), zoneSpread, capacity });
    const g = groups.get(key);
    if (g) g.workloads.push(w.name);
    else groups.set(key, { key, workloads: [w.name], zoneSpread, capacity, options });
  }
  const system = full.nodePools.filter((n) => n.role === 'system').reduce((s, n) => s + n.hourlyCost, 0);
  return {
    provider,
    zones: full.zones,
    groups: [...groups.values()].map((g) => ({ ...g, workloads: [...g.workloads].sort() })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    systemHourly: system,
  };
}

/** Pods of a spread option per zone: replica r lands in zone r mod (zones), as the plan spreads them. */
export function podsPerZone(pods: number, zones: number): number[] {
  return Array.from({ length: zones }, (_, z) => Math.floor(pods / zones) + (z < pods % zones ? 1 : 0));
}

/** Whether option `o` is the one the plan gave workload `w` (on `pool`). */
export function matchesPlan(o: PodOption, w: WorkloadPlan, pool: NodePoolPlan): boolean {
  const r = w.perReplica;
  if (o.gpuModel !== pool.gpuModel || o.cpuMilli !== r.cpuMilli || o.memoryBytes !== r.memoryBytes || o.pods !== w.replicas) return false;
  const n = o.need;
  if (pool.gpuModel === null) return n.kind === 'none';
  if (pool.sharing.mode === 'mig') return n.kind === 'mig' && n.profile === r.migProfile;
  if (pool.sharing.mode === 'time-slicing') return n.kind === 'share' && n.milli === Math.round(r.gpus * 1000);
  return n.kind === 'whole' && n.count === r.gpus;
}

/**
 * The demand with every workload held to the option the plan chose for it: what an instance-mix
 * stage after the planner's option choice would optimise.
 *
 * @throws Error naming the workload when the plan's choice is none of its options
 */
export function heldToPlan(d: Demand, p: Plan): Demand {
  const wl = new Map(p.workloads.map((w) => [w.name, w] as const));
  const pools = new Map(p.nodePools.map((n) => [n.name, n] as const));
  const groups = new Map<string, { key: string; workloads: string[]; zoneSpread: boolean; capacity: 'on-demand' | 'spot'; options: PodOption[] }>();
  for (const g of d.groups) {
    for (const name of g.workloads) {
      const w = wl.get(name)!;
      const o = g.options.find((x) => matchesPlan(x, w, pools.get(w.nodePool)!));
      if (!o) throw new Error(`workload '${name}': the plan's choice (${w.nodePool}) is none of its options`);
      const key = `${g.key}|${o.key}`;
      const e = groups.get(key);
      if (e) e.workloads.push(name);
      else groups.set(key, { key, workloads: [name], zoneSpread: g.zoneSpread, capacity: g.capacity, options: [o] });
    }
  }
  return { ...d, groups: [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}
