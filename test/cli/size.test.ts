import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelArchitecture } from '../../planner/catalogue';
import { sizeInference, sizeTraining } from '../../planner/sizing';
import { runCnai } from '../helpers/fake-io';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `cnai <args>` through the real entry point with an in-memory terminal. */
async function cnai(...args: string[]): Promise<Run> {
  const r = await runCnai(args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const GOLDEN = path.resolve(__dirname, 'golden/size-inference-llama-3.1-8b.json');

describe('cnai size inference', () => {
  it('prints sorted-key JSON equal to the golden file', async () => {
    const r = await cnai('size', 'inference', '--model', 'llama-3.1-8b', '--precision', 'bf16', '--concurrency', '32', '--context', '8192', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(fs.readFileSync(GOLDEN, 'utf8'));
    const parsed = JSON.parse(r.out) as Record<string, number>;
    expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort());
    for (const k of ['weightsBytes', 'kvCacheBytes', 'activationBytes', 'runtimeOverheadBytes', 'totalBytes']) expect(parsed).toHaveProperty(k);
  });

  it('agrees with sizeInference for every flag', async () => {
    const r = await cnai(
      'size',
      'inference',
      '--model',
      'qwen2.5-7b',
      '--precision',
      'int4',
      '--kv-precision',
      'fp8',
      '--concurrency',
      '4',
      '--context',
      '2048',
      '--prefill-tokens',
      '1024',
      '--tp',
      '2',
      '--json',
    );
    expect(r.code).toBe(0);
    const expected = sizeInference({
      arch: modelArchitecture('qwen2.5-7b'),
      precision: 'int4',
      kvPrecision: 'fp8',
      concurrency: 4,
      contextTokens: 2048,
      prefillTokens: 1024,
      tensorParallel: 2,
    });
    expect(JSON.parse(r.out)).toEqual({ ...expected });
  });

  it('accepts the architecture flags instead of --model', async () => {
    const r = await cnai(
      'size',
      'inference',
      '--params',
      '1235814400',
      '--layers',
      '16',
      '--hidden',
      '2048',
      '--intermediate',
      '8192',
      '--heads',
      '32',
      '--kv-heads',
      '8',
      '--head-dim',
      '64',
      '--vocab',
      '128256',
      '--concurrency',
      '8',
      '--context',
      '2064',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).kvCacheBytes).toBe(541_065_216);
  });

  it('prints an aligned table in GiB and bytes by default', async () => {
    const r = await cnai('size', 'inference', '--model', 'llama-3.1-8b', '--concurrency', '32', '--context', '8192');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toContain('llama-3.1-8b: bf16 weights, bf16 KV cache, 32 x 8192 tokens');
    expect(lines[1]).toMatch(/^component\s+GiB\s+bytes$/);
    expect(lines.find((l) => l.startsWith('KV cache'))).toMatch(/32\.00\s+34359738368$/);
    const s = sizeInference({ arch: modelArchitecture('llama-3.1-8b'), precision: 'bf16', concurrency: 32, contextTokens: 8192 });
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^total\\s+${(s.totalBytes / 2 ** 30).toFixed(2)}\\s+${s.totalBytes}$`));
    expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);
  });

  it.each([
    ['an unknown model id', ['--model', 'gpt-5'], '--model must be one of llama-3.2-1b, llama-3.1-8b'],
    ['a bad precision', ['--model', 'llama-3.1-8b', '--precision', 'fp4'], "--precision must be one of fp32, bf16, fp16, fp8, int8, int4, got 'fp4'"],
    ['a bad KV precision', ['--model', 'llama-3.1-8b', '--kv-precision', 'nf4'], "--kv-precision must be one of fp32, bf16, fp16, fp8, got 'nf4'"],
    ['zero concurrency', ['--model', 'llama-3.1-8b', '--concurrency', '0'], "--concurrency must be a whole number from 1 to 65536, got '0'"],
    ['a non-numeric context', ['--model', 'llama-3.1-8b', '--context', '8k'], "--context must be a whole number from 1 to 16777216, got '8k'"],
    ['a TP that does not divide the heads', ['--model', 'llama-3.1-8b', '--tp', '3'], "--tp must divide the 32 attention heads of 'llama-3.1-8b', got '3'"],
    ['no model at all', [], 'give --model ID (one of llama-3.2-1b'],
    [
      'incomplete architecture flags',
      ['--params', '1e9', '--layers', '16'],
      'architecture flags incomplete: missing --hidden, --intermediate, --heads, --kv-heads, --head-dim, --vocab',
    ],
    ['--model with architecture flags', ['--model', 'llama-3.1-8b', '--layers', '16'], '--model cannot be combined with architecture flags (--layers)'],
    [
      'a bad --params',
      ['--params', 'many', '--layers', '1', '--hidden', '1', '--intermediate', '1', '--heads', '1', '--kv-heads', '1', '--head-dim', '1', '--vocab', '1'],
      "--params must be a number of parameters from 1 to 1e+13, such as 8030261248 or 8.03e9, got 'many'",
    ],
    [
      // a finite count this large once sized to "totalBytes": null (JSON of Infinity) and exit 0
      'a --params beyond any model',
      [
        '--params',
        '9e307',
        '--layers',
        '32',
        '--hidden',
        '4096',
        '--intermediate',
        '14336',
        '--heads',
        '32',
        '--kv-heads',
        '8',
        '--head-dim',
        '128',
        '--vocab',
        '128256',
        '--json',
      ],
      "--params must be a number of parameters from 1 to 1e+13, such as 8030261248 or 8.03e9, got '9e307'",
    ],
  ])('exits 2 on %s, naming the flag, value and what is allowed', async (_name, args, message) => {
    const r = await cnai('size', 'inference', ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`cnai: ${message}`);
  });

  it('exits 2 on an unknown flag', async () => {
    const r = await cnai('size', 'inference', '--model', 'llama-3.1-8b', '--batch', '4');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--batch'");
  });
});

describe('cnai size training', () => {
  it('--activation-checkpointing sizes as sizeTraining does with it, and says so', async () => {
    const args = ['size', 'training', '--model', 'llama-3.1-8b', '--micro-batch', '4', '--seq', '4096'];
    const r = await cnai(...args, '--activation-checkpointing', '--json');
    expect(r.code).toBe(0);
    const base = {
      arch: modelArchitecture('llama-3.1-8b'),
      method: 'full',
      precision: 'mixed-bf16',
      microBatch: 4,
      sequenceLength: 4096,
      gpus: 1,
      zeroStage: 0,
    } as const;
    expect(JSON.parse(r.out)).toEqual({ ...sizeTraining({ ...base, activationCheckpointing: true }) });
    expect(JSON.parse(r.out).activationBytes).toBeLessThan(sizeTraining(base).activationBytes);
    expect((await cnai(...args, '--activation-checkpointing')).out).toMatch(
      /^llama-3\.1-8b: full fine-tuning, .*, ZeRO 0, activation checkpointing \(memory per GPU/,
    );
  });

  it('warns when no GPU of the catalogue holds the total, and only then', async () => {
    const big = await cnai('size', 'training', '--model', 'llama-3.1-8b', '--micro-batch', '8', '--seq', '8192');
    expect(big.code).toBe(0);
    expect(big.err).toMatch(
      /^cnai: warning: \d+\.\d+ GiB per GPU is more than any GPU in the catalogue holds \(the largest, H200-141GB, has \d+ GiB\); spread it over more GPUs/,
    );
    const small = await cnai('size', 'training', '--model', 'llama-3.2-1b', '--method', 'lora');
    expect(small.err).toBe('');
  });

  it('agrees with sizeTraining for every flag', async () => {
    const r = await cnai(
      'size',
      'training',
      '--model',
      'llama-3.1-8b',
      '--method',
      'lora',
      '--precision',
      'bf16',
      '--optimizer',
      'adamw',
      '--micro-batch',
      '2',
      '--seq',
      '4096',
      '--gpus',
      '4',
      '--zero',
      '2',
      '--json',
    );
    expect(r.code).toBe(0);
    const expected = sizeTraining({
      arch: modelArchitecture('llama-3.1-8b'),
      method: 'lora',
      precision: 'bf16',
      microBatch: 2,
      sequenceLength: 4096,
      gpus: 4,
      zeroStage: 2,
    });
    expect(JSON.parse(r.out)).toEqual({ ...expected });
    expect(Object.keys(JSON.parse(r.out))).toEqual([
      'activationBytes',
      'cudaContextBytes',
      'gradientBytes',
      'optimizerBytes',
      'runtimeOverheadBytes',
      'totalBytes',
      'weightsBytes',
    ]);
  });

  it('defaults to full mixed-bf16 AdamW, micro-batch 1 x 2048, one GPU, ZeRO 0', async () => {
    const r = await cnai('size', 'training', '--model', 'llama-3.2-1b', '--json');
    const expected = sizeTraining({
      arch: modelArchitecture('llama-3.2-1b'),
      method: 'full',
      precision: 'mixed-bf16',
      microBatch: 1,
      sequenceLength: 2048,
      gpus: 1,
      zeroStage: 0,
    });
    expect(JSON.parse(r.out)).toEqual({ ...expected });
  });

  it('prints a table with gradients and optimizer states', async () => {
    const r = await cnai('size', 'training', '--model', 'mistral-7b', '--method', 'qlora');
    expect(r.code).toBe(0);
    expect(r.out).toContain('mistral-7b: qlora fine-tuning, mixed-bf16, AdamW, micro-batch 1 x 2048 tokens, 1 GPU, ZeRO 0');
    expect(r.out).toMatch(/\ngradients\s+\d+\.\d\d\s+\d+\n/);
    expect(r.out).toMatch(/\noptimizer states\s+\d+\.\d\d\s+\d+\n/);
  });

  it.each([
    ['a bad method', ['--method', 'dpo'], "--method must be one of full, lora, qlora, got 'dpo'"],
    ['a bad precision', ['--precision', 'fp16'], "--precision must be one of mixed-bf16, bf16, got 'fp16'"],
    ['another optimizer', ['--optimizer', 'sgd'], "--optimizer must be one of adamw, got 'sgd'"],
    ['ZeRO 4', ['--zero', '4'], "--zero must be one of 0, 1, 2, 3, got '4'"],
    ['zero GPUs', ['--gpus', '0'], "--gpus must be a whole number from 1 to 65536, got '0'"],
    ['a negative micro-batch', ['--micro-batch', '-1'], "--micro-batch must be a whole number from 1 to 65536, got '-1'"],
  ])('exits 2 on %s', async (_name, args, message) => {
    const r = await cnai('size', 'training', '--model', 'llama-3.1-8b', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cnai: ${message}`);
  });
});

describe('cnai size through main', () => {
  it('is registered on the cnai program', async () => {
    const ok = await runCnai(['size', 'inference', '--model', 'llama-3.1-8b', '--concurrency', '32', '--context', '8192', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(fs.readFileSync(GOLDEN, 'utf8'));
    const bad = await runCnai(['size', 'training', '--model', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cnai: --model must be one of llama-3.2-1b');
  });
});
