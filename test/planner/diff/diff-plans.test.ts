/**
 * diffPlans: pools, MIG layouts, nodes to drain, time-slicing, quotas, cost and workloads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffPlans, formatMigLayout } from '../../../planner/diff';
import { renderDiffMarkdown, renderDiffText } from '../../../report';
import { checkPlan } from '../../../planner/plan-schema';
import type { NodePoolPlan, Plan, PoolSharing } from '../../../planner/plan-types';

/** A fixture plan as `cnai diff` reads it (v1alpha1: namespace quotas derived from its ClusterQueues). */
function load(name: string): Plan {
  const checked = checkPlan(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/plans', name), 'utf8')));
  if ('issues' in checked) throw new Error(`fixture ${name}: ${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return checked.plan;
}
const before = load('before.json');
const after = load('after.json');

/** A copy of `plan` with one pool changed; cost follows the pool's price. */
function withPool(plan: Plan, name: string, change: Partial<NodePoolPlan>): Plan {
  const nodePools = plan.nodePools.map((p) => (p.name === name ? { ...p, ...change } : p));
  return { ...plan, nodePools, cost: { ...plan.cost, hourly: nodePools.reduce((s, p) => s + p.hourlyCost, 0) } };
}

const mig = (profiles: Record<string, number>): PoolSharing => ({ mode: 'mig', migConfigName: 'x', migDevices: [{ devices: 'all', profiles }] });

describe('diffPlans on the fixture plans', () => {
  const d = diffPlans(before, after);

  it('finds pools added, removed and resized', () => {
    expect(d.pools.added.map((p) => p.name)).toEqual(['gpu-l40s']);
    expect(d.pools.removed.map((p) => p.name)).toEqual(['gpu-a10g']);
    expect(d.pools.changed).toEqual([
      {
        name: 'gpu-h100-mig',
        changes: [
          { field: 'nodes', before: 2, after: 1 },
          { field: 'hourlyCost', before: 196.64, after: 98.32 },
        ],
      },
      {
        name: 'gpu-l4-ts',
        changes: [
          { field: 'nodes', before: 2, after: 3 },
          { field: 'hourlyCost', before: 1.6096, after: 2.4144 },
        ],
      },
    ]);
  });

  it('finds the MIG layout and time-slicing changes', () => {
    expect(d.migLayouts).toEqual([{ pool: 'gpu-h100-mig', before: 'all: 2x 3g.40gb', after: 'all: 7x 1g.10gb' }]);
    expect(d.timeSlicing).toEqual([{ pool: 'gpu-l4-ts', before: 4, after: 8 }]);
  });

  it('drains every remaining node of a re-partitioned pool, the highest nodes of a shrink, and removed pools', () => {
    expect(d.drains.map(({ pool, nodes, reason, evicted }) => ({ pool, nodes, reason, evicted }))).toEqual([
      { pool: 'gpu-a10g', nodes: [0], reason: 'pool-removed', evicted: [{ workload: 'embed', replica: 0 }] },
      {
        pool: 'gpu-h100-mig',
        nodes: [0],
        reason: 'mig-relayout',
        evicted: [
          { workload: 'chat', replica: 0 },
          { workload: 'chat', replica: 2 },
        ],
      },
      {
        pool: 'gpu-h100-mig',
        nodes: [1],
        reason: 'scale-down',
        evicted: [
          { workload: 'chat', replica: 1 },
          { workload: 'chat', replica: 3 },
        ],
      },
    ]);
  });

  it('compares quotas per team, flavor, resource and field', () => {
    expect(d.quotas).toContainEqual({ team: 'research', flavor: 'gpu-l4-ts', resource: 'nvidia.com/gpu.shared', field: 'nominalQuota', before: 6, after: 10 });
    expect(d.quotas).toContainEqual({ team: 'product', flavor: 'gpu-a10g', resource: 'nvidia.com/gpu', field: 'nominalQuota', before: 1, after: null });
    expect(d.quotas).toContainEqual({ team: 'vision', flavor: 'gpu-l4-ts', resource: 'cpu', field: 'nominalQuota', before: null, after: 4000 });
    expect(d.quotas.filter((q) => q.team === 'research').map((q) => `${q.resource}/${q.field}`)).toEqual([
      'cpu/nominalQuota',
      'memory/nominalQuota',
      'nvidia.com/gpu.shared/lendingLimit',
      'nvidia.com/gpu.shared/nominalQuota',
    ]);
  });

  it('computes the cost change per hour and per 730-hour month with its percentage', () => {
    expect(d.cost.hourly).toEqual({ before: 199.6396, after: 104.8404 });
    expect(d.cost.deltaHourly).toBeCloseTo(-94.7992, 6);
    expect(d.cost.deltaMonthly).toBeCloseTo(-94.7992 * 730, 4);
    expect(d.cost.deltaPercent).toBeCloseTo((-94.7992 / 199.6396) * 100, 4);
  });

  it('lists workloads added, removed, moved and changed', () => {
    expect(d.workloads.added.map((w) => w.name)).toEqual(['detect', 'summarize']);
    expect(d.workloads.removed).toEqual([{ name: 'embed', team: 'product', nodePool: 'gpu-a10g' }]);
    expect(d.workloads.moved).toEqual([{ name: 'chat', team: 'product', from: 'gpu-h100-mig', to: 'gpu-l40s' }]);
    expect(d.workloads.changed.find((w) => w.name === 'notebooks')!.changes).toEqual([
      { field: 'replicas', before: 6, after: 10 },
      { field: 'gpus', before: 0.25, after: 0.125 },
    ]);
    expect(d.teams).toEqual({ added: ['vision'], removed: [] });
    expect(d.settings).toEqual([{ field: 'kubernetesVersion', before: '1.30', after: '1.31' }]);
  });

  it('does not depend on the order of pools, workloads, placements or queues', () => {
    const shuffled: Plan = {
      ...after,
      nodePools: [...after.nodePools].reverse(),
      workloads: [...after.workloads].reverse(),
      placements: [...after.placements].reverse(),
      quotas: { ...after.quotas, clusterQueues: [...after.quotas.clusterQueues].reverse() },
    };
    const old: Plan = { ...before, nodePools: [...before.nodePools].reverse(), placements: [...before.placements].reverse() };
    expect(diffPlans(old, shuffled)).toEqual(d);
    expect(renderDiffMarkdown(diffPlans(old, shuffled))).toBe(renderDiffMarkdown(d));
  });
});

describe('diffPlans drain rules', () => {
  it('reports no changes, and nothing to drain, for identical plans', () => {
    const d = diffPlans(before, before);
    expect(d.hasChanges).toBe(false);
    expect(d.drains).toEqual([]);
    expect(d.cost.deltaHourly).toBe(0);
    expect(renderDiffText(d)).toBe('Plan diff: acme-ml (eks us-east-1) -> acme-ml (eks us-east-1)\nno changes\n');
  });

  it('replaces every node when the instance type changes', () => {
    const d = diffPlans(before, withPool(before, 'gpu-l4-ts', { instanceType: 'g6.2xlarge' }));
    expect(d.drains.map((x) => [x.pool, x.nodes, x.reason, x.detail])).toEqual([
      ['gpu-l4-ts', [0, 1], 'replaced', 'every node is replaced: instance type g6.xlarge -> g6.2xlarge'],
    ]);
  });

  it('replaces every node when the capacity type changes', () => {
    const d = diffPlans(before, withPool(before, 'gpu-l4-ts', { capacity: 'spot', nodes: 3 }));
    expect(d.drains.map((x) => [x.nodes, x.reason])).toEqual([[[0, 1], 'replaced']]);
  });

  it('drains only the existing nodes when a re-partitioned pool grows', () => {
    const old = withPool(before, 'gpu-h100-mig', { nodes: 2, sharing: mig({ '3g.40gb': 2 }) });
    const grown = withPool(before, 'gpu-h100-mig', { nodes: 4, sharing: mig({ '3g.40gb': 1, '4g.40gb': 1 }) });
    const d = diffPlans(old, grown);
    expect(d.drains.map((x) => [x.nodes, x.reason])).toEqual([[[0, 1], 'mig-relayout']]);
    expect(d.migLayouts).toEqual([{ pool: 'gpu-h100-mig', before: 'all: 2x 3g.40gb', after: 'all: 1x 3g.40gb + 1x 4g.40gb' }]);
  });

  // one EKS node group per pool and zone (docs/decisions/0046); GKE UpdateNodePoolRequest.locations adds or removes a zone in place
  it('drains nothing when a pool grows into another zone', () => {
    const old = withPool(before, 'gpu-l4-ts', { zones: ['us-east-1a'] });
    const grown = withPool(before, 'gpu-l4-ts', { zones: ['us-east-1a', 'us-east-1b'], nodes: 3 });
    expect(diffPlans(old, grown).drains).toEqual([]);
  });

  it('drains only the nodes of a zone the pool leaves', () => {
    const d = diffPlans(before, withPool(before, 'gpu-l4-ts', { zones: ['us-east-1a'], nodes: 1 }));
    expect(d.drains.map((x) => [x.pool, x.nodes, x.reason, x.detail])).toEqual([['gpu-l4-ts', [1], 'scale-down', 'the pool leaves zone us-east-1b']]);
    expect(d.drains[0]!.evicted.map((e) => e.replica)).toEqual([1, 3, 5]);
  });

  it('drains the last nodes of the zones a pool keeps when it also shrinks there', () => {
    const old = withPool(before, 'gpu-l4-ts', { nodes: 4 });
    const d = diffPlans(old, withPool(before, 'gpu-l4-ts', { zones: ['us-east-1a'], nodes: 1 }));
    // node 1 holds replicas of us-east-1b; nodes 2 and 3 have none, so they take the zones in turn
    expect(d.drains.map((x) => [x.nodes, x.detail])).toEqual([
      [[1, 3], 'the pool leaves zone us-east-1b'],
      [[2], 'pool shrinks from 4 to 1 nodes'],
    ]);
  });

  it('drains the highest-index nodes when a pool shrinks', () => {
    const d = diffPlans(withPool(before, 'gpu-l4-ts', { nodes: 5 }), withPool(before, 'gpu-l4-ts', { nodes: 2 }));
    expect(d.drains.map((x) => [x.nodes, x.reason])).toEqual([[[2, 3, 4], 'scale-down']]);
  });

  it('drains a pool that changes sharing mode', () => {
    const d = diffPlans(before, withPool(before, 'gpu-l4-ts', { sharing: { mode: 'exclusive' } }));
    expect(d.drains.map((x) => [x.nodes, x.reason])).toEqual([[[0, 1], 'sharing-mode']]);
    expect(d.timeSlicing).toEqual([{ pool: 'gpu-l4-ts', before: 4, after: null }]);
  });

  it('does not drain for a change of time-slicing replicas alone', () => {
    const d = diffPlans(before, withPool(before, 'gpu-l4-ts', { sharing: { mode: 'time-slicing', replicas: 2 } }));
    expect(d.drains).toEqual([]);
    expect(d.timeSlicing).toEqual([{ pool: 'gpu-l4-ts', before: 4, after: 2 }]);
    expect(d.hasChanges).toBe(true);
  });

  it('treats the same MIG layout written in another order as unchanged', () => {
    const a = withPool(before, 'gpu-h100-mig', {
      sharing: {
        mode: 'mig',
        migDevices: [
          { devices: [1, 0], profiles: { '3g.40gb': 1, '4g.40gb': 1 } },
          { devices: 'all', profiles: { '1g.10gb': 7 } },
        ],
      },
    });
    const b = withPool(before, 'gpu-h100-mig', {
      sharing: {
        mode: 'mig',
        migDevices: [
          { devices: 'all', profiles: { '1g.10gb': 7 } },
          { devices: [0, 1], profiles: { '4g.40gb': 1, '3g.40gb': 1 } },
        ],
      },
    });
    expect(diffPlans(a, b).hasChanges).toBe(false);
  });

  it('has no percentage when the old plan cost nothing', () => {
    const free: Plan = { ...before, cost: { ...before.cost, hourly: 0 } };
    expect(diffPlans(free, before).cost.deltaPercent).toBeNull();
  });
});

describe('formatMigLayout', () => {
  it('writes groups and profiles sorted, and `none` without MIG', () => {
    expect(formatMigLayout(undefined)).toBe('none');
    expect(formatMigLayout([{ devices: [3, 2], profiles: { '2g.20gb': 3, '1g.10gb': 1 } }])).toBe('gpus 2,3: 1x 1g.10gb + 3x 2g.20gb');
  });
});

describe('diffPlans drain causes', () => {
  it('names the workload changes behind each drain of the fixture plans', () => {
    const d = diffPlans(before, after);
    const causes = Object.fromEntries(d.drains.map((x) => [`${x.pool}:${x.reason}`, x.causes.map((c) => `${c.kind}:${c.workload ?? '-'}`)]));
    expect(causes).toEqual({
      'gpu-a10g:pool-removed': ['removed:embed'],
      'gpu-h100-mig:mig-relayout': ['option:chat', 'added:summarize'],
      'gpu-h100-mig:scale-down': ['option:chat', 'added:summarize'],
    });
  });

  it('names a replica count change', () => {
    const fewer = { ...before, workloads: before.workloads.map((w) => (w.name === 'chat' ? { ...w, replicas: w.replicas - 1 } : w)) };
    const shrunk = withPool(fewer, 'gpu-h100-mig', { nodes: 1 });
    const d = diffPlans(before, shrunk);
    expect(d.drains.map((x) => x.causes)).toEqual([[{ kind: 'replicas', workload: 'chat', before: 4, after: 3 }]]);
  });

  it('names the instance type when no workload of the pool changed', () => {
    const d = diffPlans(before, withPool(before, 'gpu-l4-ts', { instanceType: 'g6.2xlarge' }));
    expect(d.drains[0]!.causes).toEqual([{ kind: 'instance-type', before: 'g6.xlarge', after: 'g6.2xlarge' }]);
  });

  it('names the pool itself when it changes without its workloads or instance type', () => {
    const d = diffPlans(before, withPool(before, 'gpu-l4-ts', { capacity: 'spot' }));
    expect(d.drains[0]!.causes).toEqual([{ kind: 'pool-shape', before: 'every node is replaced: capacity on-demand -> spot', after: null }]);
  });
});
