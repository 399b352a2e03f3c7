import { eksNodeGroupSettings, eksTaint, eksZoneNodeGroups, nodesPerZone, splitOverZones } from '../../../components/aws/node-group-settings';
import type { Placement } from '../../../planner/plan-types';
import { zoneCidrs } from '../../../components/aws/network';
import { eksPlan, pool } from '../fixtures/plans';

describe('eksNodeGroupSettings', () => {
  const byName = new Map(eksPlan().nodePools.map((p) => [p.name, p]));

  it.each([
    ['h100-mig', 'AL2023_x86_64_NVIDIA', 'ON_DEMAND', 200],
    ['h100-train-spot', 'AL2023_x86_64_NVIDIA', 'SPOT', 200],
    ['system', 'AL2023_x86_64_STANDARD', 'ON_DEMAND', 50],
  ])('%s: AMI %s, capacity %s, %i GiB disk', (name, ami, capacity, disk) => {
    const s = eksNodeGroupSettings(byName.get(name)!);
    expect([s.amiType, s.capacityType, s.diskSize]).toEqual([ami, capacity, disk]);
  });

  it('pins the size to the plan and keeps maxSize >= 1 for an empty pool', () => {
    expect(eksNodeGroupSettings(byName.get('h100-train-spot')!).scalingConfig).toEqual({ desiredSize: 2, minSize: 2, maxSize: 2 });
    const empty = pool({ name: 'idle', provider: 'eks', instanceType: 'g6.xlarge', gpuModel: 'L4', gpusPerNode: 1, nodes: 0, zones: ['us-east-1a'] });
    expect(eksNodeGroupSettings(empty).scalingConfig).toEqual({ desiredSize: 0, minSize: 0, maxSize: 1 });
  });

  // EKS spot node groups use price-capacity-optimized over instanceTypes (AWS "Managed node groups: capacity types").
  it('lets spot pools draw from alternatives with the same GPUs and at least the resources, on-demand pools from their type only', () => {
    const spotL4 = pool({ name: 'l4', provider: 'eks', instanceType: 'g6.xlarge', gpuModel: 'L4', gpusPerNode: 1, capacity: 'spot', zones: ['us-east-1a'] });
    expect(eksNodeGroupSettings(spotL4).instanceTypes).toEqual(['g6.xlarge', 'g6.2xlarge']);
    expect(eksNodeGroupSettings({ ...spotL4, capacity: 'on-demand' }).instanceTypes).toEqual(['g6.xlarge']);
    // no other 8 x H100 type within the price bound: the planned type alone
    expect(eksNodeGroupSettings(byName.get('h100-train-spot')!).instanceTypes).toEqual(['p5.48xlarge']);
  });

  it('spells taint effects as the EKS API does', () => {
    expect(eksTaint({ key: 'a', value: 'b', effect: 'NoSchedule' }).effect).toBe('NO_SCHEDULE');
    expect(eksTaint({ key: 'a', value: 'b', effect: 'NoExecute' }).effect).toBe('NO_EXECUTE');
  });
});

describe('eksZoneNodeGroups', () => {
  const at = (node: number, zone: string): Placement => ({ workload: 'w', replica: node, nodePool: 'l4', node, zone, gpus: [0] });
  const l4 = pool({ name: 'l4', provider: 'eks', instanceType: 'g6.xlarge', gpuModel: 'L4', gpusPerNode: 1, nodes: 3, zones: ['use1-az1', 'use1-az2'] });

  it("counts a pool's nodes per zone from where its replicas were placed", () => {
    expect(nodesPerZone(l4, [at(0, 'use1-az2'), at(1, 'use1-az1'), at(2, 'use1-az2')])).toEqual([
      { zone: 'use1-az1', nodes: 1 },
      { zone: 'use1-az2', nodes: 2 },
    ]);
    // nothing placed (a system pool): in turn over its zones, as the planner spreads such nodes
    expect(nodesPerZone(l4, [])).toEqual([
      { zone: 'use1-az1', nodes: 2 },
      { zone: 'use1-az2', nodes: 1 },
    ]);
    expect(splitOverZones(1, ['a', 'b'])).toEqual([{ zone: 'a', nodes: 1 }]);
  });

  // API_UpdateNodegroupConfig (EKS API reference) cannot change subnets: a zone is added as a group, never by editing one.
  it('keeps the group of every existing zone, with its size, when the pool grows into another zone', () => {
    const before = eksZoneNodeGroups({ ...l4, nodes: 2 }, [at(0, 'use1-az1'), at(1, 'use1-az2')]);
    const grown = { ...l4, nodes: 3, zones: ['use1-az1', 'use1-az2', 'use1-az4'] };
    const after = eksZoneNodeGroups(grown, [at(0, 'use1-az1'), at(1, 'use1-az2'), at(2, 'use1-az4')]);
    expect(before.map((g) => g.key)).toEqual(['l4-use1-az1', 'l4-use1-az2']);
    expect(after.map((g) => g.key)).toEqual(['l4-use1-az1', 'l4-use1-az2', 'l4-use1-az4']);
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[2]!.settings.scalingConfig).toEqual({ desiredSize: 1, minSize: 1, maxSize: 1 });
  });
});

describe('zoneCidrs', () => {
  it('carves non-overlapping private /19 and public /22 subnets per zone index', () => {
    expect([0, 1, 2, 3].map(zoneCidrs)).toEqual([
      { privateCidr: '10.0.0.0/19', publicCidr: '10.0.128.0/22' },
      { privateCidr: '10.0.32.0/19', publicCidr: '10.0.132.0/22' },
      { privateCidr: '10.0.64.0/19', publicCidr: '10.0.136.0/22' },
      { privateCidr: '10.0.96.0/19', publicCidr: '10.0.140.0/22' },
    ]);
  });

  it('rejects a zone index outside the address plan', () => {
    expect(() => zoneCidrs(4)).toThrow('zones: zone index 4 is outside the address plan (0..3)');
  });
});
