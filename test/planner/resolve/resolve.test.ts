/**
 * `resolvePlatform()` and the serving settings: every default applied once, and the values the
 * plan, the sizing and the vLLM arguments read are the same ones, on every provider.
 */
import { vllmArgs } from '../../../constructs/kserve/vllm-args';
import { plan } from '../../../planner/plan';
import { resolvePlatform } from '../../../planner/resolve/resolve';
import { servedKvPrecision } from '../../../planner/resolve/serving';
import { sizeInference } from '../../../planner/sizing';
import { modelArchitecture } from '../../../planner/catalogue';
import type { InferencePrecision } from '../../../planner/spec/schema';
import { validatePlatform } from '../../../planner/spec/parse';
import { EKS_US_EAST_1, GKE_US_CENTRAL1, inference, KIND, platform, ray, toYaml, training } from '../../helpers/platform-builders';

/** A small inline architecture with its own name (no catalogue id). */
const ACME_3B = {
  name: 'acme-3b',
  params: 3e9,
  layers: 28,
  hiddenSize: 3072,
  intermediateSize: 8192,
  attentionHeads: 24,
  kvHeads: 8,
  headDim: 128,
  vocabSize: 128256,
};

const GIB = 2 ** 30;

describe('servedKvPrecision', () => {
  // vLLM keeps the KV cache in the model's compute dtype unless --kv-cache-dtype=fp8 (constructs/kserve/vllm-args.ts)
  it.each<[InferencePrecision, InferencePrecision | undefined, InferencePrecision]>([
    ['bf16', undefined, 'bf16'],
    ['fp16', undefined, 'fp16'],
    ['fp32', undefined, 'fp32'],
    ['fp8', undefined, 'fp8'],
    ['int8', undefined, 'bf16'],
    ['int4', undefined, 'bf16'],
    ['int4', 'fp8', 'fp8'],
    ['bf16', 'fp8', 'fp8'],
    ['fp8', 'bf16', 'bf16'],
  ])('weights %s, requested %s: the cache is kept in %s', (weights, requested, kept) => {
    expect(servedKvPrecision(weights, requested)).toBe(kept);
  });
});

describe('resolvePlatform', () => {
  it('applies the serving defaults once, and keeps what the file says', () => {
    const r = resolvePlatform(
      platform({
        workloads: [
          inference('a', 't', 'llama-3.1-8b'),
          inference('b', 't', 'llama-3.1-8b', { precision: 'int4', maxContextTokens: 8192, concurrency: 32, prefillTokens: 2048, maxReplicas: 4 }),
        ],
      }),
    );
    expect(r.workloads.map((w) => [w.name, w.serving])).toEqual([
      ['a', { precision: 'bf16', kvPrecision: 'bf16', maxContextTokens: 4096, concurrency: 8, maxReplicas: 1 }],
      ['b', { precision: 'int4', kvPrecision: 'bf16', maxContextTokens: 8192, concurrency: 32, prefillTokens: 2048, maxReplicas: 4 }],
    ]);
  });

  it('resolves training settings, and a Ray workload sized from a model as served', () => {
    const r = resolvePlatform(platform({ workloads: [training('ft', 't', 'mistral-7b'), ray('r', 't', { model: 'llama-3.2-1b' })] }));
    const byName = new Map(r.workloads.map((w) => [w.name, w] as const));
    expect(byName.get('ft')!.training).toEqual({ method: 'full', precision: 'mixed-bf16', microBatch: 1, sequenceLength: 2048 });
    expect(byName.get('r')!.serving).toEqual(expect.objectContaining({ precision: 'bf16', kvPrecision: 'bf16', maxContextTokens: 4096 }));
  });

  it('keeps an inline architecture’s name as the model name', () => {
    const arch = ACME_3B;
    const r = resolvePlatform(platform({ workloads: [inference('x', 't', arch)] }));
    expect(r.workloads[0]!.model).toBe('acme-3b');
  });

  it('never spreads over zones on kind, whose nodes carry no zone label', () => {
    const r = resolvePlatform(platform({ target: KIND, workloads: [inference('x', 't', 'llama-3.2-1b', { zoneSpread: true, cpuFallback: true })] }));
    expect(r.workloads[0]!.zoneSpread).toBe(false);
  });
});

describe('one KV precision from the file to the engine', () => {
  // The int4 bug: the plan sized an int4 cache while vLLM ran --kv-cache-dtype=auto (16-bit).
  it('sizes an int4 llama-3.1-8b serving 32 x 8192 tokens as cnai size does, and tells vLLM the cache it sized', () => {
    const p = plan(platform({ workloads: [inference('chat', 't', 'llama-3.1-8b', { precision: 'int4', concurrency: 32, maxContextTokens: 8192 })] }));
    const w = p.workloads[0]!;
    const tensorParallel = w.parallelism.tensorParallel ?? 1;
    const expected = sizeInference({ arch: modelArchitecture('llama-3.1-8b'), precision: 'int4', concurrency: 32, contextTokens: 8192, tensorParallel });
    expect(w.serving!.kvPrecision).toBe('bf16');
    // 32 x 8192 tokens x 32 layers x 8 KV heads x 128 x 2 (K and V) x 2 bytes = 32 GiB of cache, split over the TP ranks
    expect(expected.kvCacheBytes).toBe((32 * GIB) / tensorParallel);
    expect(w.perReplica.gpuMemoryBytes).toBe(Math.ceil(expected.totalBytes));
    expect(vllmArgs({ precision: w.serving!.precision, kvPrecision: w.serving!.kvPrecision }, true)).toContain('--kv-cache-dtype=auto');
  });

  it('halves the sized cache and tells vLLM fp8 when the file asks for an fp8 cache', () => {
    const p = plan(
      platform({ workloads: [inference('chat', 't', 'llama-3.1-8b', { precision: 'int4', kvPrecision: 'fp8', concurrency: 32, maxContextTokens: 8192 })] }),
    );
    const w = p.workloads[0]!;
    const tensorParallel = w.parallelism.tensorParallel ?? 1;
    const expected = sizeInference({
      arch: modelArchitecture('llama-3.1-8b'),
      precision: 'int4',
      kvPrecision: 'fp8',
      concurrency: 32,
      contextTokens: 8192,
      tensorParallel,
    });
    expect(expected.kvCacheBytes).toBe((16 * GIB) / tensorParallel);
    expect(w.perReplica.gpuMemoryBytes).toBe(Math.ceil(expected.totalBytes));
    expect(vllmArgs({ precision: w.serving!.precision, kvPrecision: w.serving!.kvPrecision }, true)).toContain('--kv-cache-dtype=fp8');
  });
});

describe('the serving settings reach the plan on every provider', () => {
  // The kind bug: kind built its workloads by hand and dropped maxContextTokens and inline model names.
  const arch = ACME_3B;
  it.each([
    ['eks', EKS_US_EAST_1, false],
    ['gke', GKE_US_CENTRAL1, false],
    ['kind', KIND, true],
  ] as const)('on %s', (_name, target, cpuFallback) => {
    const p = plan(
      platform({
        target,
        workloads: [inference('chat', 't', arch, { maxContextTokens: 16384, concurrency: 4, maxReplicas: 3, ...(cpuFallback ? { cpuFallback } : {}) })],
      }),
    );
    const w = p.workloads[0]!;
    expect(w.model).toBe('acme-3b');
    expect(w.serving).toMatchObject({
      precision: 'bf16',
      kvPrecision: 'bf16',
      maxContextTokens: 16384,
      concurrency: 4,
      gpuMemoryUtilization: 0.9,
      maxReplicas: 3,
    });
    expect(w.cpuFallback).toBe(cpuFallback);
  });
});

describe('validation of the KV precision', () => {
  it('rejects an int4 KV cache, which the serving engine cannot keep, naming the field and the fix', () => {
    const yaml = toYaml(platform({ workloads: [inference('chat', 't', 'llama-3.1-8b', { precision: 'int4', kvPrecision: 'int4' })] }));
    const r = validatePlatform(yaml, 'p.yaml');
    expect(r.spec).toBeUndefined();
    const text = JSON.stringify(r);
    expect(text).toContain('spec.workloads[0].kvPrecision');
    expect(text).toContain('kvPrecision int4 is a weight format');
    expect(text).toContain('fp32, bf16, fp16, fp8');
  });
});
