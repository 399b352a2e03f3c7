import fc from 'fast-check';
import { CUDA_CONTEXT_BYTES, modelArchitecture, MODEL_ARCHITECTURES } from '../../../planner/catalogue';
import {
  activationBytesPerTokenLayer,
  COLLECTIVE_BUFFER_BYTES,
  CUBLAS_WORKSPACE_BYTES,
  DEFAULT_LORA_RANK,
  LOSS_BYTES_PER_LOGIT,
  loraAdapterParams,
  NF4_BYTES_PER_PARAM,
  sizeTraining,
  type TrainingSizingInput,
} from '../../../planner/sizing';

const llama8b = modelArchitecture('llama-3.1-8b');
const P = llama8b.params;
const base: TrainingSizingInput = { arch: llama8b, method: 'full', precision: 'mixed-bf16', microBatch: 1, sequenceLength: 2048, gpus: 1, zeroStage: 0 };

describe('sizeTraining model states', () => {
  const adapters = loraAdapterParams(llama8b, 16);
  const embeddings = 2 * 128_256 * 4096;
  it.each([
    ['full mixed-bf16: fp32 master + bf16 copy, fp32 grads, two fp32 moments (18 B/param)', { method: 'full', precision: 'mixed-bf16' }, 6 * P, 4 * P, 8 * P],
    ['full bf16: bf16 weights, grads and moments (8 B/param)', { method: 'full', precision: 'bf16' }, 2 * P, 2 * P, 4 * P],
    ['lora: frozen bf16 base + fp32 adapters with 16 B/param states', { method: 'lora', precision: 'bf16' }, 2 * P + 4 * adapters, 4 * adapters, 8 * adapters],
    [
      'qlora: NF4 base, bf16 embeddings and LM head, one dequantized MLP weight, fp32 adapters',
      { method: 'qlora', precision: 'bf16' },
      Math.ceil((P - embeddings) * NF4_BYTES_PER_PARAM + 2 * embeddings + 2 * 4096 * 14_336 + 4 * adapters),
      4 * adapters,
      8 * adapters,
    ],
  ] as const)('%s', (_name, patch, weights, grads, optimizer) => {
    const s = sizeTraining({ ...base, ...patch });
    expect(s.weightsBytes).toBe(weights);
    expect(s.gradientBytes).toBe(grads);
    expect(s.optimizerBytes).toBe(optimizer);
  });

  it('counts rank-16 adapters on all seven linear layers (about 42M for llama-3.1-8b)', () => {
    expect(DEFAULT_LORA_RANK).toBe(16);
    const perLayer = 16 * (4096 + 4096 + 2 * (4096 + 1024) + (4096 + 4096) + 3 * (4096 + 14_336));
    expect(loraAdapterParams(llama8b, 16)).toBe(32 * perLayer);
    expect(loraAdapterParams(llama8b, 16)).toBeCloseTo(41_943_040, -5);
    expect(sizeTraining({ ...base, method: 'lora', loraRank: 64 }).optimizerBytes).toBe(8 * loraAdapterParams(llama8b, 64));
  });

  it.each([
    ['ZeRO-1 partitions optimizer states', 1, 6 * P, 4 * P, (8 * P) / 8],
    ['ZeRO-2 also partitions gradients', 2, 6 * P, (4 * P) / 8, (8 * P) / 8],
  ] as const)('%s over the GPUs', (_name, zeroStage, weights, grads, optimizer) => {
    const s = sizeTraining({ ...base, gpus: 8, zeroStage });
    expect(s.weightsBytes).toBe(Math.ceil(weights));
    expect(s.gradientBytes).toBe(Math.ceil(grads));
    expect(s.optimizerBytes).toBe(Math.ceil(optimizer));
  });

  it('ZeRO-3 partitions weights too, plus two gathered bf16 layers', () => {
    const layer = (P - 2 * 128_256 * 4096) / 32;
    expect(sizeTraining({ ...base, gpus: 8, zeroStage: 3 }).weightsBytes).toBe(Math.ceil((6 * P) / 8 + 4 * layer));
  });

  it('ZeRO partitions nothing on one GPU', () => {
    expect(sizeTraining({ ...base, zeroStage: 3 }).totalBytes).toBe(sizeTraining(base).totalBytes);
  });
});

describe('sizeTraining activations', () => {
  it('stores 16h + 4q + 4kv + 8I bytes per token per layer with SDPA (no s x s scores), 20h with fp32 weights, plus the loss', () => {
    const perLayer = 20 * 4096 + 4 * 4096 + 4 * 1024 + 8 * 14_336;
    expect(activationBytesPerTokenLayer(llama8b)).toBe(perLayer - 4 * 4096);
    expect(activationBytesPerTokenLayer(llama8b, true)).toBe(perLayer);
    const s = sizeTraining({ ...base, microBatch: 2, sequenceLength: 1024 });
    expect(LOSS_BYTES_PER_LOGIT).toBe(12);
    expect(s.activationBytes).toBe(2048 * 32 * perLayer + 2048 * 128_256 * 12);
  });

  it('checkpointing keeps only layer inputs plus one recomputed layer', () => {
    const perLayer = activationBytesPerTokenLayer(llama8b, false);
    const s = sizeTraining({ ...base, precision: 'bf16', activationCheckpointing: true });
    expect(s.activationBytes).toBe(2048 * (32 * 4096 * 2 + perLayer) + 2048 * 128_256 * 12);
    expect(s.activationBytes).toBeLessThan(sizeTraining({ ...base, precision: 'bf16' }).activationBytes / 3);
  });

  it('checkpointing under full mixed-bf16 keeps fp32 layer inputs', () => {
    const s = sizeTraining({ ...base, activationCheckpointing: true });
    expect(s.activationBytes).toBe(2048 * (32 * 4096 * 4 + activationBytesPerTokenLayer(llama8b, true)) + 2048 * 128_256 * 12);
  });

  it('LoRA and QLoRA store what full bf16 fine-tuning stores', () => {
    const full = sizeTraining({ ...base, precision: 'bf16' }).activationBytes;
    expect(sizeTraining({ ...base, precision: 'bf16', method: 'lora' }).activationBytes).toBe(full);
    expect(sizeTraining({ ...base, precision: 'bf16', method: 'qlora' }).activationBytes).toBe(full);
  });

  it('routes MoE tokens through the active experts only', () => {
    const mixtral = modelArchitecture('mixtral-8x7b');
    const dense = { ...mixtral, experts: undefined, activeExperts: undefined };
    expect(activationBytesPerTokenLayer(mixtral) - activationBytesPerTokenLayer(dense)).toBe(8 * 14_336);
  });
});

describe('sizeTraining totals', () => {
  it('peaks at weights + optimizer + the larger of activations (backward) and gradients + a moment-sized temporary (step)', () => {
    const stepBound = sizeTraining({ ...base, sequenceLength: 512 });
    expect(stepBound.gradientBytes + stepBound.optimizerBytes / 2).toBeGreaterThan(stepBound.activationBytes);
    const activationBound = sizeTraining({ ...base, method: 'lora', microBatch: 4 });
    expect(activationBound.activationBytes).toBeGreaterThan(activationBound.gradientBytes + activationBound.optimizerBytes / 2);
    for (const s of [stepBound, activationBound, sizeTraining({ ...base, precision: 'bf16', microBatch: 8 })]) {
      const allocated = s.weightsBytes + s.optimizerBytes + Math.max(s.activationBytes, s.gradientBytes + Math.ceil(s.optimizerBytes / 2));
      expect(s.runtimeOverheadBytes).toBe(CUBLAS_WORKSPACE_BYTES + Math.ceil(0.1 * allocated));
      expect(s.totalBytes).toBe(allocated + s.runtimeOverheadBytes + CUDA_CONTEXT_BYTES);
    }
  });

  it('adds NCCL buffers with more than one GPU', () => {
    const s = sizeTraining({ ...base, gpus: 2 });
    const allocated = s.weightsBytes + s.optimizerBytes + Math.max(s.activationBytes, s.gradientBytes + Math.ceil(s.optimizerBytes / 2));
    expect(s.runtimeOverheadBytes).toBe(CUBLAS_WORKSPACE_BYTES + Math.ceil(0.1 * allocated) + COLLECTIVE_BUFFER_BYTES);
  });

  it('full mixed-bf16 llama-3.1-8b needs ZeRO-3 over 8 GPUs to fit an H100 80GB', () => {
    const h100 = 81_079 * 2 ** 20;
    expect(sizeTraining(base).totalBytes).toBeGreaterThan(h100);
    expect(sizeTraining({ ...base, gpus: 8, zeroStage: 3 }).totalBytes).toBeLessThan(h100);
  });

  it.each([
    ['micro-batch 0', { microBatch: 0 }, /microBatch must be a whole number >= 1, got 0/],
    ['sequence 1.5', { sequenceLength: 1.5 }, /sequenceLength must be a whole number >= 1, got 1.5/],
    ['no GPUs', { gpus: 0 }, /gpus must be a whole number >= 1, got 0/],
    ['ZeRO stage 4', { zeroStage: 4 as unknown as 0 }, /zeroStage must be 0, 1, 2 or 3, got 4/],
    ['LoRA rank 0', { method: 'lora' as const, loraRank: 0 }, /loraRank must be a whole number >= 1, got 0/],
  ] as const)('rejects %s', (_name, patch, message) => {
    expect(() => sizeTraining({ ...base, ...patch })).toThrow(message);
  });
});

describe('sizeTraining properties', () => {
  const archArb = fc.constantFrom(...MODEL_ARCHITECTURES);
  const methodArb = fc.constantFrom('full', 'lora', 'qlora' as const);
  const precisionArb = fc.constantFrom('mixed-bf16', 'bf16' as const);

  it('never shrinks as micro-batch or sequence length grows, and grows when activations dominate', () => {
    fc.assert(
      fc.property(
        archArb,
        methodArb,
        precisionArb,
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 16, max: 16_384 }),
        fc.boolean(),
        (arch, method, precision, mb, seq, ckpt) => {
          const input: TrainingSizingInput = {
            arch,
            method,
            precision,
            microBatch: mb,
            sequenceLength: seq,
            gpus: 1,
            zeroStage: 0,
            activationCheckpointing: ckpt,
          };
          const a = sizeTraining(input);
          const b = sizeTraining({ ...input, microBatch: mb + 1 });
          const c = sizeTraining({ ...input, sequenceLength: seq + 16 });
          expect(b.totalBytes).toBeGreaterThanOrEqual(a.totalBytes);
          expect(c.totalBytes).toBeGreaterThanOrEqual(a.totalBytes);
          expect(b.activationBytes).toBeGreaterThan(a.activationBytes);
          if (a.activationBytes > a.gradientBytes + a.optimizerBytes / 2) expect(b.totalBytes).toBeGreaterThan(a.totalBytes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never grows with a higher ZeRO stage, and shrinks per GPU with more GPUs at stage 3', () => {
    fc.assert(
      fc.property(archArb, methodArb, precisionArb, fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1, max: 4 }), (arch, method, precision, gpus, mb) => {
        const input = { arch, method, precision, microBatch: mb, sequenceLength: 2048, gpus };
        const totals = ([0, 1, 2, 3] as const).map((zeroStage) => sizeTraining({ ...input, zeroStage }).totalBytes);
        for (let i = 1; i < totals.length; i++) expect(totals[i]!).toBeLessThanOrEqual(totals[i - 1]!);
        expect(sizeTraining({ ...input, gpus: gpus * 2, zeroStage: 3 }).totalBytes).toBeLessThanOrEqual(totals[3]!);
        if (method === 'full') expect(totals[3]!).toBeLessThan(totals[0]!);
      }),
      { numRuns: 200 },
    );
  });
});
