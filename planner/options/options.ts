/**
 * The ways one workload could run on each allowed GPU model: whole GPUs (with tensor parallelism
 * or ZeRO sharding where it must), a MIG instance, or a time-sliced share, each with its sizing
 * estimate and an estimated hourly cost used to choose between them.
 */
import type { GpuModel, InstanceType, MigProfile } from '../catalogue/types';
import { architectureFromSpec } from '../catalogue/index';
import type { CapacityType, ParallelismPlan, SharingMode } from '../plan-types';
import { sizeInference, sizeTraining } from '../sizing/index';
import type { GpuSharingPolicy, InferenceWorkloadSpec, TrainingWorkloadSpec } from '../spec/schema';
import type { GpuDemand } from '../packing/items';
import { allocatableOf } from '../packing/allocatable';
import { defaultRequests, gpuRequestOf, type ResolvedWorkload } from '../resolve/resolve';
import { MIG_COMPUTE_SLICES } from '../mig/placement';
import { GIB, MIB, MILLI_PER_GPU } from '../resolve/quantity';
import { describeSpreadShortfall, typesThatSpread, type ZoneFacts } from './zone-spread';

/** vLLM `gpu_memory_utilization` the plan sets explicitly (pinned rather than left to the engine's default). */
export const GPU_MEMORY_UTILIZATION = 0.9;
/** Tensor-parallel degrees vLLM supports on one node. */
const TP_DEGREES = [1, 2, 4, 8] as const;

/** One way to run a workload. */
export interface GpuOption {
  readonly gpuModel: GpuModel;
  readonly mode: SharingMode;
  /** Per replica (per worker for training). */
  readonly demand: GpuDemand;
  /** Pods: replicas, or worker nodes of a training job. */
  readonly replicas: number;
  /** `perReplica.gpus`: whole GPUs, 1 for a MIG instance, the share for time-slicing. */
  readonly gpusPerReplica: number;
  readonly gpuMemoryBytes: number;
  readonly weightsBytes: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly migProfile?: string;
  readonly parallelism: ParallelismPlan;
  /** Estimated USD per hour, the dominant share of the cheapest fitting instance type. */
  readonly estimatedHourly: number;
  /** One line for decisions: what fits and why. */
  readonly detail: string;
}

/** What the options of a workload are chosen from. */
export interface OptionContext {
  readonly gpuModels: readonly GpuModel[];
  /** Instance types offered in the region, on the capacity type of the workload, with prices. */
  readonly instanceTypes: readonly InstanceType[];
  readonly price: (t: InstanceType) => number;
  readonly sharing: GpuSharingPolicy;
  /**
   * The capacity type the instance types were narrowed to, for messages.
   * @default - not named
   */
  readonly capacity?: CapacityType;
  /**
   * The target's zones and the zones that sell each type: a zone-spread workload is offered a GPU
   * only on types sold in as many zones as its replicas spread over (`zone-spread.ts`).
   * @default - every type is sold in every zone of the target
   */
  readonly zoneFacts?: ZoneFacts;
}

/** Options of a workload, and why each GPU model that offers none was ruled out. */
export interface WorkloadOptions {
  readonly options: readonly GpuOption[];
  readonly rejected: readonly RejectedModel[];
}

/** A GPU model that offers a workload no option, and why. */
export interface RejectedModel {
  readonly gpuModel: string;
  readonly reason: string;
  /**
   * True when the model's options fit but no type of it is sold in enough of the target's zones
   * for the workload's zone spread.
   * @default false
   */
  readonly byZones?: boolean;
}

/** Every way `w` can run on the context's GPU models. */
export function gpuOptions(w: ResolvedWorkload, ctx: OptionContext): WorkloadOptions {
  const options: GpuOption[] = [];
  const rejected: RejectedModel[] = [];
  const pinned = pinnedModel(w);
  // only a type sold in enough of the target's zones can be had for a zone-spread workload
  const spread = w.zoneSpread ? ctx.zoneFacts : undefined;
  for (const gpu of ctx.gpuModels) {
    if (pinned && pinned !== gpu.id) continue;
    const sold = ctx.instanceTypes.filter((t) => t.gpuModel === gpu.id);
    if (sold.length === 0) {
      const on = ctx.capacity ? ` sold as ${ctx.capacity}` : '';
      rejected.push({ gpuModel: gpu.id, reason: `no instance type with this GPU${on} in the region` });
      continue;
    }
    // a training job's pods are its nodes, known once sized: its drafts are checked one by one below
    const types = spread && w.spec.type !== 'training' ? typesThatSpread(sold, w.replicas, spread) : sold;
    if (types.length === 0) {
      rejected.push({ gpuModel: gpu.id, reason: describeSpreadShortfall(sold, w.replicas, spread!), byZones: true });
      continue;
    }
    const maxGpus = Math.max(...types.map((t) => t.gpus));
    const found = optionsOn(w, gpu, maxGpus, ctx);
    if (typeof found === 'string') {
      rejected.push({ gpuModel: gpu.id, reason: found });
      continue;
    }
    for (const o of found) {
      const usable = spread ? typesThatSpread(types, o.replicas, spread) : types;
      const est = estimateHourly(o, usable, ctx.price);
      if (est === undefined && spread && estimateHourly(o, sold, ctx.price) !== undefined) {
        // a type would host the replica but none of those it fits spreads it
        const fitting = sold.filter((t) => estimateHourly(o, [t], ctx.price) !== undefined);
        rejected.push({ gpuModel: gpu.id, reason: `${o.detail}: ${describeSpreadShortfall(fitting, o.replicas, spread)}`, byZones: true });
        continue;
      }
      if (est === undefined) {
        rejected.push({ gpuModel: gpu.id, reason: `${o.detail}: no instance type fits ${o.cpuMilli}m CPU and ${fmtGiB(o.memoryBytes)} memory per replica` });
        continue;
      }
      options.push({ ...o, estimatedHourly: est * o.replicas });
    }
  }
  if (pinned && !ctx.gpuModels.some((g) => g.id === pinned)) {
    rejected.push({ gpuModel: pinned, reason: 'pinned by gpu.model but not allowed or not offered' });
  }
  return { options, rejected };
}

type Draft = Omit<GpuOption, 'estimatedHourly'>;

function optionsOn(w: ResolvedWorkload, gpu: GpuModel, maxGpus: number, ctx: OptionContext): Draft[] | string {
  const spec = w.spec;
  if (spec.type === 'inference' || (spec.type === 'ray' && spec.model !== undefined && spec.gpu === undefined)) {
    return inferenceOptions(w, spec.type === 'inference' ? spec : undefined, gpu, maxGpus, ctx);
  }
  if (spec.type === 'training') return trainingOptions(w, spec, gpu, maxGpus);
  return requestOptions(w, gpu, maxGpus, ctx);
}

function inferenceOptions(w: ResolvedWorkload, spec: InferenceWorkloadSpec | undefined, gpu: GpuModel, maxGpus: number, ctx: OptionContext): Draft[] | string {
  const model = spec?.model ?? (w.spec.type === 'ray' ? w.spec.model : undefined);
  const serving = w.serving;
  if (model === undefined || serving === undefined) return 'no model to size';
  const arch = architectureFromSpec(model);
  const base = {
    arch,
    precision: serving.precision,
    kvPrecision: serving.kvPrecision,
    concurrency: serving.concurrency,
    contextTokens: serving.maxContextTokens,
    prefillTokens: serving.prefillTokens,
  };
  const gpuBytes = gpu.memoryMiB * MIB;
  const out: Draft[] = [];
  let whole: Draft | undefined;
  let smallest = Infinity;
  // gpu.memoryGiB and gpu.fraction are floors: the replica gets at least that much of a GPU.
  const floor = {
    bytes: spec?.gpu?.memoryGiB !== undefined ? spec.gpu.memoryGiB * GIB : 0,
    slices: spec?.gpu?.fraction !== undefined ? Math.ceil(spec.gpu.fraction * MIG_COMPUTE_SLICES - 1e-9) : 1,
    milli: spec?.gpu?.fraction !== undefined ? Math.ceil(spec.gpu.fraction * MILLI_PER_GPU - 1e-9) : 1,
  };
  if (floor.bytes > gpuBytes) return `gpu.memoryGiB ${spec!.gpu!.memoryGiB} exceeds the ${fmtGiB(gpuBytes)} of a ${gpu.id}`;
  // An explicit gpu.count fixes the tensor-parallel degree; otherwise the smallest that fits.
  const fixed = spec?.gpu?.count;
  if (fixed !== undefined && (fixed > maxGpus || arch.attentionHeads % fixed !== 0)) {
    return fixed > maxGpus
      ? `gpu.count ${fixed}: the largest ${gpu.id} instance has ${maxGpus} GPUs`
      : `gpu.count ${fixed} does not divide the model's ${arch.attentionHeads} attention heads, as tensor parallelism requires`;
  }
  for (const tp of fixed !== undefined ? [fixed] : TP_DEGREES) {
    if (tp > maxGpus || arch.attentionHeads % tp !== 0) continue;
    const s = sizeInference({ ...base, tensorParallel: tp });
    smallest = Math.min(smallest, s.totalBytes);
    if (s.totalBytes <= GPU_MEMORY_UTILIZATION * gpuBytes) {
      const req = defaultRequests(w, tp, s.weightsBytes * tp);
      whole = {
        gpuModel: gpu,
        mode: 'exclusive',
        demand: { kind: 'whole', count: tp },
        replicas: w.replicas,
        gpusPerReplica: tp,
        gpuMemoryBytes: s.totalBytes,
        weightsBytes: s.weightsBytes * tp,
        ...req,
        parallelism: { tensorParallel: tp },
        detail: `${gpu.id} ×${tp}${tp > 1 ? ` (tensor parallel ${tp})` : ''}: ${fmtGiB(s.totalBytes)} per GPU of ${fmtGiB(GPU_MEMORY_UTILIZATION * gpuBytes)} usable`,
      };
      break;
    }
  }
  if (!whole) {
    return `needs ${fmtGiB(smallest)} per GPU even at the largest tensor-parallel degree on one node (${maxGpus} GPUs), a GPU offers ${fmtGiB(GPU_MEMORY_UTILIZATION * gpuBytes)} at utilization ${GPU_MEMORY_UTILIZATION}`;
  }
  if (ctx.sharing !== 'time-slicing' && ctx.sharing !== 'mig') out.push(whole);
  // MIG slices cannot talk NCCL to each other, so only single-GPU replicas can use one.
  if (whole.gpusPerReplica === 1 && (ctx.sharing === 'auto' || ctx.sharing === 'mig')) {
    const s = sizeInference({ ...base, tensorParallel: 1 });
    const profile = smallestProfile(
      gpu,
      (p) =>
        s.totalBytes <= GPU_MEMORY_UTILIZATION * p.memoryMiB * MIB &&
        p.memoryMiB * MIB >= floor.bytes &&
        p.computeSlices >= floor.slices &&
        p.computeSlices < MIG_COMPUTE_SLICES,
    );
    if (profile) out.push(migDraft(w, whole, profile, s.totalBytes));
  }
  // Serving on a time-sliced GPU has no memory isolation; only when the policy asks for it.
  if (whole.gpusPerReplica === 1 && ctx.sharing === 'time-slicing') {
    const byMemory = Math.ceil((Math.max(whole.gpuMemoryBytes, floor.bytes) / (GPU_MEMORY_UTILIZATION * gpuBytes)) * MILLI_PER_GPU);
    const milli = Math.min(MILLI_PER_GPU, Math.max(byMemory, floor.milli));
    out.push(shareDraft(w, whole, milli, Math.max(whole.gpuMemoryBytes, floor.bytes)));
  }
  if (out.length === 0) out.push(whole);
  return out;
}

function trainingOptions(w: ResolvedWorkload, spec: TrainingWorkloadSpec, gpu: GpuModel, maxGpus: number): Draft[] | string {
  const arch = architectureFromSpec(spec.model);
  if (w.training === undefined) return 'no training settings resolved';
  const { method, precision, microBatch, sequenceLength } = w.training;
  const gpuBytes = gpu.memoryMiB * MIB;
  const stages: readonly (0 | 1 | 2 | 3)[] =
    spec.sharding === undefined || spec.sharding === 'auto' ? [0, 1, 2, 3] : [spec.sharding === 'none' ? 0 : (Number(spec.sharding.slice(4)) as 1 | 2 | 3)];
  const counts = spec.gpus !== undefined ? [spec.gpus] : [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
  let best = Infinity;
  for (const n of counts) {
    const nodes = Math.ceil(n / maxGpus);
    if (n % nodes !== 0) {
      if (spec.gpus !== undefined) return `${n} GPUs cannot be split evenly over nodes of ${maxGpus} ${gpu.id} GPUs; use a multiple of ${maxGpus}`;
      continue;
    }
    // Sharding costs communication and recomputation costs compute: shard first, recompute last.
    for (const activationCheckpointing of [false, true]) {
      for (const zeroStage of stages) {
        const s = sizeTraining({ arch, method, precision, microBatch, sequenceLength, gpus: n, zeroStage, activationCheckpointing });
        best = Math.min(best, s.totalBytes);
        if (s.totalBytes > gpuBytes) continue;
        const perNode = n / nodes;
        const req = defaultRequests(w, perNode, s.weightsBytes);
        const ckpt = activationCheckpointing ? ', activation checkpointing' : '';
        return [
          {
            gpuModel: gpu,
            mode: 'exclusive',
            demand: { kind: 'whole', count: perNode },
            replicas: nodes,
            gpusPerReplica: perNode,
            gpuMemoryBytes: s.totalBytes,
            weightsBytes: s.weightsBytes,
            ...req,
            parallelism: { zeroStage, dataParallel: n, nodes, gpusPerNode: perNode, activationCheckpointing },
            detail: `${gpu.id} ×${n} (${nodes} node${nodes > 1 ? 's' : ''} × ${perNode}, ZeRO-${zeroStage}${ckpt}): ${fmtGiB(s.totalBytes)} per GPU of ${fmtGiB(gpuBytes)}`,
          },
        ];
      }
    }
  }
  return `needs at least ${fmtGiB(best)} per GPU${spec.gpus !== undefined ? ` on ${spec.gpus} GPUs` : ''} with the sharding allowed (${spec.sharding ?? 'auto'}), a ${gpu.id} has ${fmtGiB(gpuBytes)}`;
}

function requestOptions(w: ResolvedWorkload, gpu: GpuModel, maxGpus: number, ctx: OptionContext): Draft[] | string {
  const req = gpuRequestOf(w.spec);
  const gpuBytes = gpu.memoryMiB * MIB;
  const count = req?.count ?? 1;
  if (count > maxGpus) return `${count} GPUs per replica, the largest ${gpu.id} instance has ${maxGpus}`;
  const memNeed = req?.memoryGiB !== undefined ? req.memoryGiB * GIB : undefined;
  if (memNeed !== undefined && memNeed > gpuBytes) return `gpu.memoryGiB ${req!.memoryGiB} exceeds the ${fmtGiB(gpuBytes)} of a ${gpu.id}`;
  const fraction = req?.fraction ?? (memNeed !== undefined ? memNeed / gpuBytes : 1);
  const whole: Draft = {
    gpuModel: gpu,
    mode: 'exclusive',
    demand: { kind: 'whole', count },
    replicas: w.replicas,
    gpusPerReplica: count,
    gpuMemoryBytes: memNeed ?? gpuBytes,
    weightsBytes: 0,
    ...defaultRequests(w, count, 0),
    parallelism: {},
    detail: `${gpu.id} ×${count} whole`,
  };
  if (count > 1 || fraction >= 1) return [whole];
  const out: Draft[] = [];
  if (ctx.sharing === 'auto' || ctx.sharing === 'exclusive') out.push(whole);
  if (ctx.sharing === 'auto' || ctx.sharing === 'mig') {
    const needSlices = Math.ceil(fraction * MIG_COMPUTE_SLICES - 1e-9);
    const needBytes = memNeed ?? fraction * gpuBytes;
    const profile = smallestProfile(gpu, (p) => p.computeSlices >= needSlices && p.memoryMiB * MIB >= needBytes && p.computeSlices < MIG_COMPUTE_SLICES);
    if (profile) out.push(migDraft(w, whole, profile, Math.min(needBytes, profile.memoryMiB * MIB)));
  }
  if (ctx.sharing === 'auto' || ctx.sharing === 'time-slicing') {
    const milli = Math.max(1, Math.ceil(fraction * MILLI_PER_GPU - 1e-9));
    out.push(shareDraft(w, whole, milli, memNeed ?? Math.floor((milli / MILLI_PER_GPU) * gpuBytes)));
  }
  return out.length ? out : [whole];
}

function migDraft(w: ResolvedWorkload, whole: Draft, profile: MigProfile, gpuMemoryBytes: number): Draft {
  return {
    ...whole,
    mode: 'mig',
    demand: { kind: 'mig', profile: profile.name },
    gpusPerReplica: 1,
    gpuMemoryBytes,
    migProfile: profile.name,
    ...defaultRequests(w, 1, whole.weightsBytes),
    detail: `${whole.gpuModel.id} MIG ${profile.name} (${fmtGiB(profile.memoryMiB * MIB)}, ${profile.computeSlices}/7 compute): ${fmtGiB(gpuMemoryBytes)} needed`,
  };
}

function shareDraft(w: ResolvedWorkload, whole: Draft, milli: number, gpuMemoryBytes: number): Draft {
  return {
    ...whole,
    mode: 'time-slicing',
    demand: { kind: 'share', milli, memoryBytes: gpuMemoryBytes },
    gpusPerReplica: milli / MILLI_PER_GPU,
    gpuMemoryBytes,
    ...defaultRequests(w, 1, whole.weightsBytes),
    detail: `${whole.gpuModel.id} time-sliced share ${(milli / MILLI_PER_GPU).toFixed(3)} (${fmtGiB(gpuMemoryBytes)})`,
  };
}

/** The MIG profile with the least memory, then compute, that satisfies `ok`. */
function smallestProfile(gpu: GpuModel, ok: (p: MigProfile) => boolean): MigProfile | undefined {
  return [...gpu.migProfiles].filter(ok).sort((a, b) => a.memorySlots - b.memorySlots || a.computeSlices - b.computeSlices || (a.name < b.name ? -1 : 1))[0];
}

/** GPU share of a demand, in GPUs, for cost estimates and bounds. */
export function gpuFractionOf(demand: GpuDemand, gpu: GpuModel): number {
  switch (demand.kind) {
    case 'none':
      return 0;
    case 'whole':
      return demand.count;
    case 'share':
      return demand.milli / MILLI_PER_GPU;
    case 'mig': {
      const p = gpu.migProfiles.find((m) => m.name === demand.profile);
      return p ? Math.max(p.computeSlices / MIG_COMPUTE_SLICES, p.memorySlots / gpu.migMemorySlots) : 1;
    }
  }
}

/** Cheapest dominant-resource share of one replica over the instance types it fits. */
function estimateHourly(o: Draft, types: readonly InstanceType[], price: (t: InstanceType) => number): number | undefined {
  let best: number | undefined;
  const g = gpuFractionOf(o.demand, o.gpuModel);
  for (const t of types) {
    if (o.demand.kind === 'whole' && o.demand.count > t.gpus) continue;
    const a = allocatableOf(t);
    if (o.cpuMilli > a.cpuMilli || o.memoryBytes > a.memoryBytes) continue;
    const share = Math.max(g / t.gpus, o.cpuMilli / a.cpuMilli, o.memoryBytes / a.memoryBytes);
    const cost = share * price(t);
    if (best === undefined || cost < best) best = cost;
  }
  return best;
}

function pinnedModel(w: ResolvedWorkload): string | undefined {
  const s = w.spec;
  if (s.type === 'training') return s.gpu?.model;
  return s.gpu?.model;
}

function fmtGiB(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}
