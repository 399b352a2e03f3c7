/**
 * What a plan is made from: the provider's record, the region's zones, the instance types offered
 * there with their prices and capacity types, and the GPU models the policy allows. Built from
 * the resolved platform, the same way for every provider.
 */
import {
  defaultZones,
  gpuModel,
  instanceTypes,
  KIND_NODE,
  providerRecord,
  region,
  zonesSelling,
  type ProviderRecord,
  type ZonesSelling,
} from '../catalogue/index';
import type { GpuModel, InstanceType } from '../catalogue/types';
import type { CapacityType } from '../plan-types';
import type { ResolvedPlatform } from '../resolve/resolve';
import type { GpuSharingPolicy, Provider } from '../spec/schema';

/** The catalogue, narrowed to one platform's target and policy. */
export interface CloudContext {
  readonly provider: Provider;
  readonly record: ProviderRecord;
  /** Region name the plan reports. */
  readonly regionName: string;
  readonly zones: readonly string[];
  /**
   * Instance types offered in the region and sold in at least one of the target's zones (or with
   * no zone data), sorted by name.
   */
  readonly instanceTypes: readonly InstanceType[];
  /** GPU models allowed by policy and offered in the region, in catalogue order. */
  readonly gpuModels: readonly GpuModel[];
  readonly sharing: GpuSharingPolicy;
  /** USD per hour of one node, in the region, on a capacity type. */
  price(t: InstanceType, capacity: CapacityType): number;
  /** The instance types that can be bought on a capacity type, sorted by name. */
  typesOn(capacity: CapacityType): readonly InstanceType[];
  /** The target's zones that sell an instance type, and whether the catalogue knows that. */
  zonesFor(t: InstanceType): ZonesSelling;
}

/** Narrows the catalogue to the platform's target. */
export function cloudContext(r: ResolvedPlatform): CloudContext {
  const record = providerRecord(r.provider);
  if (r.provider === 'kind') {
    const zone = record.fixedZone!;
    return {
      provider: r.provider,
      record,
      regionName: record.fixedRegion!,
      zones: [zone],
      instanceTypes: [KIND_NODE],
      gpuModels: [],
      sharing: r.sharing,
      price: () => 0,
      typesOn: () => [KIND_NODE],
      zonesFor: () => ({ zones: [zone], basis: 'known' }),
    };
  }
  const reg = region(r.provider, r.region ?? '');
  const unavailable = new Set(reg.unavailable ?? []);
  const zones = r.zones ?? defaultZones(reg);
  const selling = new Map(instanceTypes(r.provider).map((t) => [t.name, zonesSelling(reg, t.name, zones)] as const));
  // a type the zone table places in none of the target's zones cannot be bought there at all
  const types = instanceTypes(r.provider).filter((t) => !unavailable.has(t.name) && selling.get(t.name)!.zones.length > 0);
  const offered = new Set(types.map((t) => t.gpuModel).filter((g) => g !== null));
  const byCapacity: Record<CapacityType, readonly InstanceType[]> = {
    'on-demand': types.filter((t) => t.capacityTypes.includes('on-demand')),
    spot: types.filter((t) => t.capacityTypes.includes('spot')),
  };
  return {
    provider: r.provider,
    record,
    regionName: reg.name,
    zones,
    instanceTypes: types,
    gpuModels: r.allowedGpus.filter((id) => offered.has(id)).map(gpuModel),
    sharing: r.sharing,
    price: (t, capacity) => roundPrice(t.hourlyPrice * reg.priceFactor * (capacity === 'spot' ? t.spotDiscount : 1)),
    typesOn: (capacity) => byCapacity[capacity],
    zonesFor: (t) => selling.get(t.name) ?? { zones, basis: 'no-data' },
  };
}

/** Prices carry at most six decimals, so sums do not drift with float noise. */
export function roundPrice(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
