/**
 * The view of the planner's catalogue that platform-file validation uses.
 */
import { DEFAULT_REGION, GPU_MODELS, instanceTypes, REGIONS } from '../catalogue';
import type { GpuId } from './schema';
import type { CloudProvider, SpecCatalogue } from './semantic';

// computed once per provider: validation asks for every workload that pins a GPU
const offered = new Map<CloudProvider, readonly GpuId[]>();

/** Regions and offered GPUs straight from the planner's catalogue. */
export const defaultSpecCatalogue: SpecCatalogue = {
  regions: (provider: CloudProvider) => REGIONS.filter((r) => r.provider === provider),
  defaultRegion: (provider: CloudProvider) => DEFAULT_REGION[provider],
  gpusOffered: (provider: CloudProvider): readonly GpuId[] => {
    let gpus = offered.get(provider);
    if (gpus === undefined) {
      gpus = [...new Set(instanceTypes(provider).flatMap((t) => (t.gpuModel === null ? [] : [t.gpuModel])))].sort();
      offered.set(provider, gpus);
    }
    return gpus;
  },
  migCapableGpus: (): readonly GpuId[] => GPU_MODELS.filter((g) => g.migProfiles.length > 0).map((g) => g.id),
};
