/**
 * The zone-spread rule, in one place: a zone-spread workload needs one zone per replica, up to
 * the target's zone count, so an instance type sold in fewer of the target's zones would put two
 * replicas in one zone that the whole target keeps apart. Options, pools and their messages all
 * ask this rule.
 */
import type { InstanceType } from '../catalogue/types';

/** Distinct zones `replicas` zone-spread replicas must reach on a target of `targetZones` zones. */
export function zonesToSpread(replicas: number, targetZones: number): number {
  return Math.min(replicas, targetZones);
}

/** The target's zones, and the ones among them that sell each instance type. */
export interface ZoneFacts {
  readonly zones: readonly string[];
  readonly zonesFor: (t: InstanceType) => readonly string[];
}

/** The types among `types` on which `replicas` zone-spread replicas reach as many zones as on the whole target. */
export function typesThatSpread(types: readonly InstanceType[], replicas: number, facts: ZoneFacts): InstanceType[] {
  const needed = zonesToSpread(replicas, facts.zones.length);
  return types.filter((t) => facts.zonesFor(t).length >= needed);
}

/**
 * Why no type of `types` spreads `replicas` replicas: the zones needed, the target's, and the
 * zones that sell each type (types sold in the same zones listed together), for messages.
 */
export function describeSpreadShortfall(types: readonly InstanceType[], replicas: number, facts: ZoneFacts): string {
  const needed = zonesToSpread(replicas, facts.zones.length);
  const bySold = new Map<string, string[]>();
  for (const t of types) {
    const sold = facts.zonesFor(t).join(', ') || 'no zone of the target';
    const names = bySold.get(sold);
    if (names) names.push(t.name);
    else bySold.set(sold, [t.name]);
  }
  const where = [...bySold]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([sold, names]) => `${names.join(', ')} (sold in ${sold})`)
    .join('; ');
  return `zone-spread over ${needed} zones, but no instance type with this GPU is sold in ${needed} of the target's zones (${facts.zones.join(', ')}): ${where}`;
}
