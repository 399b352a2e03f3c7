/**
 * What a cloud plan is made from: the region's zones, the instance types offered there with
 * their prices, and the GPU models the policy allows.
 */
import { DEFAULT_KUBERNETES_MINOR } from '../../versions';
import { gpuModel, instanceTypes, region } from '../catalogue';
import type { GpuModel, InstanceType, Region } from '../catalogue/types';
import type { CapacityType } from '../plan-types';
import { GPU_IDS, type GpuSharingPolicy, type PlatformSpec } from '../spec/schema';

/** Kubernetes minor the plan assumes when the file names none (defined with the supported minors). */
export const DEFAULT_KUBERNETES_VERSION = DEFAULT_KUBERNETES_MINOR;

/** The catalogue, narrowed to one platform's region and policy. */
export interface CloudContext {
  readonly provider: 'eks' | 'gke';
  readonly region: Region;
  readonly zones: readonly string[];
  /** Instance types offered in the region, sorted by name. */
  readonly instanceTypes: readonly InstanceType[];
  /** GPU models allowed by policy and offered in the region, in catalogue order. */
  readonly gpuModels: readonly GpuModel[];
  readonly sharing: GpuSharingPolicy;
  /** USD per hour of one node, in the region, on a capacity type. */
  price(t: InstanceType, capacity: CapacityType): number;
}

/** Narrows the catalogue to the platform's target. */
export function cloudContext(spec: PlatformSpec, provider: 'eks' | 'gke'): CloudContext {
  const target = spec.spec.target;
  const r = region(provider, target.region ?? '');
  const unavailable = new Set(r.unavailable ?? []);
  const types = instanceTypes(provider).filter((t) => !unavailable.has(t.name));
  const offered = new Set(types.map((t) => t.gpuModel).filter((g) => g !== null));
  const allowed = new Set(spec.spec.policy?.allowedGpus ?? GPU_IDS);
  return {
    provider,
    region: r,
    zones: [...(target.zones ?? r.zones.slice(0, 2))].sort(),
    instanceTypes: types,
    gpuModels: GPU_IDS.filter((id) => allowed.has(id) && offered.has(id)).map(gpuModel),
    sharing: spec.spec.policy?.gpuSharing ?? 'auto',
    price: (t, capacity) => roundPrice(t.hourlyPrice * r.priceFactor * (capacity === 'spot' ? t.spotDiscount : 1)),
  };
}

/** Prices carry at most six decimals, so sums do not drift with float noise. */
export function roundPrice(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
