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

/** Every region of the catalogue, sorted by provider then name. */
export const REGIONS: readonly Region[] = [
  {
    provider: 'eks',
    name: 'eu-west-1',
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    // p4de launched in us-east-1 and us-west-2 only.
    unavailable: ['p4de.24xlarge'],
    priceFactor: 1.1,
    source: 'AWS-REGIONS',
  },
  {
    provider: 'eks',
    name: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
    unavailable: [],
    priceFactor: 1,
    source: 'AWS-REGIONS',
  },
  {
    provider: 'eks',
    name: 'us-west-2',
    zones: ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'],
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
