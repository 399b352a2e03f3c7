import { gkePlan } from '../fixtures/plans';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

const mocks = installMocks();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GkeGpuCluster } = require('../../../components/gcp/gke-gpu-cluster') as typeof import('../../../components/gcp/gke-gpu-cluster');

const NODE_POOL = 'gcp:container/nodePool:NodePool';
type Accelerator = {
  type: string;
  count: number;
  gpuPartitionSize?: string;
  gpuSharingConfig?: { gpuSharingStrategy: string; maxSharedClientsPerGpu: number };
  gpuDriverInstallationConfig: { gpuDriverVersion: string };
};
const nodeConfig = (name: string): Record<string, unknown> => mocks.one(NODE_POOL, name).inputs['nodeConfig'] as Record<string, unknown>;
const accelerators = (name: string): Accelerator[] => nodeConfig(name)['guestAccelerators'] as Accelerator[];

describe('GkeGpuCluster', () => {
  const plan = gkePlan();
  let gke: InstanceType<typeof GkeGpuCluster>;

  beforeAll(async () => {
    gke = new GkeGpuCluster('staging', { plan, project: 'acme-ml-staging', databaseVersion: 'POSTGRES_16', databasePassword: 'pw' });
    await settle(mocks);
  });

  it('removes the default pool and enables Workload Identity', () => {
    const c = mocks.one('gcp:container/cluster:Cluster', 'staging-gke').inputs;
    expect(c['removeDefaultNodePool']).toBe(true);
    expect(c['workloadIdentityConfig']).toEqual({ workloadPool: 'acme-ml-staging.svc.id.goog' });
    expect(c['location']).toBe('us-central1');
    expect(c['minMasterVersion']).toBe('1.33');
  });

  it('creates one node pool per planned pool with its machine type, zones and node count', () => {
    expect(
      mocks
        .ofType(NODE_POOL)
        .map((p) => p.name)
        .sort(),
    ).toEqual([...plan.nodePools.map((p) => `staging-${p.name}`), 'staging-l4-serving-extra'].sort());
    for (const p of plan.nodePools) {
      expect(nodeConfig(`staging-${p.name}`)['machineType']).toBe(p.instanceType);
      expect(mocks.one(NODE_POOL, `staging-${p.name}`).inputs['nodeLocations']).toEqual([...p.zones].sort());
    }
    // 2 nodes over 2 zones: one per zone.
    expect(mocks.one(NODE_POOL, 'staging-h100-mig').inputs['nodeCount']).toBe(1);
    // 3 nodes over 2 zones do not split evenly: one per zone plus one more in the first zone,
    // all fixed counts (an autoscaler range would start the pool at 0 nodes).
    const uneven = mocks.one(NODE_POOL, 'staging-l4-serving').inputs;
    expect([uneven['nodeCount'], uneven['autoscaling']]).toEqual([1, undefined]);
    const extra = mocks.one(NODE_POOL, 'staging-l4-serving-extra').inputs;
    expect([extra['nodeCount'], extra['nodeLocations']]).toEqual([1, ['us-central1-a']]);
    expect(nodeConfig('staging-l4-serving-extra')['labels']).toEqual(nodeConfig('staging-l4-serving')['labels']);
  });

  // settings.edition in @pulumi/gcp 9.37 types/input.d.ts: POSTGRES_16+ defaults to ENTERPRISE_PLUS, which rejects db-custom-* tiers.
  it('sets the Cloud SQL edition that the custom tier belongs to, highly available', () => {
    const settings = mocks.one('gcp:sql/databaseInstance:DatabaseInstance', 'staging-mlflow-db').inputs['settings'] as Record<string, unknown>;
    expect([settings['edition'], settings['tier'], settings['availabilityType']]).toEqual(['ENTERPRISE', 'db-custom-1-3840', 'REGIONAL']);
  });

  it('rejects a tier that the edition does not offer, before creating anything', () => {
    const before = mocks.resources.length;
    expect(
      () =>
        new GkeGpuCluster('bad3', {
          plan: gkePlan(),
          project: 'acme-ml',
          databaseVersion: 'POSTGRES_16',
          databaseEdition: 'ENTERPRISE_PLUS',
          databasePassword: 'x',
        }),
    ).toThrow(
      "GkeGpuCluster(bad3).databaseTier: tier 'db-custom-1-3840' is not an ENTERPRISE_PLUS tier (db-perf-optimized-N-<vCPU>), so Cloud SQL would reject the instance for the ENTERPRISE_PLUS edition",
    );
    expect(
      () =>
        new GkeGpuCluster('bad4', {
          plan: gkePlan(),
          project: 'acme-ml',
          databaseVersion: 'POSTGRES_16',
          databaseTier: 'db-perf-optimized-N-2',
          databasePassword: 'x',
        }),
    ).toThrow("GkeGpuCluster(bad4).databaseTier: tier 'db-perf-optimized-N-2' is not an ENTERPRISE tier");
    expect(mocks.resources.length).toBe(before);
  });

  // terraform-google-kubernetes-engine#916: the <project>.svc.id.goog pool exists only once a Workload Identity cluster does.
  it('binds the Workload Identity member only after the cluster, with the pool taken from the cluster', () => {
    const binding = mocks.one('gcp:serviceaccount/iAMMember:IAMMember', 'staging-mlflow-workload-identity');
    expect(binding.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/gcp:container\/cluster:Cluster::staging-gke$/)]));
  });

  // datapathProvider in @pulumi/gcp 9.37 container/cluster.d.ts: ADVANCED_DATAPATH is Dataplane V2, which enforces NetworkPolicy.
  it('enforces NetworkPolicy with Dataplane V2 and restricts the API endpoint by default', () => {
    const c = mocks.one('gcp:container/cluster:Cluster', 'staging-gke').inputs;
    expect(c['datapathProvider']).toBe('ADVANCED_DATAPATH');
    expect(c['networkPolicy']).toBeUndefined();
    expect(c['masterAuthorizedNetworksConfig']).toEqual({ cidrBlocks: [], gcpPublicCidrsAccessEnabled: false });
  });

  // GKE "Collect and view DCGM metrics": the DCGM component needs Managed Service for Prometheus.
  it('turns on GKE-managed DCGM metrics', () => {
    const c = mocks.one('gcp:container/cluster:Cluster', 'staging-gke').inputs;
    expect(c['monitoringConfig']).toEqual({ enableComponents: ['SYSTEM_COMPONENTS', 'DCGM'], managedPrometheus: { enabled: true } });
  });

  // GKE "Configure node service accounts": nodes need roles/container.defaultNodeServiceAccount, not the Compute default account.
  it('runs every node pool as a dedicated node service account holding the minimum GKE role', () => {
    const role = mocks.one('gcp:projects/iAMMember:IAMMember', 'staging-nodes').inputs;
    expect([role['role'], role['member']]).toEqual(['roles/container.defaultNodeServiceAccount', 'serviceAccount:staging-nodes@p.iam.gserviceaccount.com']);
    for (const p of mocks.ofType(NODE_POOL)) {
      expect((p.inputs['nodeConfig'] as { serviceAccount: string }).serviceAccount).toBe('staging-nodes@p.iam.gserviceaccount.com');
    }
  });

  // authenticatorGroupsConfig.securityGroup (@pulumi/gcp 9.37 container/cluster.d.ts): Google Groups for RBAC reads only gke-security-groups@<domain>.
  it('turns on Google Groups for RBAC only with a valid security group', async () => {
    expect(mocks.one('gcp:container/cluster:Cluster', 'staging-gke').inputs['authenticatorGroupsConfig']).toBeUndefined();
    new GkeGpuCluster('groups', {
      plan: gkePlan(),
      project: 'acme-ml',
      databaseVersion: 'POSTGRES_16',
      databasePassword: 'x',
      rbacSecurityGroup: 'gke-security-groups@acme.com',
    });
    await settle(mocks);
    expect(mocks.one('gcp:container/cluster:Cluster', 'groups-gke').inputs['authenticatorGroupsConfig']).toEqual({
      securityGroup: 'gke-security-groups@acme.com',
    });
    expect(
      () =>
        new GkeGpuCluster('groups2', {
          plan: gkePlan(),
          project: 'acme-ml',
          databaseVersion: 'POSTGRES_16',
          databasePassword: 'x',
          rbacSecurityGroup: 'ml@acme.com',
        }),
    ).toThrow("GkeGpuCluster(groups2).rbacSecurityGroup: must be the group gke-security-groups@<your domain> (GKE reads only that name), got 'ml@acme.com'");
  });

  it('binds the Kubernetes provider to the system pool only', () => {
    const deps = mocks.one('pulumi:providers:kubernetes', 'staging-k8s').dependencies ?? [];
    expect(deps.filter((u) => u.includes('nodePool:NodePool')).map((u) => u.split('::').pop())).toEqual(['staging-system']);
  });

  // A retained Cloud SQL instance keeps its private IP on the peered network (pulumi/pulumi-gcp#3354 for the connection).
  it('keeps the database, its mlflow database and user, and the network it lives on through a destroy', () => {
    for (const [type, name] of [
      ['gcp:sql/database:Database', 'staging-mlflow-db'],
      ['gcp:sql/user:User', 'staging-mlflow-db'],
    ] as const) {
      const r = mocks.one(type, name);
      expect([r.inputs['deletionPolicy'], r.protect, r.retainOnDelete]).toEqual(['ABANDON', true, true]);
    }
    const connection = mocks.one('gcp:servicenetworking/connection:Connection', 'staging-private-services');
    expect([connection.inputs['deletionPolicy'], connection.retainOnDelete]).toEqual(['ABANDON', true]);
    expect(mocks.one('gcp:compute/network:Network', 'staging-vpc').retainOnDelete).toBe(true);
    expect(mocks.one('gcp:compute/globalAddress:GlobalAddress', 'staging-private-services').retainOnDelete).toBe(true);
    expect(mocks.one('gcp:container/cluster:Cluster', 'staging-gke').retainOnDelete).toBe(false);
  });

  it('partitions MIG pools natively with gpuPartitionSize and GKE-installed drivers', () => {
    expect(accelerators('staging-h100-mig')).toEqual([
      { type: 'nvidia-h100-80gb', count: 1, gpuPartitionSize: '3g.40gb', gpuDriverInstallationConfig: { gpuDriverVersion: 'DEFAULT' } },
    ]);
  });

  it('time-shares notebook GPUs with gpuSharingConfig and runs them on spot', () => {
    expect(accelerators('staging-l4-notebooks')).toEqual([
      {
        type: 'nvidia-l4',
        count: 1,
        gpuSharingConfig: { gpuSharingStrategy: 'TIME_SHARING', maxSharedClientsPerGpu: 4 },
        gpuDriverInstallationConfig: { gpuDriverVersion: 'DEFAULT' },
      },
    ]);
    expect(nodeConfig('staging-l4-notebooks')['spot']).toBe(true);
    expect(nodeConfig('staging-l4-serving')['spot']).toBe(false);
  });

  it('keeps pool labels and leaves the nvidia.com/gpu taint to GKE', () => {
    expect(nodeConfig('staging-l4-serving')['labels']).toEqual({ 'cnai.dev/gpu-model': 'L4', 'cnai.dev/node-pool': 'l4-serving' });
    expect(nodeConfig('staging-l4-serving')['taints']).toEqual([]);
    expect(accelerators('staging-system')).toEqual([]);
  });

  it('creates GCS and Cloud SQL for MLflow, protected, with Workload Identity for the MLflow ServiceAccount', async () => {
    for (const [type, name] of [
      ['gcp:storage/bucket:Bucket', 'staging-mlflow-artifacts'],
      ['gcp:sql/databaseInstance:DatabaseInstance', 'staging-mlflow-db'],
    ] as const) {
      const r = mocks.one(type, name);
      expect(r.protect).toBe(true);
      expect(r.retainOnDelete).toBe(true);
    }
    const sql = mocks.one('gcp:sql/databaseInstance:DatabaseInstance', 'staging-mlflow-db').inputs;
    expect(sql['databaseVersion']).toBe('POSTGRES_16');
    expect((sql['settings'] as { ipConfiguration: { ipv4Enabled: boolean } }).ipConfiguration.ipv4Enabled).toBe(false);
    const binding = mocks.one('gcp:serviceaccount/iAMMember:IAMMember', 'staging-mlflow-workload-identity').inputs;
    expect(binding['role']).toBe('roles/iam.workloadIdentityUser');
    expect(binding['member']).toBe('serviceAccount:acme-ml-staging.svc.id.goog[mlflow/mlflow]');
    expect(gke.mlflow.serviceAccountAnnotations).toEqual({
      'iam.gke.io/gcp-service-account': 'staging-mlflow@acme-ml-staging.iam.gserviceaccount.com',
    });
    expect(await valueOf(gke.mlflow.artifactRoot)).toBe('gs://staging-mlflow-artifacts-bucket/mlflow');
    expect(gke.gpuStack).toBe('gke-managed');
  });

  it('outputs a kubeconfig using gke-gcloud-auth-plugin', async () => {
    const kc = JSON.parse(await valueOf(gke.kubeconfig));
    expect(kc.clusters[0].cluster.server).toBe('https://203.0.113.10');
    expect(kc.users[0].user.exec.command).toBe('gke-gcloud-auth-plugin');
  });

  it('rejects a MIG pool with two partition sizes, naming the pool and both profiles', () => {
    const bad = gkePlan();
    const pools = bad.nodePools.map((p) =>
      p.name === 'h100-mig'
        ? { ...p, sharing: { mode: 'mig' as const, migDevices: [{ devices: 'all' as const, profiles: { '3g.40gb': 1, '2g.20gb': 2 } }] } }
        : p,
    );
    const before = mocks.resources.length;
    expect(
      () => new GkeGpuCluster('bad', { plan: { ...bad, nodePools: pools }, project: 'acme-ml', databaseVersion: 'POSTGRES_16', databasePassword: 'x' }),
    ).toThrow(
      'GkeGpuCluster(bad).plan.nodePools[1].sharing.migDevices: a GKE node pool takes exactly one MIG partition size, the plan has 2 (["2g.20gb","3g.40gb"])',
    );
    expect(mocks.resources.length).toBe(before);
  });

  it('rejects two pools whose GKE names would come out the same, before creating anything', () => {
    const base = gkePlan();
    const cpu = base.nodePools.find((p) => p.gpuModel === null)!;
    // two names whose cut forms share their hash (found by search; components/cloud-names.ts)
    const twins = ['gpu-a100-80gb-whole-pool-number-6200', 'gpu-a100-80gb-whole-pool-number-12392'].map((name) => ({ ...cpu, name, role: 'cpu' as const }));
    const before = mocks.resources.length;
    expect(
      () =>
        new GkeGpuCluster('prod', {
          plan: { ...base, nodePools: [...base.nodePools, ...twins] },
          project: 'acme-ml',
          databaseVersion: 'POSTGRES_16',
          databasePassword: 'x',
        }),
    ).toThrow(
      "GkeGpuCluster(prod).plan.nodePools: the GKE node pool names of 'prod-gpu-a100-80gb-whole-pool-number-12392' and 'prod-gpu-a100-80gb-whole-pool-number-6200' both come out as 'prod-gpu-a100-80gb-whole-d0d444'",
    );
    expect(mocks.resources.length).toBe(before);
  });

  it('rejects a database version that is not a Cloud SQL Postgres version', () => {
    expect(() => new GkeGpuCluster('bad2', { plan: gkePlan(), project: 'acme-ml', databaseVersion: '16', databasePassword: 'x' })).toThrow(
      "GkeGpuCluster(bad2).databaseVersion: must be a Cloud SQL Postgres version such as 'POSTGRES_16', got '16'",
    );
  });
});
