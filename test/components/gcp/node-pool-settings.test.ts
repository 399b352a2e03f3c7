import { GKE_NODE_POOL_NAME_MAX, gkeNodePoolResourceName, gkeNodePoolSettings } from '../../../components/gcp/node-pool-settings';
import { pool } from '../fixtures/plans';

const ZONES = ['us-central1-b', 'us-central1-a'];

describe('gkeNodePoolSettings', () => {
  it('uses a per-zone nodeCount when the nodes split evenly, zones sorted', () => {
    const s = gkeNodePoolSettings(pool({ name: 'cpu', provider: 'gke', instanceType: 'n2-standard-8', nodes: 4, zones: ZONES }), 'DEFAULT', 'p');
    expect(s.nodeLocations).toEqual(['us-central1-a', 'us-central1-b']);
    expect(s.parts).toEqual([{ suffix: '', nodeLocations: ['us-central1-a', 'us-central1-b'], nodeCount: 2 }]);
  });

  // `node_count` is per zone of `node_locations` (@pulumi/gcp 9.37 container/nodePool.d.ts), and an
  // autoscaler range would start at 0 nodes: an uneven pool is two fixed-size GKE pools.
  it('splits an uneven pool into an even part and a one-node-per-zone remainder, exactly the planned nodes', () => {
    const s = gkeNodePoolSettings(pool({ name: 'cpu', provider: 'gke', instanceType: 'n2-standard-8', nodes: 3, zones: ZONES }), 'DEFAULT', 'p');
    expect(s.parts).toEqual([
      { suffix: '', nodeLocations: ['us-central1-a', 'us-central1-b'], nodeCount: 1 },
      { suffix: '-extra', nodeLocations: ['us-central1-a'], nodeCount: 1 },
    ]);
    const one = gkeNodePoolSettings(pool({ name: 'cpu', provider: 'gke', instanceType: 'n2-standard-8', nodes: 1, zones: ZONES }), 'DEFAULT', 'p');
    expect(one.parts).toEqual([{ suffix: '', nodeLocations: ['us-central1-a'], nodeCount: 1 }]);
    const total = (ps: typeof s.parts): number => ps.reduce((n, p) => n + p.nodeCount * p.nodeLocations.length, 0);
    expect([total(s.parts), total(one.parts)]).toEqual([3, 1]);
  });

  // maxSurge 0 / maxUnavailable 1 on GPU pools: a surge GPU node needs spare GPU quota (NodePoolUpgradeSettings in @pulumi/gcp types/input.d.ts).
  it('upgrades GPU pools without surge nodes and CPU pools with one', () => {
    const cpu = gkeNodePoolSettings(pool({ name: 'cpu', provider: 'gke', instanceType: 'n2-standard-8', nodes: 2, zones: ZONES }), 'DEFAULT', 'p');
    const gpu = gkeNodePoolSettings(
      pool({ name: 'l4', provider: 'gke', instanceType: 'g2-standard-8', gpuModel: 'L4', gpusPerNode: 1, nodes: 2, zones: ZONES }),
      'DEFAULT',
      'p',
    );
    expect(gpu.upgradeSettings).toEqual({ strategy: 'SURGE', maxSurge: 0, maxUnavailable: 1 });
    expect(cpu.upgradeSettings).toEqual({ strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 });
  });

  it('drops labels GKE sets itself and the GPU taint GKE manages, keeps other taints', () => {
    const p = pool({
      name: 'l4',
      provider: 'gke',
      instanceType: 'g2-standard-8',
      gpuModel: 'L4',
      gpusPerNode: 1,
      zones: ['us-central1-a'],
      labels: { 'cnai.dev/node-pool': 'l4', 'cloud.google.com/gke-gpu-partition-size': '3g.40gb' },
      taints: [
        { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
        { key: 'cnai.dev/dedicated', value: 'serving', effect: 'NoExecute' },
      ],
    });
    const s = gkeNodePoolSettings(p, 'LATEST', 'p');
    expect(s.labels).toEqual({ 'cnai.dev/node-pool': 'l4' });
    expect(s.taints).toEqual([{ key: 'cnai.dev/dedicated', value: 'serving', effect: 'NO_EXECUTE' }]);
    expect(s.guestAccelerators).toEqual([{ type: 'nvidia-l4', count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: 'LATEST' } }]);
  });

  it('rejects a GPU GKE does not offer, naming the pool path and the fix', () => {
    const p = pool({ name: 'a10g', provider: 'gke', instanceType: 'g5.xlarge', gpuModel: 'A10G', gpusPerNode: 1, zones: ['us-central1-a'] });
    expect(() => gkeNodePoolSettings(p, 'DEFAULT', 'GkeGpuCluster(s).plan.nodePools[3]')).toThrow(
      'GkeGpuCluster(s).plan.nodePools[3].gpuModel: GKE offers no accelerator for A10G; fix: remove it from spec.policy.allowedGpus for gke',
    );
  });

  it('rejects a time-sliced pool without a client count', () => {
    const p = pool({
      name: 'ts',
      provider: 'gke',
      instanceType: 'g2-standard-4',
      gpuModel: 'L4',
      gpusPerNode: 1,
      zones: ['us-central1-a'],
      sharing: { mode: 'time-slicing' },
    });
    expect(() => gkeNodePoolSettings(p, 'DEFAULT', 'x')).toThrow(
      'x.sharing.replicas: a time-sliced pool needs a whole number of clients per GPU >= 2, got undefined',
    );
  });
});

describe('gkeNodePoolResourceName', () => {
  // GKE node-pool names match [a-z]([-a-z0-9]{0,38}[a-z0-9])? (pulumi/pulumi-gcp#1510); Pulumi appends '-' and 7 hex characters
  const autoNamed = (logical: string): string => `${logical}-abcdef0`;
  const valid = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;

  it('keeps a name that fits, so existing pools are never renamed', () => {
    expect(gkeNodePoolResourceName('staging', 'l4-serving-extra')).toBe('staging-l4-serving-extra');
  });

  it('shortens a pool named after its instance type to a valid GKE name, distinct per pool', () => {
    const a = gkeNodePoolResourceName('production', 'gpu-a100-80gb-whole-a2-ultragpu-8g');
    const b = gkeNodePoolResourceName('production', 'gpu-a100-80gb-whole-a2-ultragpu-4g');
    for (const n of [a, b]) {
      expect(autoNamed(n).length).toBeLessThanOrEqual(GKE_NODE_POOL_NAME_MAX);
      expect(autoNamed(n)).toMatch(valid);
    }
    expect(a).not.toBe(b);
    expect(gkeNodePoolResourceName('production', 'gpu-a100-80gb-whole-a2-ultragpu-8g')).toBe(a);
  });
});
