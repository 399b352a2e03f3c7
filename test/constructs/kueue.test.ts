/**
 * Kueue constructs: flavors pin pools, queues carry the plan's quotas in Kubernetes units.
 */
import { GpuClusterQueue } from '../../constructs/kueue/cluster-queue';
import { QueueCohort } from '../../constructs/kueue/cohort';
import { TeamLocalQueue } from '../../constructs/kueue/local-queue';
import { PlatformPriorityClasses } from '../../constructs/kueue/priority-classes';
import { quotaQuantity } from '../../constructs/kueue/quota-quantity';
import { PoolResourceFlavor } from '../../constructs/kueue/resource-flavor';
import { renderObjects } from '../../constructs/platform/render';
import { fixturePlan } from './fixtures/plan';
import { find, type Loose, loose, synth, testChart } from './helpers/objects';

const GiB = 1024 ** 3;

describe('PoolResourceFlavor', () => {
  it("selects the pool's node label and tolerates exactly its taints", () => {
    const chart = testChart();
    const f = new PoolResourceFlavor(chart, 'gpu', { name: 'h100-whole', nodeTaints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] });
    const rf = find(synth(chart), 'ResourceFlavor');
    expect(rf.apiVersion).toBe('kueue.x-k8s.io/v1beta2');
    expect(f.nodeLabels).toEqual({ 'cnai.dev/node-pool': 'h100-whole' });
    expect(rf['spec']).toEqual({
      nodeLabels: { 'cnai.dev/node-pool': 'h100-whole' },
      nodeTaints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
    });
  });

  it('an untainted pool gets no taints or tolerations', () => {
    const chart = testChart();
    new PoolResourceFlavor(chart, 'cpu-pool');
    expect(find(synth(chart), 'ResourceFlavor')['spec']).toEqual({ nodeLabels: { 'cnai.dev/node-pool': 'cpu-pool' } });
  });
});

describe('GpuClusterQueue', () => {
  const groups = [
    {
      coveredResources: ['cpu', 'memory', 'nvidia.com/mig-3g.40gb'],
      flavors: [
        {
          name: 'mig',
          resources: [
            { name: 'nvidia.com/mig-3g.40gb', nominalQuota: 4, lendingLimit: 1 },
            { name: 'memory', nominalQuota: 64 * GiB },
            { name: 'cpu', nominalQuota: 4500, borrowingLimit: 1000 },
          ],
        },
      ],
    },
  ];

  it('renders quotas in resource order: cpu in milli-CPU or cores, memory in binary units, devices as integers', () => {
    const chart = testChart();
    const q = new GpuClusterQueue(chart, 'research', { cohort: 'acme', resourceGroups: groups, fairSharingWeight: 2, namespaces: ['team-research'] });
    const spec = find(synth(chart), 'ClusterQueue')['spec'] as Loose;
    expect(q.queueName).toBe('research');
    expect(spec.cohortName).toBe('acme');
    expect(spec.fairSharing).toEqual({ weight: '2' });
    expect(spec.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-research'] }] });
    expect(spec.resourceGroups[0].flavors[0].resources).toEqual([
      { name: 'cpu', nominalQuota: '4500m', borrowingLimit: '1' },
      { name: 'memory', nominalQuota: '64Gi' },
      { name: 'nvidia.com/mig-3g.40gb', nominalQuota: 4, lendingLimit: 1 },
    ]);
  });

  it('rejects a flavor that does not list every covered resource', () => {
    const bad = [{ coveredResources: ['cpu', 'nvidia.com/gpu'], flavors: [{ name: 'h100', resources: [{ name: 'cpu', nominalQuota: 1000 }] }] }];
    expect(() => new GpuClusterQueue(testChart(), 'x', { resourceGroups: bad })).toThrow(
      "ClusterQueue 'x': flavor 'h100' in resourceGroups[0] must list exactly the covered resources [cpu, nvidia.com/gpu]; missing: nvidia.com/gpu",
    );
  });

  it('rejects a fractional device quota', () => {
    expect(() => quotaQuantity('nvidia.com/gpu', 1.5)).toThrow("quota of 'nvidia.com/gpu' must be a whole number of devices >= 0, got 1.5");
  });
});

describe('queues, cohort and priorities', () => {
  it('renders a LocalQueue in the team namespace pointing at its ClusterQueue', () => {
    const chart = testChart();
    new TeamLocalQueue(chart, 'research-queue', { namespace: 'team-research', clusterQueue: 'research' });
    const lq = find(synth(chart), 'LocalQueue');
    expect(lq.metadata).toMatchObject({ name: 'research-queue', namespace: 'team-research' });
    expect(lq['spec']).toEqual({ clusterQueue: 'research' });
  });

  it('renders the four WorkloadPriorityClasses, serving highest and batch lowest', () => {
    const chart = testChart();
    new PlatformPriorityClasses(chart, 'p');
    new QueueCohort(chart, 'acme');
    const objects = synth(chart);
    const values = Object.fromEntries(objects.filter((o) => o.kind === 'WorkloadPriorityClass').map((o) => [o.metadata.name, o['value']]));
    expect(values).toEqual({ 'cnai-serving': 10000, 'cnai-notebook': 5000, 'cnai-training': 1000, 'cnai-batch': 100 });
    expect(find(objects, 'Cohort').metadata.name).toBe('acme');
  });
});

describe('Kueue objects from the plan', () => {
  const objects = renderObjects(fixturePlan())['kueue']!;

  it('renders one flavor per non-system pool, one ClusterQueue per team in the cohort and a LocalQueue per team', () => {
    expect(objects.filter((o) => o.kind === 'ResourceFlavor').map((o) => o.metadata.name)).toEqual(['cpu-m7i', 'h100-mig', 'h100-whole', 'l4-shared']);
    const cqs = objects.filter((o) => o.kind === 'ClusterQueue');
    expect(cqs.map((o) => [o.metadata.name, (o['spec'] as { cohortName: string }).cohortName])).toEqual([
      ['product', 'acme-ml'],
      ['research', 'acme-ml'],
    ]);
    // plus `default` per namespace: Kueue's webhooks put unlabelled jobs there (jobframework/defaults.go@v0.19.2)
    expect(objects.filter((o) => o.kind === 'LocalQueue').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'team-product/default',
      'team-product/product-queue',
      'team-research/default',
      'team-research/research-queue',
    ]);
    const defaults = objects.filter((o) => o.kind === 'LocalQueue' && o.metadata.name === 'default');
    expect(defaults.map((o) => loose(o['spec']).clusterQueue)).toEqual(['product', 'research']);
  });
});
