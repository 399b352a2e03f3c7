/**
 * MIG placement: whether a set of MIG instances can coexist on one GPU, and where each starts.
 *
 * The sum of compute slices is not a sufficient test: an instance occupies a contiguous run of
 * memory slots from one of its allowed start slots, and no two may overlap (3g + 3g + 1g has 7
 * compute slices yet does not fit an H100, because each 3g covers four of the eight slots).
 */
import type { GpuModel, MigProfile } from '../catalogue/types';

/** Where one instance of a layout starts. */
export interface MigInstancePlacement {
  readonly profile: string;
  /** First memory slot. */
  readonly start: number;
  /** Memory slots covered. */
  readonly size: number;
}

/** Compute slices of every GPU that supports MIG. */
export const MIG_COMPUTE_SLICES = 7;

/**
 * Finds start slots for every instance of `profiles` on one GPU of `gpu`, or `undefined`.
 *
 * Backtracking over at most seven instances; larger instances first so dead ends show early.
 * Deterministic: the first valid assignment in (size desc, name, start asc) order.
 */
export function placeMigInstances(gpu: GpuModel, profiles: readonly string[]): MigInstancePlacement[] | undefined {
  const byName = new Map(gpu.migProfiles.map((p) => [p.name, p] as const));
  const items: MigProfile[] = [];
  for (const name of profiles) {
    const p = byName.get(name);
    if (!p) return undefined;
    items.push(p);
  }
  if (items.length > MIG_COMPUTE_SLICES) return undefined;
  if (items.reduce((s, p) => s + p.computeSlices, 0) > MIG_COMPUTE_SLICES) return undefined;
  const counts = new Map<string, number>();
  for (const p of items) {
    const c = (counts.get(p.name) ?? 0) + 1;
    if (c > p.maxPerGpu) return undefined;
    counts.set(p.name, c);
  }
  items.sort((a, b) => b.memorySlots - a.memorySlots || b.computeSlices - a.computeSlices || cmp(a.name, b.name));
  const used = new Array<boolean>(gpu.migMemorySlots).fill(false);
  const out: MigInstancePlacement[] = [];
  const place = (i: number): boolean => {
    if (i === items.length) return true;
    const p = items[i]!;
    // identical profiles in a row start at increasing slots, which prunes symmetric branches
    const prev = out[i - 1];
    const minStart = prev && prev.profile === p.name ? prev.start + 1 : 0;
    for (const start of p.startSlots) {
      if (start < minStart || start + p.memorySlots > used.length) continue;
      let free = true;
      for (let s = start; s < start + p.memorySlots; s++) if (used[s]) free = false;
      if (!free) continue;
      for (let s = start; s < start + p.memorySlots; s++) used[s] = true;
      out.push({ profile: p.name, start, size: p.memorySlots });
      if (place(i + 1)) return true;
      out.pop();
      for (let s = start; s < start + p.memorySlots; s++) used[s] = false;
    }
    return false;
  };
  return place(0) ? out.sort((a, b) => a.start - b.start || cmp(a.profile, b.profile)) : undefined;
}

/** True when `profiles` can all be created on one GPU of `gpu`. */
export function isMigLayoutPlaceable(gpu: GpuModel, profiles: readonly string[]): boolean {
  return placeMigInstances(gpu, profiles) !== undefined;
}

/** Turns a profile-to-count map into the list of instances it stands for. */
export function expandMigCounts(counts: Readonly<Record<string, number>>): string[] {
  const out: string[] = [];
  for (const name of Object.keys(counts).sort()) for (let i = 0; i < counts[name]!; i++) out.push(name);
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
