/**
 * Capacity types per machine type: the planner never plans a shape on a capacity type it is not
 * sold as.
 */
import { GCP_INSTANCE_TYPES, GCP_SPOT_ONLY } from '../../../planner/catalogue';
import { plan } from '../../../planner/plan';
import { GKE_US_CENTRAL1, inference, platform } from '../../helpers/platform-builders';

describe('capacity types per machine type', () => {
  it('marks the A3 High shapes below 8 GPUs spot-only, and every other GCP type on-demand and spot', () => {
    for (const t of GCP_INSTANCE_TYPES) {
      expect({ name: t.name, types: t.capacityTypes }).toEqual({ name: t.name, types: GCP_SPOT_ONLY.includes(t.name) ? ['spot'] : ['on-demand', 'spot'] });
    }
  });

  const h100 = (capacity: 'on-demand' | 'spot') =>
    plan(
      platform({
        target: GKE_US_CENTRAL1,
        policy: { capacity, allowedGpus: ['H100-80GB'], gpuSharing: 'exclusive' },
        workloads: [inference('chat', 't', 'llama-3.1-8b', { replicas: 1 })],
      }),
    );

  it('never plans a spot-only shape on demand: one H100 on demand is an a3-highgpu-8g', () => {
    const pools = h100('on-demand').nodePools.filter((np) => np.role === 'gpu');
    expect(pools.map((np) => [np.instanceType, np.capacity])).toEqual([['a3-highgpu-8g', 'on-demand']]);
  });

  it('plans the one-GPU A3 shape where spot is allowed', () => {
    const pools = h100('spot').nodePools.filter((np) => np.role === 'gpu');
    expect(pools.map((np) => [np.instanceType, np.capacity])).toEqual([['a3-highgpu-1g', 'spot']]);
  });
});
