/**
 * The MIG layout of a pool: one partitioning applied to every GPU of every node.
 *
 * A node group carries one `nvidia.com/mig.config` label, so every node of a pool gets the same
 * config; giving every GPU the same layout too (`devices: all`) keeps the config small and any GPU
 * interchangeable. The layout is chosen to need the fewest GPUs for the pool's demand, among the
 * layouts the GPU's placement table can realise.
 */
import type { GpuModel } from '../catalogue/types';
import { expandMigCounts, isMigLayoutPlaceable } from '../mig/placement';

/** A layout and the GPUs it needs for a demand. */
export interface MigLayoutChoice {
  /** Instances per GPU, profile to count. */
  readonly layout: Readonly<Record<string, number>>;
  /** GPUs needed to host the demand with this layout. */
  readonly gpus: number;
}

/**
 * Chooses the layout for `demand` (profile to instance count) on `gpu`.
 *
 * Every placeable multiset of the demanded profiles is tried (at most a few hundred, since a GPU
 * holds at most seven instances); the winner needs the fewest GPUs, then offers the most instances
 * (spare slices are free headroom), then sorts first by key.
 *
 * @returns undefined when some demanded profile is not a profile of `gpu`
 */
export function chooseMigLayout(gpu: GpuModel, demand: Readonly<Record<string, number>>): MigLayoutChoice | undefined {
  const names = Object.keys(demand)
    .filter((p) => (demand[p] ?? 0) > 0)
    .sort();
  const profiles = names.map((n) => gpu.migProfiles.find((p) => p.name === n));
  if (profiles.some((p) => p === undefined) || names.length === 0) return undefined;
  let best: { layout: Record<string, number>; gpus: number; instances: number; key: string } | undefined;
  const counts = new Array<number>(names.length).fill(0);
  const visit = (i: number): void => {
    if (i === names.length) {
      if (counts.some((c) => c === 0)) return;
      const layout: Record<string, number> = {};
      names.forEach((n, k) => (layout[n] = counts[k]!));
      if (!isMigLayoutPlaceable(gpu, expandMigCounts(layout))) return;
      const gpus = Math.max(...names.map((n, k) => Math.ceil(demand[n]! / counts[k]!)));
      const instances = counts.reduce((s, c) => s + c, 0);
      const key = names.map((n, k) => `${n}=${counts[k]}`).join(',');
      if (!best || gpus < best.gpus || (gpus === best.gpus && (instances > best.instances || (instances === best.instances && key < best.key)))) {
        best = { layout, gpus, instances, key };
      }
      return;
    }
    for (let c = 0; c <= profiles[i]!.maxPerGpu; c++) {
      counts[i] = c;
      visit(i + 1);
    }
    counts[i] = 0;
  };
  visit(0);
  const found = best as { layout: Record<string, number>; gpus: number } | undefined;
  return found ? { layout: found.layout, gpus: found.gpus } : undefined;
}

/** GKE's layout for a partition size: as many instances of that profile as fit. */
export function gkePartitionLayout(gpu: GpuModel, profile: string): Record<string, number> | undefined {
  const p = gpu.migProfiles.find((m) => m.name === profile);
  if (!p) return undefined;
  let n = p.maxPerGpu;
  while (n > 0 && !isMigLayoutPlaceable(gpu, new Array<string>(n).fill(profile))) n--;
  return n > 0 ? { [profile]: n } : undefined;
}
