/**
 * Model architectures of the catalogue, from copies of each model's published config.json.
 * Parameter counts are computed from the shapes with `countParams` (embeddings, untied LM head,
 * attention projections with optional q/k/v bias, gated MLP per expert, router, norms), which
 * reproduces the published totals (8.03B, 70.6B, 405B, 46.7B / 12.9B active, ...).
 */
import { MODEL_IDS, type ModelId, type ModelRef } from '../spec/schema';
import type { ModelArchitecture } from './types';

/** The shape numbers `countParams` needs beyond a `ModelArchitecture`'s own fields. */
export interface ParamCountShape extends Pick<
  ModelArchitecture,
  'layers' | 'hiddenSize' | 'intermediateSize' | 'attentionHeads' | 'kvHeads' | 'headDim' | 'vocabSize' | 'experts' | 'tiedEmbeddings'
> {
  /** Qwen2-style bias on the q, k and v projections. @default false */
  readonly qkvBias?: boolean;
  /** RMSNorm weight vectors per layer (Gemma 2 has four). @default 2 */
  readonly normsPerLayer?: number;
}

/**
 * Parameters of a decoder-only transformer with a gated (SwiGLU/GeGLU) MLP.
 *
 * @param shape the architecture numbers
 * @param expertsCounted experts whose MLP weights to count (all of them for memory, the active ones for compute)
 */
export function countParams(shape: ParamCountShape, expertsCounted = shape.experts ?? 1): number {
  const { layers: l, hiddenSize: h, intermediateSize: i, attentionHeads: a, kvHeads: kv, headDim: d, vocabSize: v } = shape;
  const embeddings = v * h * (shape.tiedEmbeddings ? 1 : 2);
  const attention = h * a * d + 2 * h * kv * d + a * d * h + (shape.qkvBias ? a * d + 2 * kv * d : 0);
  const router = (shape.experts ?? 1) > 1 ? h * (shape.experts ?? 1) : 0;
  const mlp = 3 * h * i * expertsCounted + router;
  const norms = (shape.normsPerLayer ?? 2) * h;
  return embeddings + l * (attention + mlp + norms) + h;
}

/** Parameters in the token embedding and LM head (kept at 16 bits by common weight quantizers). */
export function embeddingParams(arch: ModelArchitecture): number {
  return arch.vocabSize * arch.hiddenSize * (arch.tiedEmbeddings ? 1 : 2);
}

/** Parameters one token passes through: all of them for dense models, the routed experts' share for MoE. */
export function activeParams(arch: ModelArchitecture): number {
  const experts = arch.experts ?? 1;
  const active = Math.min(arch.activeExperts ?? experts, experts);
  if (experts <= 1) return arch.params;
  const mlpPerExpert = 3 * arch.hiddenSize * arch.intermediateSize * arch.layers;
  return arch.params - (experts - active) * mlpPerExpert;
}

interface CatalogueShape extends ParamCountShape {
  readonly id: ModelId;
  readonly maxContextTokens: number;
  readonly activeExperts?: number;
  readonly source: string;
}

const SHAPES: readonly CatalogueShape[] = [
  // Measured (test/planner/sizing/calibration-data.ts): 1,235,814,400 parameters, tied embeddings.
  {
    id: 'llama-3.2-1b',
    layers: 16,
    hiddenSize: 2048,
    intermediateSize: 8192,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 64,
    vocabSize: 128_256,
    tiedEmbeddings: true,
    maxContextTokens: 131_072,
    source: 'H100-CALIBRATION',
  },
  {
    id: 'llama-3.1-8b',
    layers: 32,
    hiddenSize: 4096,
    intermediateSize: 14_336,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 128_256,
    maxContextTokens: 131_072,
    source: 'MLC',
  },
  {
    id: 'llama-3.1-70b',
    layers: 80,
    hiddenSize: 8192,
    intermediateSize: 28_672,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 128_256,
    maxContextTokens: 131_072,
    source: 'MLC',
  },
  {
    id: 'llama-3.1-405b',
    layers: 126,
    hiddenSize: 16_384,
    intermediateSize: 53_248,
    attentionHeads: 128,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 128_256,
    maxContextTokens: 131_072,
    source: 'L405',
  },
  // v0.3 shape (vocabulary 32,768); v0.1 differs only in its 32,000-token vocabulary.
  {
    id: 'mistral-7b',
    layers: 32,
    hiddenSize: 4096,
    intermediateSize: 14_336,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 32_768,
    maxContextTokens: 32_768,
    source: 'MLC',
  },
  {
    id: 'mixtral-8x7b',
    layers: 32,
    hiddenSize: 4096,
    intermediateSize: 14_336,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 32_000,
    experts: 8,
    activeExperts: 2,
    maxContextTokens: 32_768,
    source: 'MIXTRAL-CFG',
  },
  {
    id: 'qwen2.5-7b',
    layers: 28,
    hiddenSize: 3584,
    intermediateSize: 18_944,
    attentionHeads: 28,
    kvHeads: 4,
    headDim: 128,
    vocabSize: 152_064,
    qkvBias: true,
    maxContextTokens: 131_072,
    source: 'LLMPROF',
  },
  {
    id: 'qwen2.5-14b',
    layers: 48,
    hiddenSize: 5120,
    intermediateSize: 13_824,
    attentionHeads: 40,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 152_064,
    qkvBias: true,
    maxContextTokens: 131_072,
    source: 'LLMPROF',
  },
  {
    id: 'qwen2.5-32b',
    layers: 64,
    hiddenSize: 5120,
    intermediateSize: 27_648,
    attentionHeads: 40,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 152_064,
    qkvBias: true,
    maxContextTokens: 131_072,
    source: 'LLMPROF',
  },
  {
    id: 'qwen2.5-72b',
    layers: 80,
    hiddenSize: 8192,
    intermediateSize: 29_568,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 152_064,
    qkvBias: true,
    maxContextTokens: 32_768,
    source: 'Q72B',
  },
  {
    id: 'gemma-2-9b',
    layers: 42,
    hiddenSize: 3584,
    intermediateSize: 14_336,
    attentionHeads: 16,
    kvHeads: 8,
    headDim: 256,
    vocabSize: 256_000,
    tiedEmbeddings: true,
    normsPerLayer: 4,
    maxContextTokens: 8192,
    source: 'MLC',
  },
  {
    id: 'gemma-2-27b',
    layers: 46,
    hiddenSize: 4608,
    intermediateSize: 36_864,
    attentionHeads: 32,
    kvHeads: 16,
    headDim: 128,
    vocabSize: 256_000,
    tiedEmbeddings: true,
    normsPerLayer: 4,
    maxContextTokens: 8192,
    source: 'MLC',
  },
  {
    id: 'phi-3-mini',
    layers: 32,
    hiddenSize: 3072,
    intermediateSize: 8192,
    attentionHeads: 32,
    kvHeads: 32,
    headDim: 96,
    vocabSize: 32_064,
    maxContextTokens: 4096,
    source: 'MLC',
  },
];

function toArchitecture(s: CatalogueShape): ModelArchitecture {
  return {
    id: s.id,
    params: countParams(s),
    layers: s.layers,
    hiddenSize: s.hiddenSize,
    intermediateSize: s.intermediateSize,
    attentionHeads: s.attentionHeads,
    kvHeads: s.kvHeads,
    headDim: s.headDim,
    vocabSize: s.vocabSize,
    maxContextTokens: s.maxContextTokens,
    ...(s.experts !== undefined ? { experts: s.experts, activeExperts: s.activeExperts ?? s.experts } : {}),
    tiedEmbeddings: s.tiedEmbeddings ?? false,
    source: s.source,
  };
}

/** Every model architecture of the catalogue, in `MODEL_IDS` order. */
export const MODEL_ARCHITECTURES: readonly ModelArchitecture[] = SHAPES.map(toArchitecture);

const BY_ID: ReadonlyMap<string, ModelArchitecture> = new Map(MODEL_ARCHITECTURES.map((m) => [m.id, m]));

/**
 * The catalogue architecture of a model id.
 *
 * @throws Error naming the id and every known id
 */
export function modelArchitecture(id: ModelId): ModelArchitecture {
  const arch = BY_ID.get(id);
  if (!arch) throw new Error(`unknown model '${String(id)}'; known: ${MODEL_IDS.join(', ')}`);
  return arch;
}

/** True when `id` names a catalogue model. */
export function isModelId(id: string): id is ModelId {
  return BY_ID.has(id);
}

/**
 * The architecture a platform file's `model` field refers to: the catalogue entry for an id, or
 * the inline object (id: its `name`, else `custom`). Inline architectures count as tied when their
 * `params` is closer to the tied count than to the untied one; `params` itself is trusted as given.
 */
export function architectureFromSpec(ref: ModelRef): ModelArchitecture {
  if (typeof ref === 'string') return modelArchitecture(ref);
  // The inline object has no tied-embeddings flag; the stated parameter count tells which it is.
  const untied = countParams({ ...ref, tiedEmbeddings: false });
  const tied = countParams({ ...ref, tiedEmbeddings: true });
  const tiedEmbeddings = Math.abs(tied - ref.params) < Math.abs(untied - ref.params);
  return {
    id: ref.name ?? 'custom',
    params: ref.params,
    layers: ref.layers,
    hiddenSize: ref.hiddenSize,
    intermediateSize: ref.intermediateSize,
    attentionHeads: ref.attentionHeads,
    kvHeads: ref.kvHeads,
    headDim: ref.headDim,
    vocabSize: ref.vocabSize,
    ...(ref.experts !== undefined ? { experts: ref.experts, activeExperts: ref.activeExperts ?? ref.experts } : {}),
    tiedEmbeddings,
    source: 'platform-file',
  };
}
