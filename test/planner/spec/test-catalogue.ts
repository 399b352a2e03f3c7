/**
 * A small, fixed catalogue for validation tests, so messages do not change when the real
 * catalogue grows.
 */
import type { SpecCatalogue } from '../../../planner/spec/semantic';

/** Two regions per cloud and a few GPUs each. */
export const testCatalogue: SpecCatalogue = {
  regions: (provider) =>
    provider === 'eks'
      ? [
          { provider, name: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], zoneIds: ['use1-az1', 'use1-az2'], priceFactor: 1, source: 'test' },
          { provider, name: 'us-west-2', zones: ['us-west-2a', 'us-west-2b'], priceFactor: 1, source: 'test' },
        ]
      : [
          { provider, name: 'us-central1', zones: ['us-central1-a', 'us-central1-b'], priceFactor: 1, source: 'test' },
          { provider, name: 'europe-west4', zones: ['europe-west4-a', 'europe-west4-b'], priceFactor: 1, source: 'test' },
        ],
  defaultRegion: (provider) => (provider === 'eks' ? 'us-east-1' : 'us-central1'),
  gpusOffered: (provider) => (provider === 'eks' ? ['A10G', 'H100-80GB', 'L4', 'L40S'] : ['A100-40GB', 'H100-80GB', 'L4']),
  migCapableGpus: () => ['A100-40GB', 'H100-80GB'],
};
