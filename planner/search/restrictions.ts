/**
 * The restrictions of a platform's policy that the search plans under: every non-empty subset of
 * the allowed GPU models, times every sharing policy the platform's own relaxes, times every
 * capacity policy its own relaxes.
 *
 * The list of a more permissive policy contains the list of a stricter one, which is what makes
 * the kept-best plan monotone: more choice can only add candidates.
 */
import type { GpuModel } from '../catalogue/types';
import type { CapacityPolicy, GpuSharingPolicy } from '../spec/schema';

/** One way to narrow the policy: fewer GPU models, a stricter sharing or capacity policy. */
export interface Restriction {
  /** Allowed GPU models, in catalogue order. */
  readonly gpuModels: readonly GpuModel[];
  readonly sharing: GpuSharingPolicy;
  readonly capacityPolicy: CapacityPolicy;
}

/**
 * Sharing policies a policy relaxes, itself first. `auto` offers whole GPUs and MIG instances
 * wherever `exclusive` or `mig` would; `time-slicing` is no relaxation of anything, since `auto`
 * never time-slices serving.
 */
export function sharingRestrictions(policy: GpuSharingPolicy): readonly GpuSharingPolicy[] {
  return policy === 'auto' ? ['auto', 'exclusive', 'mig'] : [policy];
}

/**
 * Capacity policies a policy relaxes, itself first. `spot-with-fallback` may run interruptible
 * work on on-demand nodes, as `on-demand` does; `spot` puts serving on spot too, so it relaxes nothing.
 */
export function capacityRestrictions(policy: CapacityPolicy): readonly CapacityPolicy[] {
  return policy === 'spot-with-fallback' ? ['spot-with-fallback', 'on-demand'] : [policy];
}

/** How many restrictions `restrictionsOf` lists, without listing them. */
export function restrictionCount(gpuModels: number, sharing: GpuSharingPolicy, capacity: CapacityPolicy): number {
  return (2 ** gpuModels - 1) * sharingRestrictions(sharing).length * capacityRestrictions(capacity).length;
}

/**
 * Every restriction, the policy itself first; then stricter sharing, stricter capacity, larger
 * subsets first and, among subsets of one size, catalogue order. A total order, so that the
 * first of equally cheap plans is always the same one.
 */
export function restrictionsOf(gpuModels: readonly GpuModel[], sharing: GpuSharingPolicy, capacity: CapacityPolicy): Restriction[] {
  const subsets = subsetsOf(gpuModels);
  const out: Restriction[] = [];
  for (const s of sharingRestrictions(sharing)) {
    for (const c of capacityRestrictions(capacity)) {
      for (const models of subsets) out.push({ gpuModels: models, sharing: s, capacityPolicy: c });
    }
  }
  return out;
}

/** Non-empty subsets in catalogue order, larger first; the full list first of all. */
function subsetsOf(models: readonly GpuModel[]): GpuModel[][] {
  const n = models.length;
  const masks = Array.from({ length: 2 ** n - 1 }, (_, i) => i + 1);
  const bits = (m: number) => models.filter((_, i) => (m >> (n - 1 - i)) & 1);
  // mask bits read left to right in catalogue order, so a larger mask puts earlier models first
  return masks
    .map((m) => ({ m, size: bits(m).length }))
    .sort((a, b) => b.size - a.size || b.m - a.m)
    .map((x) => bits(x.m));
}
