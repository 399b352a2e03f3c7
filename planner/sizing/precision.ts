/**
 * Bytes per element for each precision, and how quantized weights are stored.
 */
import { embeddingParams } from '../catalogue/models';
import type { ModelArchitecture } from '../catalogue/types';
import type { InferencePrecision } from '../spec/schema';

/** Bytes one element takes in each precision (int4 packs two values per byte). */
export const BYTES_PER_ELEMENT: Readonly<Record<InferencePrecision, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
};

/**
 * Extra bytes per quantized weight for its scales. int4 (AWQ/GPTQ style) keeps a 16-bit scale and a
 * 16-bit zero point per group of 128 weights: 4 / 128 bytes. fp8 and int8 use per-channel or
 * per-tensor scales, negligible next to the weights.
 */
export const QUANTIZATION_SCALE_BYTES: Readonly<Record<InferencePrecision, number>> = {
  fp32: 0,
  bf16: 0,
  fp16: 0,
  fp8: 0,
  int8: 0,
  int4: 4 / 128,
};

/** True for the precisions that quantize weights below 16 bits. */
export function isQuantized(precision: InferencePrecision): boolean {
  return precision === 'fp8' || precision === 'int8' || precision === 'int4';
}

/**
 * Bytes of all weights of a model stored in `precision`.
 *
 * Quantized formats (fp8, int8, int4) leave the token embedding and the LM head at 16 bits, as
 * AWQ, GPTQ and vLLM's fp8 checkpoints do, so those rows are counted at 2 bytes each.
 */
export function weightBytes(arch: ModelArchitecture, precision: InferencePrecision): number {
  if (!isQuantized(precision)) return Math.ceil(arch.params * BYTES_PER_ELEMENT[precision]);
  const embeddings = Math.min(embeddingParams(arch), arch.params);
  const perWeight = BYTES_PER_ELEMENT[precision] + QUANTIZATION_SCALE_BYTES[precision];
  return Math.ceil((arch.params - embeddings) * perWeight + embeddings * 2);
}

/**
 * Bytes of one activation element when weights are in `precision`: quantized and 16-bit models
 * compute in bf16/fp16 (2 bytes); fp32 models compute in fp32.
 */
export function activationElementBytes(precision: InferencePrecision): number {
  return precision === 'fp32' ? 4 : 2;
}
