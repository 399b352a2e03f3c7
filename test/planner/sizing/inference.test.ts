import fc from 'fast-check';
import { CUDA_CONTEXT_BYTES, modelArchitecture, MODEL_ARCHITECTURES } from '../../../planner/catalogue';
import {
  activationElementsPerToken,
  ALLOCATOR_OVERHEAD_FRACTION,
  COLLECTIVE_BUFFER_BYTES,
  CUBLAS_WORKSPACE_BYTES,
  DEFAULT_PREFILL_TOKENS,
  sizeInference,
  weightBytes,
} from '../../../planner/sizing';

const llama8b = modelArchitecture('llama-3.1-8b');
const llama1b = modelArchitecture('llama-3.2-1b');

describe('weightBytes', () => {
  const embed8b = 2 * 128_256 * 4096;
  it.each([
    ['bf16: 2 bytes per parameter', 'bf16', 2 * llama8b.params],
    ['fp16: 2 bytes per parameter', 'fp16', 2 * llama8b.params],
    ['fp32: 4 bytes per parameter', 'fp32', 4 * llama8b.params],
    ['fp8: 1 byte per linear weight, embeddings and LM head at 16 bits', 'fp8', llama8b.params - embed8b + 2 * embed8b],
    ['int8: like fp8', 'int8', llama8b.params - embed8b + 2 * embed8b],
    ['int4: half a byte plus a 4-byte scale/zero per 128 weights', 'int4', Math.ceil((llama8b.params - embed8b) * (0.5 + 4 / 128) + 2 * embed8b)],
  ] as const)('%s', (_name, precision, expected) => {
    expect(weightBytes(llama8b, precision)).toBe(expected);
  });

  it('int4 of an 8B model needs more than a plain half byte per parameter', () => {
    expect(weightBytes(llama8b, 'int4')).toBeGreaterThan(llama8b.params * 0.5 * 1.1);
  });
});

describe('sizeInference components', () => {
  const base = { arch: llama8b, precision: 'bf16' as const, concurrency: 32, contextTokens: 8192 };

  it('KV cache = 2 x layers x KV heads x head dim x bytes x concurrency x context', () => {
    expect(sizeInference(base).kvCacheBytes).toBe(2 * 32 * 8 * 128 * 2 * 32 * 8192);
    expect(sizeInference({ ...base, kvPrecision: 'fp8' }).kvCacheBytes).toBe(2 * 32 * 8 * 128 * 1 * 32 * 8192);
  });

  it('reproduces the measured KV cache of llama-3.2-1b exactly', () => {
    // h100-measurements.md: batch 8, prompt 2048 + 16 decoded tokens -> 541,065,216 bytes.
    expect(sizeInference({ arch: llama1b, precision: 'bf16', concurrency: 8, contextTokens: 2064 }).kvCacheBytes).toBe(541_065_216);
  });

  // vLLM keeps the cache in the compute dtype unless told fp8 (constructs/kserve/vllm-args.ts renders --kv-cache-dtype=auto)
  it.each(['int4', 'int8'] as const)('%s weights are sized with the 16-bit cache the engine keeps, even when an %s cache is asked for', (p) => {
    expect(sizeInference({ ...base, precision: p }).kvCacheBytes).toBe(sizeInference(base).kvCacheBytes);
    expect(sizeInference({ ...base, precision: p, kvPrecision: p }).kvCacheBytes).toBe(sizeInference(base).kvCacheBytes);
    expect(sizeInference({ ...base, precision: p, kvPrecision: 'fp8' }).kvCacheBytes).toBe(sizeInference(base).kvCacheBytes / 2);
  });

  it('activations = prefill tokens x (3 x intermediate + 4 x hidden) x 2 bytes + sampled logits', () => {
    const s = sizeInference({ ...base, prefillTokens: 4096 });
    expect(activationElementsPerToken(llama8b, 1)).toBe(3 * 14_336 + 4 * 4096);
    expect(s.activationBytes).toBe(4096 * (3 * 14_336 + 4 * 4096) * 2 + 32 * 128_256 * 6);
  });

  it('defaults the prefill to vLLM max batched tokens, never more than the resident tokens', () => {
    expect(sizeInference(base).prefillTokens).toBe(DEFAULT_PREFILL_TOKENS);
    expect(DEFAULT_PREFILL_TOKENS).toBe(8192);
    expect(sizeInference({ ...base, concurrency: 1, contextTokens: 1000 }).prefillTokens).toBe(1000);
  });

  it('runtime overhead = cuBLAS workspace + 10 % of what is allocated; total adds the CUDA context', () => {
    const s = sizeInference(base);
    const allocated = s.weightsBytes + s.kvCacheBytes + s.activationBytes;
    expect(s.runtimeOverheadBytes).toBe(CUBLAS_WORKSPACE_BYTES + Math.ceil(ALLOCATOR_OVERHEAD_FRACTION * allocated));
    expect(s.cudaContextBytes).toBe(552_402_944);
    expect(s.totalBytes).toBe(allocated + s.runtimeOverheadBytes + CUDA_CONTEXT_BYTES);
  });

  it('tensor parallelism splits weights, KV heads and the MLP, and adds NCCL buffers', () => {
    const one = sizeInference(base);
    const two = sizeInference({ ...base, tensorParallel: 2 });
    expect(two.tensorParallel).toBe(2);
    expect(two.weightsBytes).toBe(Math.ceil(one.weightsBytes / 2));
    expect(two.kvCacheBytes).toBe(one.kvCacheBytes / 2);
    const allocated = two.weightsBytes + two.kvCacheBytes + two.activationBytes;
    expect(two.runtimeOverheadBytes).toBe(CUBLAS_WORKSPACE_BYTES + Math.ceil(0.1 * allocated) + COLLECTIVE_BUFFER_BYTES);
  });

  it('keeps one KV head per GPU when there are more GPUs than KV heads', () => {
    const s = sizeInference({ ...base, tensorParallel: 16 });
    expect(s.kvCacheBytes).toBe(2 * 32 * 1 * 128 * 2 * 32 * 8192);
  });

  it('matches the worked example of the fact sheet: llama-3.1-8b bf16, 32 x 8k fits one H100 but not a 40 GB slice', () => {
    const s = sizeInference(base);
    expect(s.weightsBytes / 2 ** 30).toBeCloseTo(14.96, 1);
    expect(s.kvCacheBytes / 2 ** 30).toBe(32);
    expect(s.totalBytes).toBeLessThan(81_079 * 2 ** 20);
    expect(s.totalBytes).toBeGreaterThan(40_448 * 2 ** 20);
  });

  it.each([
    ['concurrency 0', { concurrency: 0 }, /concurrency must be a whole number >= 1, got 0/],
    ['fractional context', { contextTokens: 10.5 }, /contextTokens must be a whole number >= 1, got 10.5/],
    ['TP not dividing the heads', { tensorParallel: 3 }, /tensorParallel 3 does not divide the 32 attention heads of 'llama-3.1-8b'/],
    ['prefill 0', { prefillTokens: 0 }, /prefillTokens must be a whole number >= 1, got 0/],
  ] as const)('rejects %s', (_name, patch, message) => {
    expect(() => sizeInference({ ...base, ...patch })).toThrow(message);
  });

  it('returns integer bytes for every catalogue model and precision', () => {
    for (const arch of MODEL_ARCHITECTURES) {
      for (const precision of ['fp32', 'bf16', 'fp8', 'int4'] as const) {
        const s = sizeInference({ arch, precision, concurrency: 3, contextTokens: 1000 });
        for (const v of [s.weightsBytes, s.kvCacheBytes, s.activationBytes, s.runtimeOverheadBytes, s.totalBytes]) {
          expect(Number.isSafeInteger(v)).toBe(true);
        }
      }
    }
  });
});

describe('sizeInference properties', () => {
  const archArb = fc.constantFrom(...MODEL_ARCHITECTURES);
  const precisionArb = fc.constantFrom('fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4' as const);

  it('grows with concurrency and with context', () => {
    fc.assert(
      fc.property(
        archArb,
        precisionArb,
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 16, max: 32_768 }),
        fc.integer({ min: 1, max: 64 }),
        (arch, precision, c, ctx, d) => {
          const a = sizeInference({ arch, precision, concurrency: c, contextTokens: ctx }).totalBytes;
          expect(sizeInference({ arch, precision, concurrency: c + d, contextTokens: ctx }).totalBytes).toBeGreaterThan(a);
          expect(sizeInference({ arch, precision, concurrency: c, contextTokens: ctx + d }).totalBytes).toBeGreaterThan(a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('grows with prefill tokens', () => {
    fc.assert(
      fc.property(archArb, fc.integer({ min: 1, max: 65_536 }), fc.integer({ min: 1, max: 4096 }), (arch, p, d) => {
        const input = { arch, precision: 'bf16' as const, concurrency: 8, contextTokens: 4096 };
        expect(sizeInference({ ...input, prefillTokens: p + d }).totalBytes).toBeGreaterThan(sizeInference({ ...input, prefillTokens: p }).totalBytes);
      }),
      { numRuns: 100 },
    );
  });

  it('shrinks per GPU as tensor parallelism grows', () => {
    fc.assert(
      fc.property(archArb, precisionArb, fc.integer({ min: 1, max: 128 }), fc.integer({ min: 256, max: 32_768 }), (arch, precision, c, ctx) => {
        const degrees = [1, 2, 4, 8].filter((tp) => arch.attentionHeads % tp === 0);
        const totals = degrees.map((tp) => sizeInference({ arch, precision, concurrency: c, contextTokens: ctx, tensorParallel: tp }).totalBytes);
        for (let i = 1; i < totals.length; i++) expect(totals[i]!).toBeLessThan(totals[i - 1]!);
      }),
      { numRuns: 200 },
    );
  });
});
