import { unsecret, valueOf } from '../components/pulumi-mocks';
import { type StackRun, deployedNames, runStack } from './stack-harness';

describe('stack dev (kind, Pulumi.dev.yaml)', () => {
  let run: StackRun;
  beforeAll(async () => {
    run = await runStack('dev');
  });

  it('creates no cloud resource and binds everything to the kind context', () => {
    expect(run.mocks.resources.filter((r) => /^(aws|gcp):/.test(r.type)).map((r) => r.type)).toEqual([]);
    expect(run.mocks.one('pulumi:providers:kubernetes', 'dev-cluster-k8s').inputs['context']).toBe(run.config['kubernetes:context']);
  });

  it('installs the operators except the GPU operator', () => {
    const releases = run.mocks.ofType('kubernetes:helm.sh/v3:Release').map((r) => r.inputs['name']);
    expect(releases).toEqual(['cert-manager', 'kube-prometheus-stack', 'kueue', 'kuberay-operator', 'kubeflow-trainer', 'kserve-crd', 'kserve']);
  });

  it('deploys the plan Kueue objects', () => {
    expect(deployedNames(run.mocks, 'kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue')).toEqual(run.plan.quotas.clusterQueues.map((q) => q.name).sort());
    // the plan's queues plus a `default` LocalQueue per team namespace for jobs that name none
    expect(deployedNames(run.mocks, 'kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue')).toEqual(
      [...run.plan.quotas.localQueues.map((q) => `${q.namespace}/${q.name}`), ...run.plan.quotas.clusterQueues.map((q) => `${q.namespace}/default`)].sort(),
    );
  });

  it('creates the in-cluster MLflow database credentials, and no cloud backend Secret', () => {
    const secret = run.mocks.one('kubernetes:core/v1:Secret', 'dev-mlflow-db').inputs as { metadata: { name: string; namespace: string }; stringData: unknown };
    const data = unsecret<Record<string, unknown>>(secret.stringData);
    expect(secret.metadata).toEqual({ name: 'mlflow-db', namespace: 'mlflow' });
    expect(Object.keys(data).sort()).toEqual(['password', 'username']);
    // no password configured: one is generated once and kept in state
    expect(run.mocks.ofType('random:index/randomPassword:RandomPassword').map((r) => r.name)).toEqual(['dev-mlflow-db-password']);
    expect(data['password']).toBe('generated-dev-mlflow-db-password');
    expect(run.mocks.ofType('kubernetes:core/v1:Secret').map((r) => r.name)).not.toContain('dev-mlflow-backend');
  });

  it('exports a zero-GPU plan summary', async () => {
    const summary = await valueOf(run.program.planSummary);
    expect(summary.provider).toBe('kind');
    expect(summary.gpus).toBe(0);
    expect(await valueOf(run.program.operators)).toHaveLength(7);
  });
});
