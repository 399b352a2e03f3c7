/**
 * `planQuotas`: Kueue ResourceFlavors, ClusterQueues and LocalQueues from pools, teams and usage;
 * `namespaceQuotasOf`: the team namespaces' ResourceQuotas from the ClusterQueues.
 */
import { plan, teamNamespace } from '../../planner/plan';
import type { ClusterQueuePlan, QuotasPlan, ResourceQuota } from '../../planner/plan-types';
import { GPU_TAINT, POOL_LABEL } from '../../planner/pools/pool-key';
import { namespaceQuotasOf } from '../../planner/quotas/namespace-quotas';
import { localQueueName, planQuotas, type QuotaPool, type QuotaTeam, type TeamUsage } from '../../planner/quotas/quotas';
import { inference, notebook, platform, shuffled, team } from '../helpers/platform-builders';

const GPU = 'nvidia.com/gpu';
const MIG = 'nvidia.com/mig-1g.20gb';

const POOLS: readonly QuotaPool[] = [
  { name: 'gpu-h100-80gb-whole', taints: [GPU_TAINT], capacity: { [GPU]: 8, cpu: 10000, memory: 100 } },
  { name: 'cpu', taints: [], capacity: { cpu: 4000, memory: 50 } },
  { name: 'gpu-h100-80gb-mig', taints: [GPU_TAINT], capacity: { [MIG]: 4, cpu: 2000, memory: 40 } },
];

const quotaTeam = (name: string, weight: number): QuotaTeam => ({ name, weight, namespace: teamNamespace(name) });
/** Weights 1 and 3: shares 1/4 and 3/4. */
const TEAMS: readonly QuotaTeam[] = [quotaTeam('alpha', 1), quotaTeam('beta', 3)];

const USAGE: readonly TeamUsage[] = [
  { team: 'alpha', pool: 'gpu-h100-80gb-whole', resources: { [GPU]: 2, cpu: 2000, memory: 10 } },
  // a second workload of the same team in the same pool adds up
  { team: 'alpha', pool: 'gpu-h100-80gb-whole', resources: { [GPU]: 1, cpu: 1000, memory: 5 } },
  { team: 'beta', pool: 'gpu-h100-80gb-whole', resources: { [GPU]: 5, cpu: 6000, memory: 60 } },
  { team: 'beta', pool: 'cpu', resources: { cpu: 1000, memory: 10 } },
  { team: 'alpha', pool: 'gpu-h100-80gb-mig', resources: { [MIG]: 3, cpu: 300, memory: 12 } },
];

function quota(q: QuotasPlan, team: string, flavor: string, resource: string): ResourceQuota {
  const cq = q.clusterQueues.find((c) => c.team === team)!;
  const f = cq.resourceGroups[0]!.flavors.find((x) => x.name === flavor)!;
  return f.resources.find((r) => r.name === resource)!;
}

describe('planQuotas', () => {
  const q = planQuotas('acme', POOLS, TEAMS, USAGE);

  // nominal = usage; borrowingLimit = max(0, floor(capacity × w/Σw) − nominal); lendingLimit = floor(nominal × (1 − w/Σw))
  it.each([
    ['alpha', 'gpu-h100-80gb-whole', GPU, 3, 0, 2],
    ['alpha', 'gpu-h100-80gb-whole', 'cpu', 3000, 0, 2250],
    ['alpha', 'gpu-h100-80gb-whole', 'memory', 15, 10, 11],
    ['alpha', 'cpu', 'cpu', 0, 1000, 0],
    ['alpha', 'cpu', 'memory', 0, 12, 0],
    ['alpha', 'cpu', GPU, 0, 0, 0],
    ['alpha', 'gpu-h100-80gb-mig', MIG, 3, 0, 2],
    ['beta', 'gpu-h100-80gb-whole', GPU, 5, 1, 1],
    ['beta', 'gpu-h100-80gb-whole', 'cpu', 6000, 1500, 1500],
    ['beta', 'gpu-h100-80gb-whole', 'memory', 60, 15, 15],
    ['beta', 'cpu', 'cpu', 1000, 2000, 250],
    ['beta', 'cpu', 'memory', 10, 27, 2],
    ['beta', 'gpu-h100-80gb-mig', MIG, 0, 3, 0],
  ] as const)('%s in %s, %s: nominal %i, borrowing %i, lending %i', (team, flavor, resource, nominal, borrowing, lending) => {
    expect(quota(q, team, flavor, resource)).toEqual({ name: resource, nominalQuota: nominal, borrowingLimit: borrowing, lendingLimit: lending });
  });

  it('follows the weight formulas for every team, flavor and resource', () => {
    const total = TEAMS.reduce((s, t) => s + t.weight, 0);
    for (const t of TEAMS) {
      const share = t.weight / total;
      for (const p of POOLS) {
        for (const [r, capacity] of Object.entries(p.capacity)) {
          const nominal = USAGE.filter((u) => u.team === t.name && u.pool === p.name).reduce((s, u) => s + (u.resources[r] ?? 0), 0);
          expect(quota(q, t.name, p.name, r)).toEqual({
            name: r,
            nominalQuota: nominal,
            borrowingLimit: Math.max(0, Math.floor(capacity * share) - nominal),
            lendingLimit: Math.floor(nominal * (1 - share)),
          });
        }
      }
    }
  });

  it('lists every flavor and every covered resource in every ClusterQueue, cpu and memory first', () => {
    const covered = ['cpu', 'memory', GPU, MIG];
    for (const cq of q.clusterQueues) {
      expect(cq.resourceGroups).toHaveLength(1);
      const g = cq.resourceGroups[0]!;
      expect(g.coveredResources).toEqual(covered);
      expect(g.flavors.map((f) => f.name)).toEqual(['cpu', 'gpu-h100-80gb-mig', 'gpu-h100-80gb-whole']);
      for (const f of g.flavors) expect(f.resources.map((r) => r.name)).toEqual(covered);
    }
  });

  it('puts one ClusterQueue per team in the cohort, with its weight and namespace', () => {
    const summary = (cq: ClusterQueuePlan) => [cq.name, cq.team, cq.cohort, cq.weight, cq.namespace];
    expect(q.cohort).toBe('acme');
    expect(q.clusterQueues.map(summary)).toEqual([
      ['alpha', 'alpha', 'acme', 1, 'team-alpha'],
      ['beta', 'beta', 'acme', 3, 'team-beta'],
    ]);
  });

  it('makes one LocalQueue per team, named <team>-queue in team-<team>, pointing at its ClusterQueue', () => {
    expect(localQueueName('alpha')).toBe('alpha-queue');
    expect(q.localQueues).toEqual([
      { name: 'alpha-queue', namespace: 'team-alpha', clusterQueue: 'alpha', team: 'alpha' },
      { name: 'beta-queue', namespace: 'team-beta', clusterQueue: 'beta', team: 'beta' },
    ]);
  });

  it('makes one ResourceFlavor per pool that selects its nodes and tolerates its taints', () => {
    expect(q.resourceFlavors.map((f) => f.name)).toEqual(['cpu', 'gpu-h100-80gb-mig', 'gpu-h100-80gb-whole']);
    for (const f of q.resourceFlavors) {
      expect(f.nodePool).toBe(f.name);
      expect(f.nodeLabels).toEqual({ [POOL_LABEL]: f.name });
    }
    const cpu = q.resourceFlavors.find((f) => f.name === 'cpu')!;
    expect(cpu.nodeTaints).toEqual([]);
    expect(cpu.tolerations).toEqual([]);
    const gpu = q.resourceFlavors.find((f) => f.name === 'gpu-h100-80gb-whole')!;
    expect(gpu.nodeTaints).toEqual([GPU_TAINT]);
    expect(gpu.tolerations).toEqual([{ key: GPU_TAINT.key, operator: 'Equal', value: GPU_TAINT.value, effect: GPU_TAINT.effect }]);
  });

  it('never lets the nominal quotas of a flavor exceed its capacity when usage fits', () => {
    for (const p of POOLS) {
      for (const [r, capacity] of Object.entries(p.capacity)) {
        const total = q.clusterQueues.reduce((s, cq) => s + quota(q, cq.team, p.name, r).nominalQuota, 0);
        expect(total).toBeLessThanOrEqual(capacity);
      }
    }
  });

  it.each([1, 7, 99])('gives the same quotas for pools, teams and usage in any order (seed %i)', (seed) => {
    expect(planQuotas('acme', shuffled(POOLS, seed), shuffled(TEAMS, seed + 1), shuffled(USAGE, seed + 2))).toEqual(q);
  });

  it('gives teams empty resource groups when there are no pools', () => {
    const empty = planQuotas('acme', [], TEAMS, []);
    expect(empty.resourceFlavors).toEqual([]);
    for (const cq of empty.clusterQueues) expect(cq.resourceGroups).toEqual([]);
    expect(empty.localQueues).toHaveLength(2);
  });

  it('lets a lone team borrow nothing beyond the pool and lend nothing', () => {
    const solo = planQuotas('acme', [POOLS[0]!], [quotaTeam('alpha', 5)], [USAGE[0]!]);
    expect(quota(solo, 'alpha', 'gpu-h100-80gb-whole', GPU)).toEqual({ name: GPU, nominalQuota: 2, borrowingLimit: 6, lendingLimit: 0 });
  });
});

describe('quotas in a plan', () => {
  it('sets nominal quota to what each team was planned onto, with LocalQueues in team namespaces', () => {
    const p = plan(
      platform({
        teams: [team('research', 2), team('product')],
        workloads: [inference('chat', 'product', 'llama-3.1-8b', { replicas: 2 }), notebook('lab', 'research', { replicas: 3, gpu: { fraction: 0.25 } })],
      }),
    );
    expect(p.quotas.localQueues.map((lq) => [lq.name, lq.namespace])).toEqual([
      ['product-queue', 'team-product'],
      ['research-queue', 'team-research'],
    ]);
    for (const w of p.workloads) {
      const r = w.perReplica.gpuResource!;
      expect(quota(p.quotas, w.team, w.nodePool, r.name).nominalQuota).toBe(r.count * w.replicas);
      expect(quota(p.quotas, w.team, w.nodePool, 'cpu').nominalQuota).toBe(w.perReplica.cpuMilli * w.replicas);
    }
  });
});

describe('namespaceQuotasOf: the hard ResourceQuota of each team namespace', () => {
  /** A ClusterQueue with one resource group: flavor to resource to [nominal, borrowingLimit?, lendingLimit?]. */
  function queue(team: string, cohort: string, flavors: Record<string, Record<string, readonly [number, number?, number?]>>): ClusterQueuePlan {
    const covered = [...new Set(Object.values(flavors).flatMap((r) => Object.keys(r)))].sort();
    return {
      name: team,
      team,
      cohort,
      weight: 1,
      namespace: teamNamespace(team),
      resourceGroups: [
        {
          coveredResources: covered,
          flavors: Object.entries(flavors).map(([name, resources]) => ({
            name,
            resources: Object.entries(resources).map(([r, [nominalQuota, borrowingLimit, lendingLimit]]) => ({
              name: r,
              nominalQuota,
              ...(borrowingLimit !== undefined ? { borrowingLimit } : {}),
              ...(lendingLimit !== undefined ? { lendingLimit } : {}),
            })),
          })),
        },
      ],
    };
  }

  it('sums nominal quota and borrowing limit over the flavors planQuotas gives (every resource has a borrowing limit)', () => {
    const hard = namespaceQuotasOf(planQuotas('acme', POOLS, TEAMS, USAGE).clusterQueues);
    // alpha cpu: whole 3000+0, cpu 0+1000, mig 300+200; memory: 15+10, 0+12, 12+0; GPUs 3+0; MIG 3+0
    expect(hard[0]).toEqual({
      team: 'alpha',
      namespace: 'team-alpha',
      hard: { requestsCpuMilli: 4500, requestsMemoryBytes: 49, limitsMemoryBytes: 49, requestsExtended: { [GPU]: 3, [MIG]: 3 } },
    });
    expect(hard.map((h) => h.team)).toEqual(['alpha', 'beta']);
  });

  it.each([
    [
      'a borrowing limit adds itself',
      [queue('a', 'c', { f: { cpu: [1000, 500] } }), queue('b', 'c', { f: { cpu: [2000, 0, 700] } })],
      'a',
      { requestsCpuMilli: 1500, requestsExtended: {} },
    ],
    [
      'without a borrowing limit, what the cohort lends: lending limits, or the whole nominal quota without one',
      [queue('a', 'c', { f: { [GPU]: [2] } }), queue('b', 'c', { f: { [GPU]: [4, 0, 1] } }), queue('d', 'c', { f: { [GPU]: [3] } })],
      'a',
      { requestsExtended: { [GPU]: 2 + 1 + 3 } },
    ],
    [
      'queues of another cohort lend nothing',
      [queue('a', 'c', { f: { [GPU]: [2] } }), queue('b', 'other', { f: { [GPU]: [4] } })],
      'a',
      { requestsExtended: { [GPU]: 2 } },
    ],
    [
      'only the same flavor is borrowed from',
      [queue('a', 'c', { f: { memory: [10] } }), queue('b', 'c', { g: { memory: [40] } })],
      'a',
      { requestsMemoryBytes: 10, limitsMemoryBytes: 10, requestsExtended: {} },
    ],
    ['a queue covering nothing limits nothing', [queue('a', 'c', {})], 'a', { requestsExtended: {} }],
  ] as const)('%s', (_, queues, team, expected) => {
    expect(namespaceQuotasOf(queues).find((q) => q.team === team)!.hard).toEqual(expected);
  });

  it('is part of the plan, one per team, and does not depend on the order of the queues', () => {
    const p = plan(platform({ workloads: [inference('chat', 'product', 'llama-3.1-8b'), notebook('lab', 'research', { gpu: { fraction: 0.25 } })] }));
    expect(p.quotas.namespaceQuotas).toEqual(namespaceQuotasOf(p.quotas.clusterQueues));
    expect(p.quotas.namespaceQuotas.map((q) => [q.team, q.namespace])).toEqual(p.teams.map((t) => [t.name, t.namespace]));
    expect(namespaceQuotasOf([...p.quotas.clusterQueues].reverse())).toEqual(p.quotas.namespaceQuotas);
  });
});
