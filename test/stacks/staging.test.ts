import { CHARTS } from '../../versions';
import { valueOf } from '../components/pulumi-mocks';
import { GKE_NODE_POOL_NAME_MAX, gkeNodePoolResourceName } from '../../components/gcp/node-pool-settings';
import { type StackRun, deployedNames, runStack } from './stack-harness';

const NODE_POOL = 'gcp:container/nodePool:NodePool';
type Accelerator = {
  type: string;
  count: number;
  gpuPartitionSize?: string;
  gpuSharingConfig?: { gpuSharingStrategy: string; maxSharedClientsPerGpu: number };
};

describe('stack staging (GKE, Pulumi.staging.yaml)', () => {
  let run: StackRun;
  beforeAll(async () => {
    run = await runStack('staging', { 'cnai:databasePassword': 'test-password' });
  });

  it('creates one node pool per planned pool with the plan machine type and node total', () => {
    expect(
      run.mocks
        .ofType(NODE_POOL)
        .map((p) => p.name)
        .sort(),
    ).toEqual(run.plan.nodePools.map((p) => gkeNodePoolResourceName('staging-cluster', p.name)).sort());
    // GKE node-pool names are at most 40 characters; Pulumi auto-naming adds '-' and 7 hex characters (pulumi/pulumi-gcp#1510)
    for (const np of run.mocks.ofType(NODE_POOL)) expect(np.name.length + 8).toBeLessThanOrEqual(GKE_NODE_POOL_NAME_MAX);
    for (const pool of run.plan.nodePools) {
      const np = run.mocks.one(NODE_POOL, gkeNodePoolResourceName('staging-cluster', pool.name)).inputs;
      expect((np['nodeConfig'] as { machineType: string }).machineType).toBe(pool.instanceType);
      const zones = (np['nodeLocations'] as string[]).length;
      const total = np['nodeCount'] !== undefined ? Number(np['nodeCount']) * zones : (np['autoscaling'] as { totalMaxNodeCount: number }).totalMaxNodeCount;
      expect({ pool: pool.name, total }).toEqual({ pool: pool.name, total: pool.nodes });
    }
  });

  it('uses GKE-native MIG partitions and time-sharing, and no GPU operator', () => {
    const accel = (name: string): Accelerator =>
      (run.mocks.one(NODE_POOL, gkeNodePoolResourceName('staging-cluster', name)).inputs['nodeConfig'] as { guestAccelerators: Accelerator[] })
        .guestAccelerators[0]!;
    const mig = run.plan.nodePools.filter((p) => p.sharing.mode === 'mig');
    const shared = run.plan.nodePools.filter((p) => p.sharing.mode === 'time-slicing');
    expect(mig.length).toBeGreaterThan(0);
    expect(shared.length).toBeGreaterThan(0);
    for (const p of mig) expect(accel(p.name).gpuPartitionSize).toBe(Object.keys(p.sharing.migDevices![0]!.profiles)[0]);
    for (const p of shared) expect(accel(p.name).gpuSharingConfig).toEqual({ gpuSharingStrategy: 'TIME_SHARING', maxSharedClientsPerGpu: p.sharing.replicas });
    for (const p of run.plan.nodePools.filter((x) => x.gpuModel !== null)) expect(accel(p.name).count).toBe(p.gpusPerNode);
    expect(run.mocks.ofType('kubernetes:helm.sh/v3:Release').map((r) => r.name)).not.toContain('staging-operators-gpu-operator');
  });

  it('pins Kueue and KServe to versions.ts and protects Cloud SQL and GCS', () => {
    expect(run.mocks.one('kubernetes:helm.sh/v3:Release', 'staging-operators-kueue').inputs['version']).toBe(CHARTS.kueue.version);
    expect(run.mocks.one('kubernetes:helm.sh/v3:Release', 'staging-operators-kserve').inputs['version']).toBe(CHARTS.kserveResources.version);
    expect(run.mocks.one('gcp:sql/databaseInstance:DatabaseInstance', 'staging-cluster-mlflow-db').protect).toBe(true);
    expect(run.mocks.one('gcp:storage/bucket:Bucket', 'staging-cluster-mlflow-artifacts').protect).toBe(true);
    expect(run.mocks.one('gcp:container/cluster:Cluster', 'staging-cluster-gke').inputs['workloadIdentityConfig']).toEqual({
      workloadPool: `${run.config['gcp:project']}.svc.id.goog`,
    });
  });

  it('annotates the rendered MLflow ServiceAccount with the Workload Identity service account', () => {
    const sa = run.mocks
      .ofType('kubernetes:core/v1:ServiceAccount')
      .find((r) => (r.inputs['metadata'] as { name: string; namespace: string }).namespace === 'mlflow');
    expect((sa!.inputs['metadata'] as { annotations: Record<string, string> }).annotations).toEqual({
      'iam.gke.io/gcp-service-account': `staging-cluster-mlflow@${run.config['gcp:project']}.iam.gserviceaccount.com`,
    });
    const binding = run.mocks.one('gcp:serviceaccount/iAMMember:IAMMember', 'staging-cluster-mlflow-workload-identity').inputs;
    expect(binding['member']).toBe(`serviceAccount:${run.config['gcp:project']}.svc.id.goog[mlflow/mlflow]`);
  });

  // GKE-managed DCGM metrics go to Cloud Monitoring (decision 0013): no in-cluster DCGM alert that could never fire.
  it('renders no DCGM alerts on GKE, where in-cluster Prometheus has no DCGM series', () => {
    const rules = run.mocks.ofType('kubernetes:monitoring.coreos.com/v1:PrometheusRule');
    expect(rules.length).toBeGreaterThan(0);
    expect(JSON.stringify(rules.map((r) => r.inputs['spec']))).not.toContain('DCGM_');
    expect(
      (run.mocks.one('gcp:container/cluster:Cluster', 'staging-cluster-gke').inputs['monitoringConfig'] as { enableComponents: string[] }).enableComponents,
    ).toContain('DCGM');
  });

  it('deploys the plan Kueue queues', () => {
    expect(deployedNames(run.mocks, 'kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue')).toEqual(run.plan.quotas.clusterQueues.map((q) => q.name).sort());
  });

  it('exports the hourly cost', async () => {
    expect(await valueOf(run.program.hourlyCost)).toBe(run.plan.cost.hourly);
  });
});
