/**
 * The choose and pools stages alone, with small builders (after Karpenter's
 * instance_selection_test.go and Kueue's flavorassigner_test.go): which option wins, which
 * instance type a pool gets, and why the others were ruled out.
 */
import { gpuModel, instanceType } from '../../../planner/catalogue';
import { chooseOption } from '../../../planner/choose/choose';
import type { GpuOption } from '../../../planner/options/options';
import type { PackItem } from '../../../planner/packing/items';
import { buildPool } from '../../../planner/pools/build-pool';
import type { SharingMode } from '../../../planner/plan-types';
import type { GpuId } from '../../../planner/spec/schema';

function option(gpu: GpuId, mode: SharingMode, estimatedHourly: number): GpuOption {
  return {
    gpuModel: gpuModel(gpu),
    mode,
    demand: { kind: 'whole', count: 1 },
    replicas: 1,
    gpusPerReplica: 1,
    gpuMemoryBytes: 1,
    weightsBytes: 0,
    cpuMilli: 1000,
    memoryBytes: 1,
    parallelism: {},
    estimatedHourly,
    detail: `${gpu} ${mode}`,
  };
}

describe('chooseOption', () => {
  it.each<[string, GpuOption[], string, string | undefined]>([
    ['the cheapest wins', [option('L4', 'exclusive', 2), option('T4', 'exclusive', 1)], 'T4 exclusive', 'L4 exclusive'],
    [
      'on equal cost, a whole GPU beats MIG and a shared GPU',
      [option('H100-80GB', 'time-slicing', 1), option('H100-80GB', 'mig', 1), option('H100-80GB', 'exclusive', 1)],
      'H100-80GB exclusive',
      'H100-80GB mig',
    ],
    [
      'on equal cost and mode, catalogue order of the GPU',
      [option('L4', 'exclusive', 1), option('H100-80GB', 'exclusive', 1)],
      'H100-80GB exclusive',
      'L4 exclusive',
    ],
    ['a single option has no runner-up', [option('L4', 'mig', 3)], 'L4 mig', undefined],
  ])('%s', (_name, options, chosen, runnerUp) => {
    const c = chooseOption(options)!;
    expect(c.chosen.detail).toBe(chosen);
    expect(c.runnerUp?.detail).toBe(runnerUp);
    // the order of the input never matters
    expect(chooseOption([...options].reverse())!.chosen.detail).toBe(chosen);
  });

  it('has nothing to choose from no options', () => {
    expect(chooseOption([])).toBeUndefined();
  });
});

function items(n: number, gpus: number, cpuMilli = 1000): PackItem[] {
  return Array.from({ length: n }, (_, replica) => ({ workload: 'w', replica, gpu: { kind: 'whole', count: gpus }, cpuMilli, memoryBytes: 2 ** 30 }));
}

describe('buildPool', () => {
  const l4 = ['g6.xlarge', 'g6.2xlarge', 'g6.12xlarge', 'g6.48xlarge'].map((t) => instanceType('eks', t));
  const key = { role: 'gpu' as const, gpuModel: gpuModel('L4'), mode: 'exclusive' as const, capacity: 'on-demand' as const };
  const build = (its: PackItem[]) => buildPool({ key, name: 'gpu-l4-whole', items: its, candidates: l4, zones: ['a'], price: (t) => t.hourlyPrice });

  it.each<[string, PackItem[], string, number]>([
    ['one 1-GPU replica takes the smallest L4 node', items(1, 1), 'g6.xlarge', 1],
    ['four 4-GPU replicas take 4-GPU nodes', items(4, 4), 'g6.12xlarge', 4],
  ])('%s', (_name, its, chosen, nodes) => {
    const p = build(its);
    if ('failed' in p) throw new Error('expected a pool');
    expect([p.instanceType.name, p.pack.nodes.length]).toEqual([chosen, nodes]);
    if (p.runnerUp) expect(p.runnerUp.hourlyCost).toBeGreaterThanOrEqual(p.hourlyCost);
  });

  it('rules out what cannot host a replica, with the numbers', () => {
    const p = build(items(1, 4));
    if ('failed' in p) throw new Error('expected a pool');
    expect(p.ruledOut).toContainEqual({ instanceType: 'g6.xlarge', reasons: [{ kind: 'gpus', workload: 'w', requested: 4, available: 1 }] });
  });

  it('fails with every reason when no candidate fits', () => {
    const p = build(items(1, 16));
    expect('failed' in p && p.failed.map((f) => f.instanceType).sort()).toEqual(['g6.12xlarge', 'g6.2xlarge', 'g6.48xlarge', 'g6.xlarge']);
  });
});
