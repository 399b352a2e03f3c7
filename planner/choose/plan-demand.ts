/**
 * From workloads to replicas: choose how each workload runs, which pool it joins, and the items
 * the packer places.
 */
import { InfeasibleError } from '../errors';
import { chooseOption, compareOptions } from './choose';
import { gpuOptions, type GpuOption, type WorkloadOptions } from '../options/options';
import { defaultRequests, gpuRequestOf, type ResolvedWorkload } from '../resolve/resolve';
import type { PackItem } from '../packing/items';
import { type InitContainerRequests, KSERVE_STORAGE_INITIALIZER, podRequests, RAY_HEAD_REQUESTS, type Requests } from '../resolve/pod-requests';
import { onePartitionPerPool, poolName, type PoolKey } from '../pools/pool-key';
import type { CloudContext } from '../options/context';
import type { GpuModel } from '../catalogue/types';
import type { ZoneFacts } from '../options/zone-spread';

/** A workload with its way of running chosen, or a pod a controller adds to it (a Ray head). */
export interface PlannedWorkload {
  readonly w: ResolvedWorkload;
  /**
   * `workload`: the workload's own replicas. `head`: the one CPU pod a RayCluster adds, planned
   * onto a CPU pool so that it counts in the team's quota and never takes a GPU node. `system`:
   * the platform's own operators, on the pool with role `system`; no team's quota or placements.
   */
  readonly role: 'workload' | 'head' | 'system';
  /** Unique among the plan's entries: the workload name, `/head` added for a head. */
  readonly key: string;
  /** Undefined for CPU-only work. */
  readonly option?: GpuOption;
  readonly runnerUp?: GpuOption;
  /** Every option of the workload, best first (empty for CPU-only work). */
  readonly alternatives: readonly GpuOption[];
  readonly poolKey: PoolKey;
  readonly pool: string;
  /** Pods: replicas, or worker nodes of a training job. */
  readonly pods: number;
  /** True for a GPU workload run on CPU because the provider has no GPUs (kind, `cpuFallback`). */
  readonly cpuFallback: boolean;
  /** Requests of the workload's container, per replica (what the constructs render). */
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** Requests of the whole pod, init containers included, as the scheduler and Kueue count them. */
  readonly pod: Requests;
  readonly items: readonly PackItem[];
}

/** True when a workload needs no GPU at all. */
export function isCpuOnly(w: ResolvedWorkload): boolean {
  const s = w.spec;
  if (s.type === 'inference' || s.type === 'training') return false;
  if (s.type === 'ray' && s.model !== undefined) return false;
  return gpuRequestOf(s) === undefined;
}

/**
 * Chooses an option per workload and groups its replicas by pool.
 *
 * @throws InfeasibleError naming the first workload (by name) that no allowed GPU can run, with
 *   the reason each GPU model was ruled out
 */
export function planDemand(workloads: readonly ResolvedWorkload[], ctx: CloudContext, shared?: OptionsCache): PlannedWorkload[] {
  const heads = workloads.filter((w) => w.spec.type === 'ray').map((w) => rayHead(w, ctx));
  if (!ctx.record.gpus) return [...workloads.map((w) => withoutGpus(w, ctx)), ...heads];
  // Fleets repeat a few shapes many times; workloads that differ only in name and team have the same options.
  const cache = new Map<string, Choice>();
  return [...workloads.map((w) => (isCpuOnly(w) ? cpuWorkload(w, ctx) : gpuWorkload(w, ctx, cache, shared))), ...heads];
}

/**
 * Options computed once on a list of GPU models and shared by plans of subsets of it (the search
 * plans one platform under several restrictions). Options on one GPU model never depend on the
 * other models, so a subset's options are the full list's, filtered.
 */
export interface OptionsCache {
  /** The GPU models options are computed on; every plan using the cache allows a subset of them. */
  readonly gpuModels: readonly GpuModel[];
  readonly byShape: Map<string, WorkloadOptions>;
}

function optionsOf(w: ResolvedWorkload, ctx: CloudContext, shape: string, shared: OptionsCache | undefined): WorkloadOptions {
  const compute = (gpuModels: readonly GpuModel[]) =>
    gpuOptions(w, {
      gpuModels,
      instanceTypes: ctx.typesOn(w.capacity),
      capacity: w.capacity,
      price: (t) => ctx.price(t, w.capacity),
      sharing: ctx.sharing,
      zoneFacts: zoneFactsOf(ctx),
    });
  if (!shared) return compute(ctx.gpuModels);
  const key = `${ctx.sharing}|${shape}`;
  let all = shared.byShape.get(key);
  if (!all) {
    all = compute(shared.gpuModels);
    shared.byShape.set(key, all);
  }
  if (ctx.gpuModels.length === shared.gpuModels.length) return all;
  const allowed = new Set(ctx.gpuModels.map((g) => g.id));
  return { options: all.options.filter((o) => allowed.has(o.gpuModel.id)), rejected: all.rejected.filter((r) => allowed.has(r.gpuModel as GpuModel['id'])) };
}

/** The target's zones and the ones that sell each type, as options ask for them. */
export function zoneFactsOf(ctx: CloudContext): ZoneFacts {
  return { zones: ctx.zones, zonesFor: (t) => ctx.zonesFor(t).zones };
}

const PREDICTOR_INIT_CONTAINERS = [KSERVE_STORAGE_INITIALIZER] as const;
const NO_INIT_CONTAINERS = [] as const;

/** The containers KServe adds to a predictor pod (the storage-initializer), none elsewhere. */
function initContainersOf(w: ResolvedWorkload): readonly InitContainerRequests[] {
  return w.spec.type === 'inference' ? PREDICTOR_INIT_CONTAINERS : NO_INIT_CONTAINERS;
}

/** The pod a RayCluster adds beside its workers: the head, on the CPU pool of the workload's capacity type. */
function rayHead(w: ResolvedWorkload, ctx: CloudContext): PlannedWorkload {
  const key: PoolKey = { role: 'cpu', mode: 'exclusive', capacity: w.capacity };
  const pod = podRequests([RAY_HEAD_REQUESTS]);
  return {
    w,
    role: 'head',
    key: `${w.name}/head`,
    alternatives: [],
    poolKey: key,
    pool: ctx.record.workerPool ?? poolName(key),
    pods: 1,
    cpuFallback: false,
    ...RAY_HEAD_REQUESTS,
    pod,
    items: [{ workload: w.name, replica: 0, gpu: { kind: 'none' }, cpuMilli: pod.cpuMilli, memoryBytes: pod.memoryBytes, head: true }],
  };
}

/**
 * A workload on a provider without GPUs: CPU work as is, GPU work on CPU where the file allows it.
 *
 * @throws InfeasibleError for a GPU workload without `cpuFallback: true`
 */
function withoutGpus(w: ResolvedWorkload, ctx: CloudContext): PlannedWorkload {
  if (!isCpuOnly(w) && !w.cpuFallback) {
    throw new InfeasibleError(
      w.path,
      `workload '${w.name}' needs a GPU, and ${ctx.provider} clusters have none. Fix: set cpuFallback: true on it to run it on CPU, or target eks or gke.`,
    );
  }
  return cpuWorkload(w, ctx);
}

/** Options of a workload shape and the choice among them. */
interface Choice {
  readonly found: WorkloadOptions;
  readonly choice: ReturnType<typeof chooseOption>;
  readonly sorted: readonly GpuOption[];
}

/**
 * Identical for workloads that differ only in name and team (a differing key order only costs a
 * cache miss): the spec without those two, and the capacity type the workload resolved to, which
 * no field of the spec gives (the search plans one spec on several). The two are left out by
 * destructuring rather than overwritten in a copy: a copy that overwrites keys is twice as slow to
 * build and stringify, and fleets key every workload.
 */
export function shapeKey(w: Pick<ResolvedWorkload, 'spec' | 'capacity'>): string {
  const { name: _name, team: _team, ...shape } = w.spec;
  return `${w.capacity}|${JSON.stringify(shape)}`;
}

function cpuWorkload(w: ResolvedWorkload, ctx: CloudContext): PlannedWorkload {
  const req = defaultRequests(w, 0, 0);
  const pod = podRequests([req], initContainersOf(w));
  const key: PoolKey = { role: 'cpu', mode: 'exclusive', capacity: w.capacity };
  return {
    w,
    alternatives: [],
    poolKey: key,
    pool: ctx.record.workerPool ?? poolName(key),
    pods: w.replicas,
    cpuFallback: !isCpuOnly(w),
    role: 'workload',
    key: w.name,
    ...req,
    pod,
    items: replicaItems(w, w.replicas, { kind: 'none' }, pod, []),
  };
}

function gpuWorkload(w: ResolvedWorkload, ctx: CloudContext, cache: Map<string, Choice>, shared: OptionsCache | undefined): PlannedWorkload {
  const shape = shapeKey(w);
  let cached = cache.get(shape);
  if (!cached) {
    const found = optionsOf(w, ctx, shape, shared);
    cached = { found, choice: chooseOption(found.options), sorted: [...found.options].sort(compareOptions) };
    cache.set(shape, cached);
  }
  const { found, choice, sorted } = cached;
  if (!choice) {
    const reasons = found.rejected.map((r) => `${r.gpuModel}: ${r.reason}`).join('; ');
    const allowed = ctx.gpuModels.map((g) => g.id).join(', ') || 'none';
    const byZones = found.rejected.some((r) => r.byZones);
    const fix = byZones
      ? `Fix: list zones in spec.target.zones where these types are sold (target: ${ctx.zones.join(', ')}), lower the replicas of the workload, allow another GPU in spec.policy.allowedGpus, or set zoneSpread: false.`
      : 'Fix: allow a larger GPU in spec.policy.allowedGpus, lower precision, context or concurrency, or give training more GPUs.';
    throw new InfeasibleError(
      w.path,
      `workload '${w.name}' ${byZones ? 'has no allowed GPU it can have' : 'fits no allowed GPU'} (allowed in ${ctx.regionName}: ${allowed}). ${reasons || 'no GPU model is allowed'}. ${fix}`,
    );
  }
  return withOption({ w, alternatives: sorted, runnerUp: choice.runnerUp }, choice.chosen, ctx);
}

/** The pool key a workload joins when it runs with option `o`. */
export function poolKeyFor(o: GpuOption, w: ResolvedWorkload, ctx: CloudContext): PoolKey {
  return {
    role: 'gpu',
    gpuModel: o.gpuModel,
    mode: o.mode,
    capacity: w.capacity,
    migProfile: onePartitionPerPool(ctx.provider) && o.mode === 'mig' ? o.migProfile : undefined,
  };
}

/** The pool of each option, by provider and capacity type: all that `poolKeyFor` reads beside the option. */
const poolsOfOptions = new WeakMap<GpuOption, Map<CloudContext['provider'], Map<ResolvedWorkload['capacity'], JoinedPool>>>();

/** A pool's key and name. */
interface JoinedPool {
  readonly key: PoolKey;
  readonly name: string;
}

/**
 * The pool a workload joins with option `o`, built once per option, provider and capacity type:
 * every workload of one shape then holds the same key and the same name string, so the stages
 * that group a fleet by pool name hash a handful of strings rather than one per workload.
 */
export function poolOfOption(o: GpuOption, w: ResolvedWorkload, ctx: CloudContext): JoinedPool {
  let byProvider = poolsOfOptions.get(o);
  if (!byProvider) poolsOfOptions.set(o, (byProvider = new Map()));
  let byCapacity = byProvider.get(ctx.provider);
  if (!byCapacity) byProvider.set(ctx.provider, (byCapacity = new Map()));
  let pool = byCapacity.get(w.capacity);
  if (!pool) {
    const key = poolKeyFor(o, w, ctx);
    byCapacity.set(w.capacity, (pool = { key, name: poolName(key) }));
  }
  return pool;
}

/** The whole pod of a replica of `w` running with option `o`, init containers included (what its items request). */
export function podWithOption(o: GpuOption, w: ResolvedWorkload): Requests {
  return podRequests([o], initContainersOf(w));
}

/** A GPU workload running with option `o` (one of its alternatives). */
export function withOption(
  p: { readonly w: ResolvedWorkload; readonly alternatives: readonly GpuOption[]; readonly runnerUp?: GpuOption },
  o: GpuOption,
  ctx: CloudContext,
): PlannedWorkload {
  const w = p.w;
  const { key, name } = poolOfOption(o, w, ctx);
  const pod = podWithOption(o, w);
  return {
    role: 'workload',
    key: w.name,
    pod,
    w,
    option: o,
    runnerUp: p.runnerUp,
    alternatives: p.alternatives,
    poolKey: key,
    pool: name,
    pods: o.replicas,
    cpuFallback: false,
    cpuMilli: o.cpuMilli,
    memoryBytes: o.memoryBytes,
    items: replicaItems(w, o.replicas, o.demand, pod, w.zoneSpread ? ctx.zones : []),
  };
}

/**
 * The platform's operators (`resolve/system-workload.ts`): CPU work like any other, on the pool
 * with role `system`, its replicas spread over the zones.
 */
export function planSystemWorkload(w: ResolvedWorkload, ctx: CloudContext): PlannedWorkload {
  const req = defaultRequests(w, 0, 0);
  const pod = podRequests([req], initContainersOf(w));
  const key: PoolKey = { role: 'system', mode: 'exclusive', capacity: w.capacity };
  return {
    w,
    role: 'system',
    key: w.name,
    alternatives: [],
    poolKey: key,
    pool: poolName(key),
    pods: w.replicas,
    cpuFallback: false,
    ...req,
    pod,
    items: replicaItems(w, w.replicas, { kind: 'none' }, pod, w.zoneSpread ? ctx.zones : []),
  };
}

/** One item per replica; zone-spread replicas take the zones in turn. */
function replicaItems(w: ResolvedWorkload, pods: number, gpu: PackItem['gpu'], pod: Requests, spreadZones: readonly string[]): PackItem[] {
  // a plain loop of object literals of one shape: the repair builds these for every move it tries
  const items: PackItem[] = new Array<PackItem>(pods);
  const { cpuMilli, memoryBytes } = pod;
  for (let replica = 0; replica < pods; replica++) {
    const zone = spreadZones.length > 0 ? spreadZones[replica % spreadZones.length] : undefined;
    items[replica] = w.distinctNodes
      ? { workload: w.name, replica, gpu, cpuMilli, memoryBytes, zone, distinctNodes: true }
      : { workload: w.name, replica, gpu, cpuMilli, memoryBytes, zone };
  }
  return items;
}
