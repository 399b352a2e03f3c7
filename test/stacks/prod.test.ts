import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';

import { CHARTS } from '../../versions';
import { unsecret, valueOf } from '../components/pulumi-mocks';
import { type StackRun, deployedNames, runStack } from './stack-harness';

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';

describe('stack prod (EKS, Pulumi.prod.yaml)', () => {
  let run: StackRun;
  beforeAll(async () => {
    // exactly the configuration of Pulumi.prod.yaml: no password set, so one is generated
    run = await runStack('prod');
  });

  // API_UpdateNodegroupConfig (EKS API reference) cannot change a group's subnets: one group per pool and zone.
  it("creates one managed node group per planned pool and zone, with the plan instance type and the pool's nodes across them", () => {
    const groups = run.mocks.ofType(NODE_GROUP);
    const poolOf = (g: (typeof groups)[number]) => (g.inputs['tags'] as Record<string, string>)['cnai.dev/node-pool'];
    expect([...new Set(groups.map(poolOf))].sort()).toEqual(run.plan.nodePools.map((p) => p.name).sort());
    for (const pool of run.plan.nodePools) {
      const own = groups.filter((g) => poolOf(g) === pool.name);
      expect(own.map((g) => g.name).sort()).toEqual([...pool.zones].sort().map((z) => `prod-cluster-${pool.name}-${z}`));
      expect(own.reduce((n, g) => n + (g.inputs['scalingConfig'] as { desiredSize: number }).desiredSize, 0)).toBe(pool.nodes);
      for (const g of own) {
        expect((g.inputs['instanceTypes'] as string[])[0]).toBe(pool.instanceType);
        expect(g.inputs['subnetIds']).toHaveLength(1);
        expect(g.inputs['amiType']).toBe(pool.gpuModel === null ? 'AL2023_x86_64_STANDARD' : 'AL2023_x86_64_NVIDIA');
        expect(g.inputs['capacityType']).toBe(pool.capacity === 'spot' ? 'SPOT' : 'ON_DEMAND');
        expect(g.inputs['labels']).toEqual(pool.labels);
      }
    }
  });

  // ec2.Subnet args of @pulumi/aws (ec2/subnet.d.ts): the example lists zone IDs, which only availabilityZoneId places.
  it('places the subnets of the example by zone ID', () => {
    const subnets = run.mocks.ofType('aws:ec2/subnet:Subnet');
    expect(subnets.length).toBe(2 * run.plan.zones.length);
    for (const s of subnets) {
      expect(run.plan.zones).toContain(s.inputs['availabilityZoneId']);
      expect(s.inputs['availabilityZone']).toBeUndefined();
    }
  });

  it('labels the MIG pool with its mig-parted config for the GPU operator', () => {
    const mig = run.plan.nodePools.filter((p) => p.sharing.mode === 'mig');
    expect(mig.length).toBeGreaterThan(0);
    for (const pool of mig) {
      const labels = run.mocks.one(NODE_GROUP, `prod-cluster-${pool.name}-${[...pool.zones].sort()[0]}`).inputs['labels'] as Record<string, string>;
      expect(labels['nvidia.com/mig.config']).toBe(pool.sharing.migConfigName);
    }
    const gpuOperator = run.mocks.one('kubernetes:helm.sh/v3:Release', 'prod-operators-gpu-operator').inputs;
    expect(gpuOperator['version']).toBe(CHARTS.gpuOperator.version);
    // the MIG strategy lives in the rendered ClusterPolicy only (the chart's values feed nothing with deployCR: false)
    const policy = run.mocks.ofType('kubernetes:nvidia.com/v1:ClusterPolicy')[0]!.inputs as { spec: { mig: { strategy: string } } };
    expect(policy.spec.mig.strategy).toBe('mixed');
  });

  it('pins every Helm release to versions.ts', () => {
    const releases = run.mocks.ofType('kubernetes:helm.sh/v3:Release');
    const pinned = new Map(Object.values(CHARTS).map((c) => [c.chart, c.version]));
    for (const r of releases.filter((x) => String(x.inputs['chart']) !== 'cert-manager')) {
      expect(`${String(r.inputs['chart'])}@${String(r.inputs['version'])}`).toBe(`${String(r.inputs['chart'])}@${pinned.get(String(r.inputs['chart']))}`);
    }
    expect(releases).toHaveLength(8);
  });

  it('protects the MLflow database and bucket', () => {
    for (const [type, name] of [
      ['aws:rds/instance:Instance', 'prod-cluster-mlflow-db'],
      ['aws:s3/bucket:Bucket', 'prod-cluster-mlflow-artifacts'],
    ] as const) {
      expect(run.mocks.one(type, name).protect).toBe(true);
    }
    // without a configured password, a generated one (kept in state) reaches RDS still marked secret
    expect(run.mocks.ofType('random:index/randomPassword:RandomPassword').map((r) => r.name)).toEqual(['prod-mlflow-db-password']);
    expect(run.mocks.one('aws:rds/instance:Instance', 'prod-cluster-mlflow-db').inputs['password']).toEqual({
      [specialSigKey]: specialSecretSig,
      value: 'generated-prod-mlflow-db-password',
    });
  });

  it('points MLflow at RDS and S3 through the backend Secret and binds its pod role', () => {
    const secret = run.mocks.one('kubernetes:core/v1:Secret', 'prod-mlflow-backend').inputs as {
      metadata: { name: string; namespace: string };
      stringData: unknown;
    };
    const data = unsecret<Record<string, unknown>>(secret.stringData);
    expect(secret.metadata).toEqual({ name: 'mlflow-backend', namespace: 'mlflow' });
    expect(unsecret(data['host'])).toBe('prod-cluster-mlflow-db.rds.example');
    expect(unsecret(data['artifactRoot'])).toBe('s3://prod-cluster-mlflow-artifacts-bucket/mlflow');
    type Container = { args: string[]; env: { name: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[] };
    const deployment = run.mocks.ofType('kubernetes:apps/v1:Deployment').find((d) => (d.inputs['metadata'] as { name: string }).name === 'mlflow');
    const container = (deployment!.inputs as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0]!;
    expect(container.args).toEqual(expect.arrayContaining(['--artifacts-destination=$(MLFLOW_ARTIFACT_ROOT)']));
    expect(container.args.some((a) => a.includes('@$(MLFLOW_DB_HOST):5432/mlflow'))).toBe(true);
    expect(container.env.find((e) => e.name === 'MLFLOW_DB_HOST')?.valueFrom?.secretKeyRef).toEqual({ name: 'mlflow-backend', key: 'host' });
    const assoc = run.mocks.one('aws:eks/podIdentityAssociation:PodIdentityAssociation', 'prod-cluster-mlflow').inputs;
    expect([assoc['namespace'], assoc['serviceAccount']]).toEqual(['mlflow', 'mlflow']);
  });

  // Notebook and MLflow claims bind through the default StorageClass, which the EBS CSI driver provisions (docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html).
  it('applies the workloads after the default StorageClass and NetworkPolicy enforcement exist, and awaits none of them', () => {
    const workloads = [
      ...run.mocks.ofType('kubernetes:serving.kserve.io/v1beta1:InferenceService'),
      ...run.mocks.ofType('kubernetes:apps/v1:StatefulSet'),
      ...run.mocks.ofType('kubernetes:trainer.kubeflow.org/v1alpha1:TrainJob'),
    ];
    expect(workloads.length).toBeGreaterThan(2);
    for (const w of workloads) {
      expect(w.dependencies).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/StorageClass::prod-cluster-gp3$/),
          expect.stringMatching(/aws:eks\/addon:Addon::prod-cluster-vpc-cni$/),
        ]),
      );
      expect((w.inputs['metadata'] as { annotations: Record<string, string> }).annotations['pulumi.com/skipAwait']).toBe('true');
    }
  });

  it('deploys the plan Kueue queues', () => {
    expect(deployedNames(run.mocks, 'kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue')).toEqual(run.plan.quotas.clusterQueues.map((q) => q.name).sort());
    // the plan's queues plus a `default` LocalQueue per team namespace for jobs that name none
    expect(deployedNames(run.mocks, 'kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue')).toEqual(
      [...run.plan.quotas.localQueues.map((q) => `${q.namespace}/${q.name}`), ...run.plan.quotas.clusterQueues.map((q) => `${q.namespace}/default`)].sort(),
    );
    expect(deployedNames(run.mocks, 'kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor')).toEqual(run.plan.quotas.resourceFlavors.map((f) => f.name).sort());
  });

  it('exports the hourly cost and plan summary', async () => {
    expect(await valueOf(run.program.hourlyCost)).toBe(run.plan.cost.hourly);
    const summary = await valueOf(run.program.planSummary);
    expect(summary.gpus).toBe(run.plan.nodePools.reduce((n, p) => n + p.nodes * p.gpusPerNode, 0));
    expect((await valueOf(run.program.endpoints))['apiServer']).toBe('https://prod-cluster-eks.eks.example');
    // the stack file leaves the API allow-list unset: the public endpoint stays off
    const vpc = run.mocks.one('aws:eks/cluster:Cluster', 'prod-cluster-eks').inputs['vpcConfig'] as Record<string, unknown>;
    expect(vpc['endpointPublicAccess']).toBe(false);
  });
});
