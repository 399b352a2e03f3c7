/**
 * GPU memory of one LLM inference replica, per GPU.
 *
 * The model: weights (by precision, divided over tensor-parallel ranks) + KV cache for every
 * resident token + the activation peak of the largest forward pass + runtime overhead + the CUDA
 * context. See docs/sizing.md for the derivation and the calibration table.
 */
import { CUDA_CONTEXT_BYTES } from '../catalogue/gpus';
import type { ModelArchitecture } from '../catalogue/types';
import type { InferencePrecision } from '../spec/schema';
import { ALLOCATOR_OVERHEAD_FRACTION, COLLECTIVE_BUFFER_BYTES, CUBLAS_WORKSPACE_BYTES } from './constants';
import { servedKvPrecision } from '../resolve/serving';
import { activationElementBytes, BYTES_PER_ELEMENT, weightBytes } from './precision';

/**
 * The most tokens one forward pass processes when nothing else is said: vLLM's default
 * `max_num_batched_tokens` for its OpenAI-compatible server on GPUs with at least 70 GiB
 * (8192; 2048 on smaller GPUs, so 8192 is the cautious choice). With chunked prefill a longer
 * prompt is processed in pieces of this size, so it bounds the activation peak.
 *
 * @see https://github.com/vllm-project/vllm/blob/main/vllm/engine/arg_utils.py (`get_batch_defaults`)
 */
export const DEFAULT_PREFILL_TOKENS = 8192;

/** What one inference replica serves. */
export interface InferenceSizingInput {
  /** The model. */
  readonly arch: ModelArchitecture;
  /** Weight precision. */
  readonly precision: InferencePrecision;
  /**
   * KV-cache precision.
   * @default - `servedKvPrecision(precision)`: the cache the serving engine keeps for these weights
   */
  readonly kvPrecision?: InferencePrecision;
  /** Sequences resident at once (vLLM `max_num_seqs`). */
  readonly concurrency: number;
  /** Tokens per sequence, prompt plus output (vLLM `max_model_len`). */
  readonly contextTokens: number;
  /**
   * The most tokens one forward pass processes.
   * @default - min(DEFAULT_PREFILL_TOKENS, concurrency x contextTokens)
   */
  readonly prefillTokens?: number;
  /**
   * Tensor-parallel degree: GPUs one replica spans. Must divide the attention heads.
   * @default 1
   */
  readonly tensorParallel?: number;
}

/** GPU memory of one inference replica on each of its GPUs, in bytes. */
export interface InferenceSizing {
  /** This GPU's share of the weights. */
  readonly weightsBytes: number;
  /** This GPU's share of the KV cache for every resident token. */
  readonly kvCacheBytes: number;
  /** Peak working memory of one forward pass over `prefillTokens` tokens, logits included. */
  readonly activationBytes: number;
  /** cuBLAS workspace, allocator fragmentation and, with TP, NCCL buffers. */
  readonly runtimeOverheadBytes: number;
  /** The CUDA context of the process. */
  readonly cudaContextBytes: number;
  /** Everything one GPU must hold: the sum of the fields above. */
  readonly totalBytes: number;
  /** The tensor-parallel degree used. */
  readonly tensorParallel: number;
  /** The prefill tokens the activation peak was sized for. */
  readonly prefillTokens: number;
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  }
}

/**
 * Per-token working memory of one forward pass, in elements.
 *
 * The peak is inside the gated MLP: `act(gate)`, `up` and their product (3 x intermediate, the
 * MLP sharded over TP ranks) while the residual stream, the normed input and the MLP output
 * (about 4 x hidden) are alive. Attention runs through SDPA/flash kernels, which never
 * materialise the s x s score matrix; its own peak (q, k, v, rotary copies, output) is taken
 * when it is the larger one.
 */
export function activationElementsPerToken(arch: ModelArchitecture, tensorParallel: number): number {
  const experts = Math.min(arch.activeExperts ?? 1, arch.experts ?? 1);
  const mlp = (3 * arch.intermediateSize * experts) / tensorParallel + 4 * arch.hiddenSize;
  const qWidth = (arch.attentionHeads * arch.headDim) / tensorParallel;
  const kvWidth = Math.ceil(arch.kvHeads / tensorParallel) * arch.headDim;
  const attention = 2 * arch.hiddenSize + 3 * qWidth + 4 * kvWidth;
  return Math.max(mlp, attention);
}

/**
 * Sizes one inference replica: the memory each of its GPUs must hold.
 *
 * @example
 * sizeInference({ arch: modelArchitecture('llama-3.1-8b'), precision: 'bf16', concurrency: 32, contextTokens: 8192 })
 */
export function sizeInference(input: InferenceSizingInput): InferenceSizing {
  const { arch, precision, concurrency, contextTokens } = input;
  // the one definition of the default, shared with the plan and the vLLM arguments
  const kvPrecision = servedKvPrecision(precision, input.kvPrecision);
  const tp = input.tensorParallel ?? 1;
  requirePositiveInteger('concurrency', concurrency);
  requirePositiveInteger('contextTokens', contextTokens);
  requirePositiveInteger('tensorParallel', tp);
  if (arch.attentionHeads % tp !== 0) {
    throw new RangeError(
      `tensorParallel ${tp} does not divide the ${arch.attentionHeads} attention heads of '${arch.id}'; use a divisor of ${arch.attentionHeads}`,
    );
  }
  const prefillTokens = input.prefillTokens ?? Math.min(DEFAULT_PREFILL_TOKENS, concurrency * contextTokens);
  requirePositiveInteger('prefillTokens', prefillTokens);

  const weightsBytes = Math.ceil(weightBytes(arch, precision) / tp);
  // KV heads are split over TP ranks; with fewer KV heads than ranks each rank keeps a copy of one.
  const kvHeadsPerGpu = Math.ceil(arch.kvHeads / tp);
  const kvCacheBytes = Math.ceil(2 * arch.layers * kvHeadsPerGpu * arch.headDim * BYTES_PER_ELEMENT[kvPrecision] * concurrency * contextTokens);

  const elementBytes = activationElementBytes(precision);
  const forwardBytes = prefillTokens * activationElementsPerToken(arch, tp) * elementBytes;
  // Logits only for the positions that sample (the last of each sequence): bf16 out plus an fp32 copy.
  const logitsBytes = concurrency * arch.vocabSize * (elementBytes + 4);
  const activationBytes = Math.ceil(forwardBytes + logitsBytes);

  const allocated = weightsBytes + kvCacheBytes + activationBytes;
  const runtimeOverheadBytes = CUBLAS_WORKSPACE_BYTES + Math.ceil(ALLOCATOR_OVERHEAD_FRACTION * allocated) + (tp > 1 ? COLLECTIVE_BUFFER_BYTES : 0);
  return {
    weightsBytes,
    kvCacheBytes,
    activationBytes,
    runtimeOverheadBytes,
    cudaContextBytes: CUDA_CONTEXT_BYTES,
    totalBytes: allocated + runtimeOverheadBytes + CUDA_CONTEXT_BYTES,
    tensorParallel: tp,
    prefillTokens,
  };
}
