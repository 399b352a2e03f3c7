/**
 * The platform's operators as a workload of the provider's record: how many replicas (one per
 * system node), what each requests, and the system pool they land on through the same stages as
 * other CPU work.
 */
import { PLATFORM_OPERATORS, providerRecord, instanceTypes } from '../../../planner/catalogue';
import { planSystemWorkload } from '../../../planner/choose/plan-demand';
import { InfeasibleError } from '../../../planner/errors';
import { roundPrice } from '../../../planner/options/context';
import { plan } from '../../../planner/plan';
import { buildPoolOf } from '../../../planner/pools/build-pools';
import { PLATFORM_COST_KEY } from '../../../planner/report/report';
import { PLATFORM_TEAM, SYSTEM_WORKLOAD_NAME, systemWorkload } from '../../../planner/resolve/system-workload';
import { contextOf } from '../../helpers/planner-builders';
import { EKS_US_EAST_1, GKE_US_CENTRAL1, inference, KIND, notebook, platform, type TargetSpec } from '../../helpers/platform-builders';

const GIB = 2 ** 30;
const chat = inference('chat', 'product', 'llama-3.1-8b');

describe('systemWorkload', () => {
  it.each([
    [1, 2],
    [2, 2],
    [3, 3],
    [6, 3],
  ])('over %i zones: %i replicas, one per node, spread over the zones', (zones, replicas) => {
    const w = systemWorkload(
      PLATFORM_OPERATORS,
      Array.from({ length: zones }, (_, i) => `z${i}`),
    );
    expect(w.replicas).toBe(replicas);
    expect(w).toEqual(
      expect.objectContaining({ name: SYSTEM_WORKLOAD_NAME, team: PLATFORM_TEAM, zoneSpread: true, distinctNodes: true, capacity: 'on-demand' }),
    );
    expect(w.minNode).toEqual(PLATFORM_OPERATORS.minNode);
    // an equal share of the operators' total each, rounded up so the shares cover it
    expect(w.cpuMilli).toBe(Math.ceil(6000 / replicas));
    expect(w.memoryBytes).toBe(Math.ceil((20 * GIB) / replicas));
    expect(w.cpuMilli! * replicas).toBeGreaterThanOrEqual(PLATFORM_OPERATORS.requests.cpuMilli);
  });

  it('is in the EKS and GKE records and not in kind, whose workers run the operators', () => {
    expect(providerRecord('eks').systemWorkload).toBe(PLATFORM_OPERATORS);
    expect(providerRecord('gke').systemWorkload).toBe(PLATFORM_OPERATORS);
    expect(providerRecord('kind').systemWorkload).toBeUndefined();
  });
});

describe('the system pool, planned from the operators workload', () => {
  it.each<[string, TargetSpec, number, string[]]>([
    ['EKS over one zone: two nodes in it', { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a'] }, 2, ['us-east-1a', 'us-east-1a']],
    ['EKS over two zones: one node in each', EKS_US_EAST_1, 2, ['us-east-1a', 'us-east-1b']],
    [
      'EKS over four zones: three nodes, one per zone',
      { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'] },
      3,
      ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    ],
    ['GKE over two zones', GKE_US_CENTRAL1, 2, ['us-central1-a', 'us-central1-b']],
  ])('%s, on the cheapest general-purpose type of the minimum node size', (_, target, nodes, zones) => {
    const p = plan(platform({ target, workloads: [chat] }));
    const system = p.nodePools.find((n) => n.role === 'system')!;
    expect(system).toEqual(expect.objectContaining({ name: 'system', nodes, capacity: 'on-demand', gpuModel: null, gpusPerNode: 0 }));
    expect(system.zones).toEqual([...new Set(zones)]);
    // the cheapest on-demand type without GPUs of at least 4 vCPUs and 16 GiB, by price then name
    const ctx = contextOf({ target, workloads: [chat] });
    const cheapest = ctx
      .typesOn('on-demand')
      .filter((t) => t.gpus === 0 && t.vcpus >= 4 && t.memoryMiB >= 16 * 1024)
      .sort((a, b) => ctx.price(a, 'on-demand') - ctx.price(b, 'on-demand') || (a.name < b.name ? -1 : 1));
    expect(system.instanceType).toBe(cheapest[0]!.name);
    expect(system.hourlyCost).toBe(roundPrice(nodes * ctx.price(cheapest[0]!, 'on-demand')));
    const d = p.decisions.find((x) => x.nodePool === 'system')!;
    expect(d).toEqual(expect.objectContaining({ basis: 'system-operators', members: [], repairs: [], ruledOut: [] }));
    expect(d.runnerUp).toEqual({
      instanceType: cheapest[1]!.name,
      sharing: 'exclusive',
      nodes,
      hourlyCost: roundPrice(nodes * ctx.price(cheapest[1]!, 'on-demand')),
    });
  });

  it("is no workload of the plan: no entry in workloads, placements or quotas; its cost is the platform's", () => {
    const p = plan(platform({ workloads: [chat, notebook('lab', 'research', { gpu: { fraction: 0.25 } })] }));
    expect(p.workloads.map((w) => w.name)).toEqual(['chat', 'lab']);
    expect(p.placements.filter((x) => x.nodePool === 'system' || x.workload === SYSTEM_WORKLOAD_NAME)).toEqual([]);
    expect(p.quotas.resourceFlavors.map((f) => f.name)).not.toContain('system');
    expect(p.cost.byTeam[PLATFORM_COST_KEY]).toBeGreaterThanOrEqual(p.cost.byNodePool['system']!);
    expect(Object.keys(p.cost.byTeam).sort()).toEqual([PLATFORM_COST_KEY, 'product', 'research'].sort());
  });

  it('kind has no system pool', () => {
    const p = plan(platform({ target: KIND, workloads: [notebook('lab', 'research')] }));
    expect(p.nodePools.map((n) => n.role)).toEqual(['cpu']);
  });

  it('says which size it needs when the region offers no node that large', () => {
    const ctx = contextOf({ workloads: [chat] });
    const huge = { ...PLATFORM_OPERATORS, minNode: { vcpus: 4096, memoryMiB: 16 * 1024 } };
    const largest = Math.max(
      ...instanceTypes('eks')
        .filter((t) => t.gpus === 0)
        .map((t) => t.vcpus),
    );
    expect(largest).toBeLessThan(4096);
    const ops = planSystemWorkload(systemWorkload(huge, ctx.zones), ctx);
    expect(() => buildPoolOf('system', [ops], ctx)).toThrow(InfeasibleError);
    expect(() => buildPoolOf('system', [ops], ctx)).toThrow(
      "no on-demand instance type in us-east-1 is large enough for pool 'system': it needs at least 4096 vCPUs and 16 GiB per node. Fix: choose a region that offers one.",
    );
  });
});
