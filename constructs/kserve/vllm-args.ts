/**
 * vLLM engine arguments from serving settings.
 */
import { servedKvPrecision } from '../../planner/resolve/serving';
import type { InferencePrecision } from '../../planner/spec/schema';

/** Settings of the vLLM engine for one InferenceService. */
export interface VllmEngineOptions {
  /**
   * Weight precision: `fp32`, `bf16`, `fp16`, `fp8`, `int8` or `int4`.
   *
   * @default 'bf16'
   */
  readonly precision?: string;
  /**
   * KV-cache precision; `fp8` halves the cache, anything else keeps the model's dtype.
   *
   * @default - the planner's `servedKvPrecision` of the weights: fp8 for fp8 weights, else the model's dtype
   */
  readonly kvPrecision?: string;
  /**
   * Longest context per sequence, tokens (`--max-model-len`).
   *
   * @default - the model's own maximum
   */
  readonly maxContextTokens?: number;
  /**
   * Concurrent sequences per replica (`--max-num-seqs`).
   *
   * @default - vLLM's default
   */
  readonly concurrency?: number;
  /**
   * Share of each GPU's memory vLLM may use (`--gpu-memory-utilization`), set explicitly because
   * vLLM's default of 0.9 assumes a whole, unshared GPU.
   *
   * @default 0.9
   */
  readonly gpuMemoryUtilization?: number;
  /**
   * Tensor-parallel degree (`--tensor-parallel-size`): GPUs of one node a replica spans.
   *
   * @default 1
   */
  readonly tensorParallel?: number;
}

const DTYPES: Readonly<Record<string, readonly string[]>> = {
  fp32: ['--dtype=float32'],
  bf16: ['--dtype=bfloat16'],
  fp16: ['--dtype=float16'],
  fp8: ['--dtype=auto', '--quantization=fp8'],
  // pre-quantized checkpoints carry their quantization config, which vLLM reads itself
  int8: ['--dtype=auto'],
  int4: ['--dtype=auto'],
};

/**
 * The engine arguments for a replica.
 *
 * @param onGpu false for CPU-only replicas, where GPU memory utilisation means nothing
 * @throws Error on an unknown precision or an out-of-range setting, naming the value
 */
export function vllmArgs(opts: VllmEngineOptions, onGpu: boolean): string[] {
  const precision = opts.precision ?? 'bf16';
  const dtype = DTYPES[precision];
  if (!dtype) {
    throw new Error(`unknown serving precision '${precision}'; allowed: ${Object.keys(DTYPES).join(', ')}`);
  }
  const args = [...dtype];
  // the planner's one definition of the KV precision, so the cache vLLM keeps is the cache the plan sized
  const kv = servedKvPrecision(precision as InferencePrecision, opts.kvPrecision as InferencePrecision | undefined);
  args.push(`--kv-cache-dtype=${kv === 'fp8' ? 'fp8' : 'auto'}`);
  if (opts.maxContextTokens !== undefined) args.push(`--max-model-len=${positiveInt(opts.maxContextTokens, 'maxContextTokens')}`);
  if (opts.concurrency !== undefined) args.push(`--max-num-seqs=${positiveInt(opts.concurrency, 'concurrency')}`);
  if (onGpu) {
    const util = opts.gpuMemoryUtilization ?? 0.9;
    if (!(util > 0 && util <= 1)) {
      throw new Error(`gpuMemoryUtilization must be in (0, 1], got ${util}`);
    }
    args.push(`--gpu-memory-utilization=${util}`);
  }
  args.push(`--tensor-parallel-size=${positiveInt(opts.tensorParallel ?? 1, 'tensorParallel')}`);
  return args;
}

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${what} must be a whole number >= 1, got ${value}`);
  }
  return value;
}
