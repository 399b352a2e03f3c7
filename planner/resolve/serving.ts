/**
 * The serving and training settings of a workload with every default applied: the one place
 * those defaults live. Sizing, the plan, the vLLM arguments and `cnai size` all read the values
 * resolved here, so the memory the plan sizes is the memory the engine is told to use.
 */
import type { InferencePrecision, InferenceWorkloadSpec, TrainingWorkloadSpec, WorkloadSpec } from '../spec/schema';

/** Serving defaults when the file does not say; private so no stage can re-apply them. */
const INFERENCE_DEFAULTS = { precision: 'bf16', maxContextTokens: 4096, concurrency: 8 } as const;
/** Training defaults when the file does not say; private so no stage can re-apply them. */
const TRAINING_DEFAULTS = { method: 'full', precision: 'mixed-bf16', microBatch: 1, sequenceLength: 2048 } as const;

/**
 * The precision the serving engine stores the KV cache in, for weights in `precision` and an
 * optional requested KV precision.
 *
 * vLLM keeps the cache in the model's compute dtype (`--kv-cache-dtype=auto`) unless it is told
 * `fp8`. Quantized weights (int8, int4) compute in 16 bits, so their cache is 16-bit too: sizing
 * an int4 model with an int4 cache under-counts the cache four times. fp8 weights are served with
 * an fp8 cache, as the rendered arguments ask for.
 */
export function servedKvPrecision(precision: InferencePrecision, requested?: InferencePrecision): InferencePrecision {
  const kv = requested ?? precision;
  if (kv === 'fp8' || kv === 'fp32' || kv === 'fp16' || kv === 'bf16') return kv;
  // int8 and int4 are weight formats; the engine's cache stays in the 16-bit compute dtype
  return precision === 'fp16' ? 'fp16' : 'bf16';
}

/** KV-cache precisions the serving engine can store: what `servedKvPrecision` can return. */
export const SERVABLE_KV_PRECISIONS: readonly InferencePrecision[] = ['fp32', 'bf16', 'fp16', 'fp8'];

/** How one inference replica is served, every field resolved. */
export interface ResolvedServing {
  /** Weight precision. */
  readonly precision: InferencePrecision;
  /** KV-cache precision the engine really uses (see `servedKvPrecision`). */
  readonly kvPrecision: InferencePrecision;
  /** Tokens per sequence (vLLM `--max-model-len`). */
  readonly maxContextTokens: number;
  /** Sequences resident at once (vLLM `--max-num-seqs`). */
  readonly concurrency: number;
  /** The most tokens one forward pass processes, when the file says; else the sizing default. */
  readonly prefillTokens?: number;
  /** Upper bound of the autoscaler; at least the replicas. */
  readonly maxReplicas: number;
}

/** How one training job runs, every field resolved. */
export interface ResolvedTraining {
  readonly method: NonNullable<TrainingWorkloadSpec['method']>;
  readonly precision: NonNullable<TrainingWorkloadSpec['precision']>;
  readonly microBatch: number;
  readonly sequenceLength: number;
}

/**
 * Serving settings of an inference workload, or of a Ray workload sized from its model (which is
 * served with the same defaults); undefined for everything else.
 */
export function resolveServing(w: WorkloadSpec, replicas: number): ResolvedServing | undefined {
  const s: Partial<InferenceWorkloadSpec> | undefined =
    w.type === 'inference' ? w : w.type === 'ray' && w.model !== undefined && w.gpu === undefined ? {} : undefined;
  if (!s) return undefined;
  const precision = s.precision ?? INFERENCE_DEFAULTS.precision;
  return {
    precision,
    kvPrecision: servedKvPrecision(precision, s.kvPrecision),
    maxContextTokens: s.maxContextTokens ?? INFERENCE_DEFAULTS.maxContextTokens,
    concurrency: s.concurrency ?? INFERENCE_DEFAULTS.concurrency,
    ...(s.prefillTokens !== undefined ? { prefillTokens: s.prefillTokens } : {}),
    maxReplicas: Math.max(replicas, s.maxReplicas ?? replicas),
  };
}

/** Training settings of a training workload; undefined for everything else. */
export function resolveTraining(w: WorkloadSpec): ResolvedTraining | undefined {
  if (w.type !== 'training') return undefined;
  return {
    method: w.method ?? TRAINING_DEFAULTS.method,
    precision: w.precision ?? TRAINING_DEFAULTS.precision,
    microBatch: w.microBatch ?? TRAINING_DEFAULTS.microBatch,
    sequenceLength: w.sequenceLength ?? TRAINING_DEFAULTS.sequenceLength,
  };
}

/** The model's display name: the catalogue id, an inline architecture's `name`, or `custom`. */
export function modelNameOf(w: WorkloadSpec): string | undefined {
  if (!('model' in w) || w.model === undefined) return undefined;
  return typeof w.model === 'string' ? w.model : (w.model.name ?? 'custom');
}
