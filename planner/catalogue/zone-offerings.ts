/**
 * Where each GPU instance type is sold, zone by zone, in the regions of the catalogue.
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
 * `availability-zone-id`) and Compute Engine list them. Only the rows below were read; CPU types,
 * the AWS g4dn and g5 families and g6.8xlarge and g6.48xlarge were not, and carry no zone data.
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
// g6.8xlarge and g6.48xlarge rows were not read in full, so they carry no zone data
const G6 = ['g6.xlarge', 'g6.2xlarge', 'g6.4xlarge', 'g6.12xlarge', 'g6.16xlarge', 'g6.24xlarge'];
const G6E = ['g6e.xlarge', 'g6e.2xlarge', 'g6e.4xlarge', 'g6e.8xlarge', 'g6e.12xlarge', 'g6e.16xlarge', 'g6e.24xlarge', 'g6e.48xlarge'];

/** Zone offerings by provider and region name. */
export const ZONE_OFFERINGS: Readonly<Record<string, ZoneOfferingTable>> = {
  'eks/eu-west-1': rows([
    [['p4d.24xlarge'], ['euw1-az2']],
    [['p4de.24xlarge', ...P5, 'p5en.48xlarge', ...G6, ...G6E], []],
  ]),
  'eks/us-east-1': rows([
    [['p4d.24xlarge'], ['use1-az1', 'use1-az2', 'use1-az4', 'use1-az6']],
    [['p4de.24xlarge'], ['use1-az4', 'use1-az6']],
    [P5, ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6']],
    [['p5en.48xlarge'], ['use1-az2', 'use1-az6']],
    [
      [...G6, ...G6E],
      ['use1-az1', 'use1-az2', 'use1-az4', 'use1-az6'],
    ],
  ]),
  'eks/us-west-2': rows([
    [
      ['p4d.24xlarge', ...P5],
      ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4'],
    ],
    [['p4de.24xlarge'], ['usw2-az1', 'usw2-az2', 'usw2-az3']],
    [['p5en.48xlarge'], ['usw2-az2', 'usw2-az3', 'usw2-az4']],
  ]),
  'gke/europe-west4': rows([
    [A2_HIGHGPU, ['europe-west4-a', 'europe-west4-b']],
    [A2_ULTRAGPU, ['europe-west4-a']],
    [A3_HIGHGPU, ['europe-west4-b', 'europe-west4-c']],
    [G2_STANDARD, ['europe-west4-a', 'europe-west4-b', 'europe-west4-c']],
  ]),
  'gke/us-central1': rows([
    [A2_HIGHGPU, ['us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f']],
    [A2_ULTRAGPU, ['us-central1-a', 'us-central1-c']],
    [A3_HIGHGPU, ['us-central1-a', 'us-central1-b', 'us-central1-c']],
    [G2_STANDARD, ['us-central1-a', 'us-central1-b', 'us-central1-c']],
  ]),
  'gke/us-east4': rows([
    [A2_HIGHGPU, []],
    [A2_ULTRAGPU, ['us-east4-c']],
    [A3_HIGHGPU, ['us-east4-a', 'us-east4-b', 'us-east4-c']],
    [G2_STANDARD, ['us-east4-a', 'us-east4-c']],
  ]),
};

/** The zone table of a region; empty when the catalogue has none. */
export function zoneOfferings(provider: string, region: string): ZoneOfferingTable {
  return ZONE_OFFERINGS[`${provider}/${region}`] ?? {};
}
