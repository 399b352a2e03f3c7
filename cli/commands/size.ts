/**
 * `cnai size inference` and `cnai size training`: the sizing model alone, from a catalogue model
 * id or architecture flags. Parses, calls the planner's sizing functions, prints.
 */
import type { Command } from 'commander';
import { GPU_MODELS } from '../../planner/catalogue/gpus';
import { architectureFromSpec, isModelId } from '../../planner/catalogue/models';
import type { ModelArchitecture } from '../../planner/catalogue/types';
import { UsageError } from '../../planner/errors';
import { SERVABLE_KV_PRECISIONS, servedKvPrecision } from '../../planner/resolve/serving';
import { sizeInference, sizeTraining } from '../../planner/sizing';
import { ARCHITECTURE_BOUNDS, INFERENCE_PRECISIONS, MODEL_IDS, TRAINING_METHODS, TRAINING_PRECISIONS } from '../../planner/spec/schema';
import type { CliIo } from '../io';

/** Defaults of `cnai size` flags that are optional. */
export const SIZE_DEFAULTS = {
  precision: 'bf16',
  concurrency: 1,
  context: 4096,
  tp: 1,
  method: 'full',
  trainingPrecision: 'mixed-bf16',
  optimizer: 'adamw',
  microBatch: 1,
  seq: 2048,
  gpus: 1,
  zero: 0,
} as const;

/** The architecture flags that replace `--model`, with the field each one sets. */
const ARCH_FLAGS = [
  ['params', 'params'],
  ['layers', 'layers'],
  ['hidden', 'hiddenSize'],
  ['intermediate', 'intermediateSize'],
  ['heads', 'attentionHeads'],
  ['kvHeads', 'kvHeads'],
  ['headDim', 'headDim'],
  ['vocab', 'vocabSize'],
] as const;

type RawOptions = Readonly<Record<string, string | boolean | undefined>>;

function flagName(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

function stringOption(opts: RawOptions, key: string): string | undefined {
  const v = opts[key];
  return typeof v === 'string' ? v : undefined;
}

/** A whole number in [min, max] from flag `key`, or `fallback` when the flag is absent. */
function intOption(opts: RawOptions, key: string, min: number, max: number, fallback?: number): number {
  const raw = stringOption(opts, key);
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`${flagName(key)} is required`);
    return fallback;
  }
  const value = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flagName(key)} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/** One of `allowed` from flag `key`, or `fallback` when the flag is absent. */
function choiceOption<T extends string>(opts: RawOptions, key: string, allowed: readonly T[], fallback: T): T;
function choiceOption<T extends string>(opts: RawOptions, key: string, allowed: readonly T[], fallback?: T): T | undefined;
function choiceOption<T extends string>(opts: RawOptions, key: string, allowed: readonly T[], fallback?: T): T | undefined {
  const raw = stringOption(opts, key);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`${flagName(key)} must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

/** The model from `--model` or from all eight architecture flags (never both). */
function architectureOption(opts: RawOptions): ModelArchitecture {
  const model = stringOption(opts, 'model');
  const given = ARCH_FLAGS.filter(([flag]) => stringOption(opts, flag) !== undefined).map(([flag]) => flagName(flag));
  if (model !== undefined) {
    if (given.length > 0) {
      throw new UsageError(`--model cannot be combined with architecture flags (${given.join(', ')}); give one or the other`);
    }
    if (!isModelId(model)) throw new UsageError(`--model must be one of ${MODEL_IDS.join(', ')}, got '${model}'`);
    return architectureFromSpec(model);
  }
  if (given.length === 0) {
    throw new UsageError(`give --model ID (one of ${MODEL_IDS.join(', ')}) or every architecture flag: ${ARCH_FLAGS.map(([f]) => flagName(f)).join(' ')}`);
  }
  const missing = ARCH_FLAGS.filter(([flag]) => stringOption(opts, flag) === undefined).map(([flag]) => flagName(flag));
  if (missing.length > 0) throw new UsageError(`architecture flags incomplete: missing ${missing.join(', ')}`);
  const rawParams = stringOption(opts, 'params')!;
  const params = /^[0-9]+(\.[0-9]+)?(e[0-9]+)?$/i.test(rawParams) ? Number(rawParams) : NaN;
  if (!Number.isFinite(params) || params < 1 || params > ARCHITECTURE_BOUNDS.params) {
    throw new UsageError(
      `--params must be a number of parameters from 1 to ${ARCHITECTURE_BOUNDS.params.toExponential()}, such as 8030261248 or 8.03e9, got '${rawParams}'`,
    );
  }
  const b = ARCHITECTURE_BOUNDS;
  return architectureFromSpec({
    params: Math.round(params),
    layers: intOption(opts, 'layers', 1, b.layers),
    hiddenSize: intOption(opts, 'hidden', 1, b.hiddenSize),
    intermediateSize: intOption(opts, 'intermediate', 1, b.intermediateSize),
    attentionHeads: intOption(opts, 'heads', 1, b.attentionHeads),
    kvHeads: intOption(opts, 'kvHeads', 1, b.kvHeads),
    headDim: intOption(opts, 'headDim', 1, b.headDim),
    vocabSize: intOption(opts, 'vocab', 1, b.vocabSize),
  });
}

/**
 * Warns on standard error when no GPU of the catalogue holds `totalBytes`: the figure is right,
 * but no plan could place it as asked.
 */
function warnIfNothingFits(io: CliIo, totalBytes: number): void {
  const largest = [...GPU_MODELS].sort((a, b) => b.memoryMiB - a.memoryMiB || (a.id < b.id ? -1 : 1))[0]!;
  if (totalBytes <= largest.memoryMiB * 2 ** 20) return;
  io.err(
    `cnai: warning: ${(totalBytes / 2 ** 30).toFixed(2)} GiB per GPU is more than any GPU in the catalogue holds ` +
      `(the largest, ${largest.id}, has ${(largest.memoryMiB / 1024).toFixed(0)} GiB); ` +
      'spread it over more GPUs (--tp for inference; --gpus with --zero 3, or --activation-checkpointing, for training)\n',
  );
}

/** JSON with keys sorted at every level, newline-terminated. */
function sortedJson(value: Readonly<Record<string, number | string>>): string {
  const sorted: Record<string, number | string> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key]!;
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** An aligned table: component, GiB (2 decimals), bytes. */
function table(title: string, rows: readonly (readonly [string, number])[]): string {
  const gib = (b: number): string => (b / 2 ** 30).toFixed(2);
  const head = ['component', 'GiB', 'bytes'] as const;
  const w0 = Math.max(head[0].length, ...rows.map(([n]) => n.length));
  const w1 = Math.max(head[1].length, ...rows.map(([, b]) => gib(b).length));
  const w2 = Math.max(head[2].length, ...rows.map(([, b]) => String(b).length));
  const line = (a: string, b: string, c: string): string => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c.padStart(w2)}`;
  return [title, line(head[0], head[1], head[2]), ...rows.map(([n, b]) => line(n, gib(b), String(b)))].join('\n') + '\n';
}

function addModelFlags(cmd: Command): Command {
  return cmd
    .option('--model <id>', `catalogue model id (${MODEL_IDS.join(', ')})`)
    .option('--params <n>', 'parameters (with the other architecture flags instead of --model)')
    .option('--layers <n>', 'transformer layers')
    .option('--hidden <n>', 'hidden size')
    .option('--intermediate <n>', 'MLP intermediate size')
    .option('--heads <n>', 'attention heads')
    .option('--kv-heads <n>', 'key/value heads')
    .option('--head-dim <n>', 'head dimension')
    .option('--vocab <n>', 'vocabulary size');
}

/**
 * Adds `size inference` and `size training` to `program`.
 *
 * Bad flag values throw `UsageError` (exit 2) naming the flag, the value and what is allowed.
 */
export function registerSize(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const size = program.command('size').description('GPU memory one GPU needs for an inference replica or a training job');

  addModelFlags(size.command('inference').description('size one inference replica (per GPU)'))
    .option('--precision <p>', `weight precision (${INFERENCE_PRECISIONS.join(', ')})`, SIZE_DEFAULTS.precision)
    .option(
      '--kv-precision <p>',
      "KV-cache precision (default: what vLLM keeps for the weights: fp8 for fp8, 16-bit for int8 and int4, else the weights' precision)",
    )
    .option('--concurrency <n>', 'concurrent sequences', String(SIZE_DEFAULTS.concurrency))
    .option('--context <n>', 'tokens per sequence (prompt + output)', String(SIZE_DEFAULTS.context))
    .option('--prefill-tokens <n>', 'most tokens one forward pass processes (default: vLLM max batched tokens, 8192)')
    .option('--tp <n>', 'tensor-parallel GPUs', String(SIZE_DEFAULTS.tp))
    .option('--json', 'print JSON')
    .action((opts: RawOptions) => {
      const arch = architectureOption(opts);
      const precision = choiceOption(opts, 'precision', INFERENCE_PRECISIONS, SIZE_DEFAULTS.precision);
      const kvPrecision = servedKvPrecision(precision, choiceOption(opts, 'kvPrecision', SERVABLE_KV_PRECISIONS));
      const concurrency = intOption(opts, 'concurrency', 1, 65_536);
      const contextTokens = intOption(opts, 'context', 1, 16_777_216);
      const prefillRaw = stringOption(opts, 'prefillTokens');
      const prefillTokens = prefillRaw === undefined ? undefined : intOption(opts, 'prefillTokens', 1, 16_777_216);
      const tp = intOption(opts, 'tp', 1, 64);
      if (arch.attentionHeads % tp !== 0) {
        throw new UsageError(`--tp must divide the ${arch.attentionHeads} attention heads of '${arch.id}', got '${tp}'`);
      }
      const s = sizeInference({
        arch,
        precision,
        concurrency,
        contextTokens,
        tensorParallel: tp,
        kvPrecision,
        ...(prefillTokens !== undefined ? { prefillTokens } : {}),
      });
      if (opts['json'] === true) {
        io.out(sortedJson({ ...s }));
      } else {
        const title =
          `${arch.id}: ${precision} weights, ${kvPrecision} KV cache, ${concurrency} x ${contextTokens} tokens, ` +
          `prefill ${s.prefillTokens} tokens, TP ${s.tensorParallel} (memory per GPU)`;
        io.out(
          table(title, [
            ['weights', s.weightsBytes],
            ['KV cache', s.kvCacheBytes],
            ['activations', s.activationBytes],
            ['runtime overhead', s.runtimeOverheadBytes],
            ['CUDA context', s.cudaContextBytes],
            ['total', s.totalBytes],
          ]),
        );
      }
      warnIfNothingFits(io, s.totalBytes);
      setExit(0);
    });

  addModelFlags(size.command('training').description('size one training job (per GPU)'))
    .option('--method <m>', `fine-tuning method (${TRAINING_METHODS.join(', ')})`, SIZE_DEFAULTS.method)
    .option('--precision <p>', `training precision (${TRAINING_PRECISIONS.join(', ')})`, SIZE_DEFAULTS.trainingPrecision)
    .option('--optimizer <o>', 'optimizer (adamw)', SIZE_DEFAULTS.optimizer)
    .option('--micro-batch <n>', 'sequences per GPU per step', String(SIZE_DEFAULTS.microBatch))
    .option('--seq <n>', 'tokens per sequence', String(SIZE_DEFAULTS.seq))
    .option('--gpus <n>', 'data-parallel GPUs', String(SIZE_DEFAULTS.gpus))
    .option('--zero <stage>', 'ZeRO stage (0, 1, 2, 3)', String(SIZE_DEFAULTS.zero))
    .option('--activation-checkpointing', 'recompute activations in the backward pass (keeps one layer input per layer)')
    .option('--json', 'print JSON')
    .action((opts: RawOptions) => {
      const arch = architectureOption(opts);
      const method = choiceOption(opts, 'method', TRAINING_METHODS, SIZE_DEFAULTS.method);
      const precision = choiceOption(opts, 'precision', TRAINING_PRECISIONS, SIZE_DEFAULTS.trainingPrecision);
      choiceOption(opts, 'optimizer', ['adamw'] as const, SIZE_DEFAULTS.optimizer);
      const microBatch = intOption(opts, 'microBatch', 1, 65_536);
      const sequenceLength = intOption(opts, 'seq', 1, 16_777_216);
      const gpus = intOption(opts, 'gpus', 1, 65_536);
      const zero = choiceOption(opts, 'zero', ['0', '1', '2', '3'] as const, '0');
      const zeroStage = Number(zero) as 0 | 1 | 2 | 3;
      const activationCheckpointing = opts['activationCheckpointing'] === true;
      const s = sizeTraining({
        arch,
        method,
        precision,
        microBatch,
        sequenceLength,
        gpus,
        zeroStage,
        ...(activationCheckpointing ? { activationCheckpointing } : {}),
      });
      if (opts['json'] === true) {
        io.out(sortedJson({ ...s }));
      } else {
        const title =
          `${arch.id}: ${method} fine-tuning, ${precision}, AdamW, micro-batch ${microBatch} x ${sequenceLength} tokens, ` +
          `${gpus} GPU${gpus === 1 ? '' : 's'}, ZeRO ${zeroStage}${activationCheckpointing ? ', activation checkpointing' : ''} (memory per GPU; total holds the larger of activations and gradients + step temporary)`;
        io.out(
          table(title, [
            ['weights', s.weightsBytes],
            ['gradients', s.gradientBytes],
            ['optimizer states', s.optimizerBytes],
            ['activations', s.activationBytes],
            ['runtime overhead', s.runtimeOverheadBytes],
            ['CUDA context', s.cudaContextBytes],
            ['total', s.totalBytes],
          ]),
        );
      }
      warnIfNothingFits(io, s.totalBytes);
      setExit(0);
    });
}
