/**
 * Where each instance type is sold, zone by zone, in the regions of the catalogue.
 *
 * AWS zones are keyed by zone ID (`use1-az1`): a zone *name* such as `us-east-1a` maps to a
 * different physical zone in each account, so only IDs can carry a fact about a zone. GCP zone
 * names are the same for everyone and are used as they are.
 *
 * A type missing from a region's table has no zone data here: the planner then assumes every
 * zone of the target sells it and says so in a `zones-unverified` warning. A type listed with an
 * empty list is sold in no zone of that region.
 *
 * Source: SkyPilot's catalog (`SKY-ZONES-AWS`, `SKY-ZONES-GCP`), which records one row per
 * instance type and zone as EC2 `DescribeInstanceTypeOfferings` (location type
 * `availability-zone-id`) and Compute Engine list them. Only the rows below were read. On AWS:
 * every catalogue size of p4d, p4de, p5, p5en, g4dn, g5, g6, g6e, c6i, c7i, m6i, m7i and r6i in
 * the three regions. On GCP: A2, A3 High, G2, E2 standard, N2 standard and C3 standard in the
 * three regions. Every type of the catalogue therefore has zone data in each of its regions.
 */

/** Instance types by zone, for one region. */
export type ZoneOfferingTable = Readonly<Record<string, readonly string[]>>;

function rows(entries: readonly (readonly [types: readonly string[], zones: readonly string[]])[]): ZoneOfferingTable {
  const table: Record<string, readonly string[]> = {};
  for (const [types, zones] of entries) for (const t of types) table[t] = [...zones].sort();
  return table;
}

const A2_HIGHGPU = ['a2-highgpu-1g', 'a2-highgpu-2g', 'a2-highgpu-4g', 'a2-highgpu-8g', 'a2-megagpu-16g'];
const A2_ULTRAGPU = ['a2-ultragpu-1g', 'a2-ultragpu-2g', 'a2-ultragpu-4g', 'a2-ultragpu-8g'];
const A3_HIGHGPU = ['a3-highgpu-1g', 'a3-highgpu-2g', 'a3-highgpu-4g', 'a3-highgpu-8g'];
const G2_STANDARD = [
  'g2-standard-4',
  'g2-standard-8',
  'g2-standard-12',
  'g2-standard-16',
  'g2-standard-24',
  'g2-standard-32',
  'g2-standard-48',
  'g2-standard-96',
];
const P5 = ['p5.4xlarge', 'p5.48xlarge'];
const G4DN = ['g4dn.xlarge', 'g4dn.2xlarge', 'g4dn.4xlarge', 'g4dn.8xlarge', 'g4dn.12xlarge', 'g4dn.16xlarge', 'g4dn.metal'];
const G5 = ['g5.xlarge', 'g5.2xlarge', 'g5.4xlarge', 'g5.8xlarge', 'g5.12xlarge', 'g5.16xlarge', 'g5.24xlarge', 'g5.48xlarge'];
const G6 = ['g6.xlarge', 'g6.2xlarge', 'g6.4xlarge', 'g6.8xlarge', 'g6.12xlarge', 'g6.16xlarge', 'g6.24xlarge', 'g6.48xlarge'];
const G6E = ['g6e.xlarge', 'g6e.2xlarge', 'g6e.4xlarge', 'g6e.8xlarge', 'g6e.12xlarge', 'g6e.16xlarge', 'g6e.24xlarge', 'g6e.48xlarge'];
const C6I = ['c6i.large', 'c6i.xlarge', 'c6i.2xlarge', 'c6i.4xlarge', 'c6i.8xlarge', 'c6i.16xlarge'];
const C7I = ['c7i.large', 'c7i.xlarge', 'c7i.2xlarge', 'c7i.4xlarge', 'c7i.8xlarge', 'c7i.16xlarge'];
const M6I = ['m6i.large', 'm6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge', 'm6i.8xlarge', 'm6i.12xlarge', 'm6i.16xlarge'];
const M7I = ['m7i.large', 'm7i.xlarge', 'm7i.2xlarge', 'm7i.4xlarge', 'm7i.8xlarge', 'm7i.12xlarge', 'm7i.16xlarge'];
const R6I = ['r6i.large', 'r6i.xlarge', 'r6i.2xlarge', 'r6i.4xlarge', 'r6i.8xlarge'];
const E2_STANDARD = ['e2-standard-2', 'e2-standard-4', 'e2-standard-8', 'e2-standard-16', 'e2-standard-32'];
const N2_STANDARD = ['n2-standard-2', 'n2-standard-4', 'n2-standard-8', 'n2-standard-16', 'n2-standard-32'];
const C3_STANDARD = ['c3-standard-4', 'c3-standard-8', 'c3-standard-22', 'c3-standard-44'];

const EUW1_ALL = ['euw1-az1', 'euw1-az2', 'euw1-az3'];
// The catalog has no use1-az3 row for any family below. Its rows for Local Zones (use1-atl2-az1,
// usw2-lax1-az1) are not zones of the region, so they are left out.
const USE1_CURRENT = ['use1-az1', 'use1-az2', 'use1-az4', 'use1-az5', 'use1-az6'];
const USE1_L4 = ['use1-az1', 'use1-az2', 'use1-az4', 'use1-az6'];
const USW2_ALL = ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4'];
const USW2_NO_AZ4 = ['usw2-az1', 'usw2-az2', 'usw2-az3'];

/** Zone offerings by provider and region name. */
export const ZONE_OFFERINGS: Readonly<Record<string, ZoneOfferingTable>> = {
  'eks/eu-west-1': rows([
    [['p4d.24xlarge'], ['euw1-az2']],
    [['p4de.24xlarge', ...P5, 'p5en.48xlarge', ...G6, ...G6E], []],
    [[...G4DN, ...G5, ...C6I, ...C7I, ...M6I, ...M7I, ...R6I], EUW1_ALL],
  ]),
  'eks/us-east-1': rows([
    [['p4d.24xlarge'], ['use1-az1', 'use1-az2', 'use1-az4', 'use1-az6']],
    [['p4de.24xlarge'], ['use1-az4', 'use1-az6']],
    [P5, ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6']],
    [['p5en.48xlarge'], ['use1-az2', 'use1-az6']],
    [[...G6, ...G6E], USE1_L4],
    [[...G4DN, ...G5, ...C6I, ...C7I, ...M6I, ...M7I, ...R6I], USE1_CURRENT],
  ]),
  'eks/us-west-2': rows([
    [['p4d.24xlarge', ...P5], USW2_ALL],
    [['p4de.24xlarge'], ['usw2-az1', 'usw2-az2', 'usw2-az3']],
    [['p5en.48xlarge'], ['usw2-az2', 'usw2-az3', 'usw2-az4']],
    [[...G6, ...G6E, ...C6I, ...C7I, ...M6I, ...M7I, ...R6I], USW2_ALL],
    [[...G4DN, ...G5], USW2_NO_AZ4],
  ]),
  'gke/europe-west4': rows([
    [A2_HIGHGPU, ['europe-west4-a', 'europe-west4-b']],
    [A2_ULTRAGPU, ['europe-west4-a']],
    [A3_HIGHGPU, ['europe-west4-b', 'europe-west4-c']],
    [
      [...G2_STANDARD, ...E2_STANDARD, ...N2_STANDARD, ...C3_STANDARD],
      ['europe-west4-a', 'europe-west4-b', 'europe-west4-c'],
    ],
  ]),
  'gke/us-central1': rows([
    [A2_HIGHGPU, ['us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f']],
    [A2_ULTRAGPU, ['us-central1-a', 'us-central1-c']],
    [A3_HIGHGPU, ['us-central1-a', 'us-central1-b', 'us-central1-c']],
    [G2_STANDARD, ['us-central1-a', 'us-central1-b', 'us-central1-c']],
    [
      [...E2_STANDARD, ...N2_STANDARD, ...C3_STANDARD],
      ['us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f'],
    ],
  ]),
  'gke/us-east4': rows([
    [A2_HIGHGPU, []],
    [A2_ULTRAGPU, ['us-east4-c']],
    [A3_HIGHGPU, ['us-east4-a', 'us-east4-b', 'us-east4-c']],
    [G2_STANDARD, ['us-east4-a', 'us-east4-c']],
    [
      [...E2_STANDARD, ...N2_STANDARD, ...C3_STANDARD],
      ['us-east4-a', 'us-east4-b', 'us-east4-c'],
    ],
  ]),
};

/** The zone table of a region; empty when the catalogue has none. */
export function zoneOfferings(provider: string, region: string): ZoneOfferingTable {
  return ZONE_OFFERINGS[`${provider}/${region}`] ?? {};
}
