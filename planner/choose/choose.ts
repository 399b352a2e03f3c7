/**
 * Choosing one option per workload.
 */
import { GPU_IDS } from '../spec/schema';
import type { SharingMode } from '../plan-types';
import type { GpuOption } from '../options/options';

/**
 * Sharing modes in order of preference when costs tie: isolation first. A whole GPU isolates
 * memory and faults; a MIG instance isolates memory and compute; a time-sliced share isolates neither.
 */
export enum SharingRank {
  EXCLUSIVE = 0,
  MIG = 1,
  TIME_SLICING = 2,
}

const RANK: Readonly<Record<SharingMode, SharingRank>> = {
  exclusive: SharingRank.EXCLUSIVE,
  mig: SharingRank.MIG,
  'time-slicing': SharingRank.TIME_SLICING,
};

/** Relative cost difference below which two options count as tied. */
const COST_TIE = 1e-9;

/**
 * Orders options best first: lowest estimated cost, then stronger isolation, then catalogue order
 * of the GPU model. A total order, so the choice never depends on input order.
 */
export function compareOptions(a: GpuOption, b: GpuOption): number {
  const d = a.estimatedHourly - b.estimatedHourly;
  if (Math.abs(d) > COST_TIE * Math.max(1, Math.abs(a.estimatedHourly))) return d;
  return (
    RANK[a.mode] - RANK[b.mode] ||
    GPU_IDS.indexOf(a.gpuModel.id) - GPU_IDS.indexOf(b.gpuModel.id) ||
    (a.migProfile ?? '').localeCompare(b.migProfile ?? '') ||
    a.gpusPerReplica - b.gpusPerReplica
  );
}

/** The best option and the runner-up, if any. */
export function chooseOption(options: readonly GpuOption[]): { readonly chosen: GpuOption; readonly runnerUp?: GpuOption } | undefined {
  const sorted = [...options].sort(compareOptions);
  if (sorted.length === 0) return undefined;
  return { chosen: sorted[0]!, runnerUp: sorted[1] };
}
