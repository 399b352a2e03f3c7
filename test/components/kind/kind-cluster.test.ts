import { installMocks, settle, valueOf } from '../pulumi-mocks';
import { kindPlan, eksPlan, pool, planWith } from '../fixtures/plans';

const mocks = installMocks();
// Imported after the mocks, as Pulumi requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KindCluster } = require('../../../components/kind/kind-cluster') as typeof import('../../../components/kind/kind-cluster');

describe('KindCluster', () => {
  it('creates only a Kubernetes provider bound to the kind context, no cloud resource', async () => {
    const kind = new KindCluster('dev', { plan: kindPlan(), context: 'kind-cnai' });
    await settle(mocks);
    const mine = mocks.resources.filter((r) => r.name.startsWith('dev'));
    expect(mine.map((r) => r.type).sort()).toEqual(['cnai:kind:KindCluster', 'pulumi:providers:kubernetes']);
    expect(mocks.one('pulumi:providers:kubernetes', 'dev-k8s').inputs['context']).toBe('kind-cnai');
    expect(await valueOf(kind.clusterName)).toBe('kind-cnai');
    expect(kind.gpuStack).toBe('none');
  });

  it('defaults the context to kind-<platform>', async () => {
    new KindCluster('laptop', { plan: kindPlan() });
    await settle(mocks);
    expect(mocks.one('pulumi:providers:kubernetes', 'laptop-k8s').inputs['context']).toBe('kind-laptop');
  });

  it('rejects a plan with a GPU pool, naming the pool and the fix', () => {
    const plan = planWith({ platform: 'laptop', provider: 'kind', region: 'local', zones: ['local'] }, [
      pool({ name: 'gpu', provider: 'kind', instanceType: 'kind-node', gpuModel: 'L4', gpusPerNode: 1, zones: ['local'] }),
    ]);
    expect(() => new KindCluster('bad', { plan })).toThrow(
      "KindCluster(bad).plan.nodePools[0]: pool 'gpu' has 1 x L4 but kind nodes have no GPU; fix: mark GPU workloads cpuFallback: true or deploy to eks/gke",
    );
    expect(mocks.resources.some((r) => r.name.startsWith('bad'))).toBe(false);
  });

  it('rejects a plan for another provider', () => {
    expect(() => new KindCluster('wrong', { plan: eksPlan() })).toThrow("KindCluster(wrong).plan.provider: this component deploys 'kind' plans, got 'eks'");
  });
});
