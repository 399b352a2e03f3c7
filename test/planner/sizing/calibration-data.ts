/**
 * Peak GPU memory measured on one H100 80GB HBM3 (reference/h100-measurements.md, 2026-11-27),
 * and the loader for extra measured rows in test/fixtures/calibration/h100-extra.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CUDA_CONTEXT_BYTES, modelArchitecture } from '../../../planner/catalogue';
import { sizeInference, sizeTraining } from '../../../planner/sizing';
import type { InferencePrecision, ModelId, TrainingMethod, TrainingPrecision } from '../../../planner/spec/schema';

/** One measured inference run: `batch x prompt` tokens prefilled in one pass, then `decode` tokens. */
export interface InferenceRun {
  readonly kind: 'inference';
  readonly model: ModelId;
  readonly precision: InferencePrecision;
  readonly batch: number;
  readonly promptTokens: number;
  readonly decodeTokens: number;
  readonly peakAllocatedBytes: number;
}

/** One measured training step. */
export interface TrainingRun {
  readonly kind: 'training';
  readonly model: ModelId;
  readonly method: TrainingMethod;
  readonly precision: TrainingPrecision;
  readonly microBatch: number;
  readonly sequenceLength: number;
  readonly loraRank?: number;
  readonly activationCheckpointing?: boolean;
  readonly peakAllocatedBytes: number;
}

/** A measured run of either kind. */
export type CalibrationRun = InferenceRun | TrainingRun;

/** The rows of reference/h100-measurements.md. */
export const H100_RUNS: readonly CalibrationRun[] = [
  { kind: 'inference', model: 'llama-3.2-1b', precision: 'bf16', batch: 1, promptTokens: 4096, decodeTokens: 16, peakAllocatedBytes: 2_910_000_128 },
  { kind: 'inference', model: 'llama-3.2-1b', precision: 'bf16', batch: 8, promptTokens: 2048, decodeTokens: 16, peakAllocatedBytes: 4_117_517_824 },
  { kind: 'inference', model: 'llama-3.2-1b', precision: 'bf16', batch: 32, promptTokens: 1024, decodeTokens: 16, peakAllocatedBytes: 5_727_991_296 },
  { kind: 'training', model: 'llama-3.2-1b', method: 'full', precision: 'mixed-bf16', microBatch: 4, sequenceLength: 1024, peakAllocatedBytes: 32_187_967_488 },
];

/** What the GPU must hold for a run: PyTorch's peak allocation plus the CUDA context. */
export function referenceBytes(run: CalibrationRun): number {
  return run.peakAllocatedBytes + CUDA_CONTEXT_BYTES;
}

/** Path of the optional file with more measured rows. */
export const EXTRA_RUNS_FILE = path.resolve(__dirname, '../../fixtures/calibration/h100-extra.json');

function num(row: Readonly<Record<string, unknown>>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = row[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

/**
 * Rows of `h100-extra.json` when the file exists (rows whose `status` is not `ok` are skipped). Field names are read leniently (`batch` or
 * `concurrency`, `promptTokens` or `prompt`, `sequenceLength` or `seq`...) because the file is
 * written by a measuring script, not by this code; a row missing what sizing needs is an error.
 */
export function loadExtraRuns(file = EXTRA_RUNS_FILE): readonly CalibrationRun[] {
  if (!fs.existsSync(file)) return [];
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  // Either a bare array of runs or `{ environment, rows: [...] }`.
  const rows: unknown = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new Error(`${file}: expected an array of runs or an object with a 'rows' array`);
  const measured = rows.filter((r: unknown) => (r as { status?: unknown }).status === undefined || (r as { status?: unknown }).status === 'ok');
  return measured.map((raw: unknown, i): CalibrationRun => {
    const row = raw as Readonly<Record<string, unknown>>;
    const where = `${file}[${i}]`;
    const peak = num(row, 'peakAllocatedBytes');
    if (peak === undefined) throw new Error(`${where}: peakAllocatedBytes missing`);
    const model = row['model'] as ModelId;
    if (row['kind'] === 'inference') {
      const batch = num(row, 'batch', 'concurrency');
      const promptTokens = num(row, 'promptTokens', 'prompt', 'promptLength');
      if (batch === undefined || promptTokens === undefined) throw new Error(`${where}: batch and promptTokens needed`);
      return {
        kind: 'inference',
        model,
        precision: (row['precision'] as InferencePrecision | undefined) ?? 'bf16',
        batch,
        promptTokens,
        decodeTokens: num(row, 'decodeTokens', 'newTokens', 'decode') ?? 16,
        peakAllocatedBytes: peak,
      };
    }
    if (row['kind'] === 'training') {
      const microBatch = num(row, 'microBatch', 'batch');
      const sequenceLength = num(row, 'sequenceLength', 'seq', 'seqLen');
      if (microBatch === undefined || sequenceLength === undefined) throw new Error(`${where}: microBatch and sequenceLength needed`);
      const rank = num(row, 'loraRank', 'rank');
      const ckpt = row['activationCheckpointing'] ?? row['gradientCheckpointing'];
      return {
        kind: 'training',
        model,
        method: (row['method'] as TrainingMethod | undefined) ?? 'full',
        precision: (row['precision'] as TrainingPrecision | undefined) ?? 'mixed-bf16',
        microBatch,
        sequenceLength,
        ...(rank !== undefined ? { loraRank: rank } : {}),
        ...(typeof ckpt === 'boolean' ? { activationCheckpointing: ckpt } : {}),
        peakAllocatedBytes: peak,
      };
    }
    throw new Error(`${where}: kind must be 'inference' or 'training', got ${JSON.stringify(row['kind'])}`);
  });
}

/** The sizing model's `totalBytes` for the set-up of a measured run. */
export function estimate(run: CalibrationRun): number {
  const arch = modelArchitecture(run.model);
  if (run.kind === 'inference') {
    return sizeInference({
      arch,
      precision: run.precision,
      concurrency: run.batch,
      contextTokens: run.promptTokens + run.decodeTokens,
      // The measuring script prefilled every prompt of the batch in one forward pass.
      prefillTokens: run.batch * run.promptTokens,
    }).totalBytes;
  }
  return sizeTraining({
    arch,
    method: run.method,
    precision: run.precision,
    microBatch: run.microBatch,
    sequenceLength: run.sequenceLength,
    gpus: 1,
    zeroStage: 0,
    ...(run.loraRank !== undefined ? { loraRank: run.loraRank } : {}),
    ...(run.activationCheckpointing !== undefined ? { activationCheckpointing: run.activationCheckpointing } : {}),
  }).totalBytes;
}

/** A one-line description of a run, as the calibration table in docs/sizing.md prints it. */
export function describeRun(run: CalibrationRun): string {
  return run.kind === 'inference'
    ? `${run.model} inference ${run.precision} batch ${run.batch} x prompt ${run.promptTokens}`
    : `${run.model} training ${run.method} ${run.precision} ${run.microBatch} x ${run.sequenceLength}` + (run.activationCheckpointing ? ', checkpointing' : '');
}
