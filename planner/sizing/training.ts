/**
 * GPU memory of one training or fine-tuning job, per GPU.
 *
 * Model states (weights, gradients, AdamW moments) by method and precision, partitioned by ZeRO
 * stage over the data-parallel GPUs; activations per layer (SDPA/flash attention, so no s x s
 * scores) plus the loss over the logits; runtime overhead and the CUDA context. See
 * docs/sizing.md for the derivation and the calibration table.
 */
import { CUDA_CONTEXT_BYTES } from '../catalogue/gpus';
import { embeddingParams } from '../catalogue/models';
import type { ModelArchitecture } from '../catalogue/types';
import type { TrainingMethod, TrainingPrecision } from '../spec/schema';
import { ALLOCATOR_OVERHEAD_FRACTION, COLLECTIVE_BUFFER_BYTES, CUBLAS_WORKSPACE_BYTES } from './constants';

/** LoRA rank used when none is given. */
export const DEFAULT_LORA_RANK = 16;

/**
 * Bytes per NF4 base weight: 4 bits plus one fp32 absmax per block of 64 (bitsandbytes'
 * default, without double quantization).
 */
export const NF4_BYTES_PER_PARAM = 0.5 + 4 / 64;

/**
 * Bytes per logit element alive when the loss starts its backward pass: the saved fp32
 * log-softmax (4), its incoming gradient (4) and the gradient it produces (4). A training loop
 * that keeps the bf16 logits alive adds 2 more; the measured 8B LoRA slopes (11-12 bytes per
 * logit once the per-layer activations are taken out) say common loops do not.
 */
export const LOSS_BYTES_PER_LOGIT = 12;

/** What one training job runs. */
export interface TrainingSizingInput {
  /** The model. */
  readonly arch: ModelArchitecture;
  /** Full fine-tuning, LoRA (frozen bf16 base) or QLoRA (frozen 4-bit base). */
  readonly method: TrainingMethod;
  /** `mixed-bf16`: fp32 master weights and autocast; `bf16`: everything in bf16. */
  readonly precision: TrainingPrecision;
  /** Sequences per GPU per step. */
  readonly microBatch: number;
  /** Tokens per sequence. */
  readonly sequenceLength: number;
  /** Data-parallel GPUs the ZeRO stage partitions over. */
  readonly gpus: number;
  /** ZeRO stage: 0 none (DDP), 1 optimizer states, 2 + gradients, 3 + weights. */
  readonly zeroStage: 0 | 1 | 2 | 3;
  /**
   * LoRA rank, on every linear layer.
   * @default 16
   */
  readonly loraRank?: number;
  /**
   * Recompute each layer in the backward pass, keeping only layer inputs.
   * @default false
   */
  readonly activationCheckpointing?: boolean;
}

/** GPU memory of one training job on each GPU, in bytes. */
export interface TrainingSizing {
  /** Weights held on this GPU (the base, adapters, and with mixed-bf16 the bf16 working copy). */
  readonly weightsBytes: number;
  /** Gradients held on this GPU. */
  readonly gradientBytes: number;
  /** AdamW moments held on this GPU (from the first step on, for the rest of the job). */
  readonly optimizerBytes: number;
  /** Stored activations of one micro-batch plus the loss over its logits. */
  readonly activationBytes: number;
  /** cuBLAS workspace, allocator fragmentation, NCCL buffers with more than one GPU. */
  readonly runtimeOverheadBytes: number;
  /** The CUDA context of the process. */
  readonly cudaContextBytes: number;
  /**
   * Everything one GPU must hold at the peak of a step: weights + optimizer states + the larger
   * of the activations (start of backward) and gradients plus the step's temporary (half the
   * optimizer states: one moment-sized buffer of a multi-tensor AdamW step); plus overhead and the
   * CUDA context. Backward frees activations layer by layer while it produces gradients, and
   * gradients are freed after each step, so the two never peak together.
   */
  readonly totalBytes: number;
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  }
}

/** Active experts a token passes through (1 for dense models). */
function activeExperts(arch: ModelArchitecture): number {
  return Math.min(arch.activeExperts ?? 1, arch.experts ?? 1);
}

/** Parameters of rank-`rank` LoRA adapters on every linear layer (q, k, v, o, gate, up, down; every expert). */
export function loraAdapterParams(arch: ModelArchitecture, rank: number): number {
  const h = arch.hiddenSize;
  const q = arch.attentionHeads * arch.headDim;
  const kv = arch.kvHeads * arch.headDim;
  const attention = h + q + 2 * (h + kv) + (q + h);
  const mlp = 3 * (h + arch.intermediateSize) * (arch.experts ?? 1);
  return rank * arch.layers * (attention + mlp);
}

interface ModelStates {
  readonly weights: number;
  readonly gradients: number;
  readonly optimizer: number;
}

/** Weights, gradients and optimizer states before ZeRO partitioning. */
function modelStates(input: TrainingSizingInput, rank: number): ModelStates {
  const { arch, method, precision } = input;
  const p = arch.params;
  // AdamW keeps two moments in the parameter dtype.
  if (method === 'full') {
    return precision === 'mixed-bf16'
      ? // fp32 master (4) + the bf16 copy autocast keeps for backward (2); fp32 grads; fp32 moments.
        { weights: 6 * p, gradients: 4 * p, optimizer: 8 * p }
      : { weights: 2 * p, gradients: 2 * p, optimizer: 4 * p };
  }
  // Adapters train in fp32 (PEFT upcasts them by default): 4 weight + 4 grad + 8 moments.
  const adapters = loraAdapterParams(arch, rank);
  let base: number;
  if (method === 'lora') {
    base = 2 * p;
  } else {
    // QLoRA: NF4 linear weights; bitsandbytes leaves the embedding and LM head unquantized (bf16).
    // While a layer runs, its largest weight is dequantized to bf16.
    const embeddings = Math.min(embeddingParams(arch), p);
    const dequantized = 2 * arch.hiddenSize * arch.intermediateSize;
    base = (p - embeddings) * NF4_BYTES_PER_PARAM + 2 * embeddings + dequantized;
  }
  return { weights: base + 4 * adapters, gradients: 4 * adapters, optimizer: 8 * adapters };
}

/**
 * Activation bytes stored per token per layer, without recomputation.
 *
 * Counted tensor by tensor for a pre-norm decoder layer with SDPA attention (no s x s scores):
 * two RMSNorms, q and the attention output (2 x 2 q-width), k and v after rotary (2 x 2
 * kv-width), and the gated MLP's gate, act(gate), up and product (4 x 2 x intermediate per active
 * expert). Each RMSNorm saves its fp32 upcast (4h), its normed output and the 16-bit input of the
 * next linear: 8h with 16-bit weights; 10h with fp32 weights under autocast, where the normed
 * output is fp32. LoRA and QLoRA store the same: the adapters need the inputs the base layers
 * would have saved (the measured 8B LoRA slope is within a few percent of this count).
 *
 * @param fp32Weights true for full fine-tuning in mixed-bf16 (fp32 weights, bf16 autocast)
 */
export function activationBytesPerTokenLayer(arch: ModelArchitecture, fp32Weights = false): number {
  const h = arch.hiddenSize;
  const i = arch.intermediateSize * activeExperts(arch);
  const kv = arch.kvHeads * arch.headDim;
  const q = arch.attentionHeads * arch.headDim;
  const perNorm = fp32Weights ? 10 * h : 8 * h;
  return 2 * perNorm + 4 * q + 4 * kv + 8 * i;
}

/**
 * Sizes one training job: the memory each of its GPUs must hold at the peak of a step.
 *
 * @example
 * sizeTraining({ arch: modelArchitecture('llama-3.1-8b'), method: 'lora', precision: 'bf16',
 *   microBatch: 1, sequenceLength: 4096, gpus: 1, zeroStage: 0 })
 */
export function sizeTraining(input: TrainingSizingInput): TrainingSizing {
  const { arch, microBatch, sequenceLength, gpus, zeroStage } = input;
  requirePositiveInteger('microBatch', microBatch);
  requirePositiveInteger('sequenceLength', sequenceLength);
  requirePositiveInteger('gpus', gpus);
  if (![0, 1, 2, 3].includes(zeroStage)) throw new RangeError(`zeroStage must be 0, 1, 2 or 3, got ${String(zeroStage)}`);
  const rank = input.loraRank ?? DEFAULT_LORA_RANK;
  requirePositiveInteger('loraRank', rank);

  const states = modelStates(input, rank);
  // ZeRO only partitions across more than one GPU.
  const n = gpus;
  const optimizerBytes = Math.ceil(zeroStage >= 1 ? states.optimizer / n : states.optimizer);
  const gradientBytes = Math.ceil(zeroStage >= 2 ? states.gradients / n : states.gradients);
  let weightsBytes = Math.ceil(states.weights);
  if (zeroStage === 3 && n > 1) {
    // Each rank keeps its shard and gathers the layer it runs plus the one it prefetches, in bf16.
    const layerParams = (arch.params - Math.min(embeddingParams(arch), arch.params)) / arch.layers;
    weightsBytes = Math.ceil(states.weights / n + 2 * 2 * layerParams);
  }

  const tokens = microBatch * sequenceLength;
  const fp32Weights = input.method === 'full' && input.precision === 'mixed-bf16';
  const perTokenLayer = activationBytesPerTokenLayer(arch, fp32Weights);
  let stored: number;
  if (input.activationCheckpointing) {
    // Only each layer's input survives the forward pass (fp32 residual stream under mixed-bf16 full
    // training, 16-bit otherwise); backward recomputes one layer at a time.
    const residualBytes = fp32Weights ? 4 : 2;
    stored = tokens * (arch.layers * arch.hiddenSize * residualBytes + perTokenLayer);
  } else {
    stored = tokens * arch.layers * perTokenLayer;
  }
  const activationBytes = Math.ceil(stored + tokens * arch.vocabSize * LOSS_BYTES_PER_LOGIT);

  // Start of backward: weights, moments (alive from the first step on) and all activations.
  // Optimizer step: weights, moments, gradients and the multi-tensor step's one moment-sized temporary.
  const stepTemporary = Math.ceil(optimizerBytes / 2);
  const allocated = weightsBytes + optimizerBytes + Math.max(activationBytes, gradientBytes + stepTemporary);
  const runtimeOverheadBytes = CUBLAS_WORKSPACE_BYTES + Math.ceil(ALLOCATOR_OVERHEAD_FRACTION * allocated) + (gpus > 1 ? COLLECTIVE_BUFFER_BYTES : 0);
  return {
    weightsBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    runtimeOverheadBytes,
    cudaContextBytes: CUDA_CONTEXT_BYTES,
    totalBytes: allocated + runtimeOverheadBytes + CUDA_CONTEXT_BYTES,
  };
}
