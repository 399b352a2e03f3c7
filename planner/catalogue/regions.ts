/**
 * Regions the catalogue knows, with their zones and a price factor relative to the reference
 * region of each provider (us-east-1 on AWS, us-central1 on GCP).
 *
 * Factors other than 1 are catalogue estimates of the typical on-demand premium of the region
 * (list prices differ per instance family; re-check before quoting a cost). `unavailable` lists
 * only what is known not to be offered; an empty list means "not known to be missing".
 */
import type { Provider } from '../spec/schema';
import type { Region } from './types';
import { zoneOfferings } from './zone-offerings';

/** Every region of the catalogue, sorted by provider then name. */
export const REGIONS: readonly Region[] = [
  {
    provider: 'eks',
    name: 'eu-west-1',
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    zoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'],
    // p4de launched in us-east-1 and us-west-2 only.
    unavailable: ['p4de.24xlarge'],
    priceFactor: 1.1,
    source: 'AWS-REGIONS',
  },
  {
    provider: 'eks',
    name: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
    zoneIds: ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'],
    unavailable: [],
    priceFactor: 1,
    source: 'AWS-REGIONS',
  },
  {
    provider: 'eks',
    name: 'us-west-2',
    zones: ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'],
    zoneIds: ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4'],
    unavailable: [],
    // us-west-2 lists the same on-demand prices as us-east-1 for these families.
    priceFactor: 1,
    source: 'AWS-REGIONS',
  },
  {
    provider: 'gke',
    name: 'europe-west4',
    zones: ['europe-west4-a', 'europe-west4-b', 'europe-west4-c'],
    unavailable: [],
    priceFactor: 1.1,
    source: 'GCP-REGIONS',
  },
  {
    provider: 'gke',
    name: 'us-central1',
    zones: ['us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f'],
    unavailable: [],
    priceFactor: 1,
    source: 'GCP-REGIONS',
  },
  {
    provider: 'gke',
    name: 'us-east4',
    zones: ['us-east4-a', 'us-east4-b', 'us-east4-c'],
    unavailable: [],
    // n2-standard-2 lists at 0.1093 in us-east4 versus 0.0971 in us-central1.
    priceFactor: 1.12,
    source: 'GCP-REGIONS',
  },
];

/** The region a provider uses when the platform file names none. */
export const DEFAULT_REGION: Readonly<Record<Exclude<Provider, 'kind'>, string>> = {
  eks: 'us-east-1',
  gke: 'us-central1',
};

/** Every region of a provider, sorted by name. */
export function regions(provider: Exclude<Provider, 'kind'>): readonly Region[] {
  return REGIONS.filter((r) => r.provider === provider);
}

/**
 * The catalogue entry of a region.
 *
 * @throws Error naming the provider, the region and the regions the catalogue knows
 */
export function region(provider: Exclude<Provider, 'kind'>, name: string): Region {
  const found = REGIONS.find((r) => r.provider === provider && r.name === name);
  if (!found) {
    const known = regions(provider)
      .map((r) => r.name)
      .join(', ');
    throw new Error(`unknown ${provider} region '${name}'; the catalogue knows: ${known}`);
  }
  return found;
}

/**
 * The zones a region is planned in when the platform file names none: the first two zone IDs on
 * AWS (names there differ per account, so only IDs let the planner check what each zone sells),
 * the first two zone names elsewhere.
 */
export function defaultZones(r: Region): readonly string[] {
  return (r.zoneIds ?? r.zones).slice(0, 2);
}

/** Where an instance type may be placed among a target's zones, and whether that is known. */
export interface ZonesSelling {
  /** The target's zones that sell the type (all of them when unknown), in the target's order. */
  readonly zones: readonly string[];
  /**
   * `known`: read from the zone table; `no-data`: the table has no row for the type;
   * `zone-names`: the target names AWS zones by name, which the table (by zone ID) cannot match.
   */
  readonly basis: 'known' | 'no-data' | 'zone-names';
}

/** The target zones of `r` that sell instance type `type`. */
export function zonesSelling(r: Region, type: string, targetZones: readonly string[]): ZonesSelling {
  const sold = zoneOfferings(r.provider, r.name)[type];
  if (sold === undefined) return { zones: targetZones, basis: 'no-data' };
  const byId = r.zoneIds !== undefined;
  if (byId && targetZones.some((z) => !r.zoneIds!.includes(z))) return { zones: targetZones, basis: 'zone-names' };
  return { zones: targetZones.filter((z) => sold.includes(z)), basis: 'known' };
}
