import { eksNodeGroupResourceName } from '../../../components/aws/node-group-settings';
import { EKS_ADDONS, eksAddonVersion, KUBERNETES_MINORS } from '../../../versions';
import { eksPlan, gkePlan } from '../fixtures/plans';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

const mocks = installMocks();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EksGpuCluster } = require('../../../components/aws/eks-gpu-cluster') as typeof import('../../../components/aws/eks-gpu-cluster');

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';

describe('EksGpuCluster', () => {
  const plan = eksPlan();
  let cluster: InstanceType<typeof EksGpuCluster>;

  beforeAll(async () => {
    cluster = new EksGpuCluster('prod', { plan, databasePassword: 'pw-from-config' });
    await settle(mocks);
  });

  // API_UpdateNodegroupConfig (EKS API reference): labels, taints, scaling and update settings are updatable, subnets are not.
  it('creates one managed node group per pool and zone, each in that zone only, with its share of the nodes', () => {
    const groups = mocks.ofType(NODE_GROUP);
    expect(groups.map((g) => g.name).sort()).toEqual([
      'prod-h100-mig-us-east-1a',
      'prod-h100-train-spot-us-east-1a',
      'prod-l4-serving-us-east-1a',
      'prod-l4-serving-us-east-1b',
      'prod-l4-shared-us-east-1b',
      'prod-system-us-east-1a',
      'prod-system-us-east-1b',
    ]);
    for (const p of plan.nodePools) {
      const own = groups.filter((g) => (g.inputs['tags'] as Record<string, string>)['cnai.dev/node-pool'] === p.name);
      expect(own.reduce((n, g) => n + (g.inputs['scalingConfig'] as { desiredSize: number }).desiredSize, 0)).toBe(p.nodes);
      for (const g of own) {
        const zone = g.name.slice(`prod-${p.name}-`.length);
        expect(g.inputs['subnetIds']).toEqual([`prod-private-${zone}-id`]);
        expect((g.inputs['instanceTypes'] as string[])[0]).toBe(p.instanceType);
        expect(g.inputs['labels']).toEqual(p.labels);
        expect(g.inputs['version']).toBe('1.33');
      }
    }
  });

  it('uses the NVIDIA AL2023 AMI for GPU pools and the standard one for CPU pools', () => {
    expect(mocks.one(NODE_GROUP, 'prod-h100-mig-us-east-1a').inputs['amiType']).toBe('AL2023_x86_64_NVIDIA');
    expect(mocks.one(NODE_GROUP, 'prod-l4-serving-us-east-1a').inputs['amiType']).toBe('AL2023_x86_64_NVIDIA');
    expect(mocks.one(NODE_GROUP, 'prod-system-us-east-1a').inputs['amiType']).toBe('AL2023_x86_64_STANDARD');
  });

  it('carries the MIG config label and the GPU taint the Kueue flavors expect', () => {
    const mig = mocks.one(NODE_GROUP, 'prod-h100-mig-us-east-1a').inputs;
    expect((mig['labels'] as Record<string, string>)['nvidia.com/mig.config']).toBe('cnai-h100-mig');
    expect(mig['taints']).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    const shared = mocks.one(NODE_GROUP, 'prod-l4-shared-us-east-1b').inputs;
    expect((shared['labels'] as Record<string, string>)['nvidia.com/device-plugin.config']).toBe('l4-shared');
    expect(mocks.one(NODE_GROUP, 'prod-system-us-east-1a').inputs['taints']).toEqual([]);
  });

  it('maps capacity to SPOT / ON_DEMAND', () => {
    expect(mocks.one(NODE_GROUP, 'prod-h100-train-spot-us-east-1a').inputs['capacityType']).toBe('SPOT');
    expect(mocks.one(NODE_GROUP, 'prod-h100-mig-us-east-1a').inputs['capacityType']).toBe('ON_DEMAND');
  });

  it('builds the VPC across the platform zones with public and private subnets', () => {
    const subnets = mocks.ofType('aws:ec2/subnet:Subnet');
    expect(subnets.map((s) => `${String(s.inputs['availabilityZone'])} ${String(s.inputs['cidrBlock'])}`).sort()).toEqual([
      'us-east-1a 10.0.0.0/19',
      'us-east-1a 10.0.128.0/22',
      'us-east-1b 10.0.132.0/22',
      'us-east-1b 10.0.32.0/19',
    ]);
    expect(mocks.ofType('aws:ec2/natGateway:NatGateway')).toHaveLength(1);
    expect(mocks.one('aws:eks/cluster:Cluster', 'prod-eks').inputs['version']).toBe('1.33');
  });

  it('creates S3 and RDS for MLflow, protected and retained, and a Pod Identity role', () => {
    const bucket = mocks.one('aws:s3/bucket:Bucket', 'prod-mlflow-artifacts');
    expect(bucket.protect).toBe(true);
    expect(bucket.retainOnDelete).toBe(true);
    const db = mocks.one('aws:rds/instance:Instance', 'prod-mlflow-db');
    expect(db.protect).toBe(true);
    expect(db.retainOnDelete).toBe(true);
    expect(db.inputs['engine']).toBe('postgres');
    expect(db.inputs['storageEncrypted']).toBe(true);
    expect(db.inputs['publiclyAccessible']).toBe(false);
    const assoc = mocks.one('aws:eks/podIdentityAssociation:PodIdentityAssociation', 'prod-mlflow').inputs;
    expect(assoc['namespace']).toBe('mlflow');
    expect(assoc['serviceAccount']).toBe('mlflow');
    const trust = JSON.parse(String(mocks.one('aws:iam/role:Role', 'prod-mlflow').inputs['assumeRolePolicy']));
    expect(trust.Statement[0].Principal.Service).toBe('pods.eks.amazonaws.com');
    expect(trust.Statement[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(mocks.one('aws:eks/addon:Addon', 'prod-pod-identity').inputs['addonName']).toBe('eks-pod-identity-agent');
  });

  // AddonPodIdentityAssociation in @pulumi/aws 7.48 types/input.d.ts; the EBS CSI add-on page of the EKS user guide names the controller's ServiceAccount and policy.
  it('installs the EBS CSI driver with a Pod Identity role, and a default encrypted gp3 StorageClass after it', () => {
    const addon = mocks.one('aws:eks/addon:Addon', 'prod-ebs-csi');
    expect(addon.inputs['addonName']).toBe('aws-ebs-csi-driver');
    expect(addon.inputs['podIdentityAssociations']).toEqual([
      { roleArn: 'arn:aws:iam::123456789012:role/prod-ebs-csi', serviceAccount: 'ebs-csi-controller-sa' },
    ]);
    expect(mocks.one('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'prod-ebs-csi').inputs['policyArn']).toBe(
      'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    );
    // EKS reports the add-on ACTIVE only once its controller runs: it waits for the system nodes and the Pod Identity agent.
    expect(addon.dependencies).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/::prod-system-us-east-1a$/),
        expect.stringMatching(/::prod-system-us-east-1b$/),
        expect.stringMatching(/::prod-pod-identity$/),
      ]),
    );
    const sc = mocks.one('kubernetes:storage.k8s.io/v1:StorageClass', 'prod-gp3');
    expect(sc.inputs).toMatchObject({
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    expect(sc.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/aws:eks\/addon:Addon::prod-ebs-csi$/)]));
    expect(cluster.workloadPrerequisites.length).toBe(2);
  });

  // eks.Addon args of @pulumi/aws (addonVersion); versions.ts EKS_ADDONS: vpc-cni pinned for 1.33, the others left to EKS's default.
  it("sets each add-on's addonVersion to the version pinned for the cluster minor, and none where nothing is pinned", () => {
    expect(mocks.one('aws:eks/addon:Addon', 'prod-vpc-cni').inputs['addonVersion']).toBe(EKS_ADDONS.vpcCni.versions['1.33']);
    expect(EKS_ADDONS.vpcCni.versions['1.33']).toBe('v1.20.1-eksbuild.3');
    expect(mocks.one('aws:eks/addon:Addon', 'prod-ebs-csi').inputs['addonVersion']).toBe(eksAddonVersion('ebsCsiDriver', '1.33'));
    expect(mocks.one('aws:eks/addon:Addon', 'prod-pod-identity').inputs['addonVersion']).toBe(eksAddonVersion('podIdentityAgent', '1.33'));
    for (const pin of Object.values(EKS_ADDONS)) for (const minor of Object.keys(pin.versions)) expect(KUBERNETES_MINORS[minor]).toBeDefined();
  });

  // aws-ebs-csi-driver docs/install.md@v1.64.0 "Metadata": without IMDS the node plugin falls back to the Kubernetes API; nothing here narrows its metadata sources.
  it('leaves the EBS CSI driver its Kubernetes metadata fallback, since hop limit 1 keeps its node pods off IMDS', () => {
    expect(mocks.one('aws:eks/addon:Addon', 'prod-ebs-csi').inputs['configurationValues']).toBeUndefined();
    for (const lt of mocks.ofType('aws:ec2/launchTemplate:LaunchTemplate')) {
      expect((lt.inputs['metadataOptions'] as Record<string, unknown>)['httpPutResponseHopLimit']).toBe(1);
    }
  });

  // docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html: the vpc-cni add-on enforces NetworkPolicy only with enableNetworkPolicy.
  it('turns on NetworkPolicy enforcement in the VPC CNI add-on', () => {
    const cni = mocks.one('aws:eks/addon:Addon', 'prod-vpc-cni').inputs;
    expect(cni['addonName']).toBe('vpc-cni');
    expect(JSON.parse(String(cni['configurationValues']))).toEqual({ enableNetworkPolicy: 'true' });
    expect(cni['resolveConflictsOnCreate']).toBe('OVERWRITE');
  });

  it('binds the Kubernetes provider to the system node group only', () => {
    const deps = mocks.one('pulumi:providers:kubernetes', 'prod-k8s').dependencies ?? [];
    expect(deps.filter((u) => u.includes('nodeGroup:NodeGroup')).map((u) => u.split('::').pop())).toEqual(['prod-system-us-east-1a', 'prod-system-us-east-1b']);
  });

  // ClusterVpcConfig.publicAccessCidrs in @pulumi/aws 7.48 types/input.d.ts: without it a public endpoint admits 0.0.0.0/0.
  it('keeps the public API endpoint off unless allowed CIDRs are given', () => {
    const vpc = mocks.one('aws:eks/cluster:Cluster', 'prod-eks').inputs['vpcConfig'] as Record<string, unknown>;
    expect([vpc['endpointPublicAccess'], vpc['publicAccessCidrs'], vpc['endpointPrivateAccess']]).toEqual([false, undefined, true]);
  });

  // LaunchTemplateMetadataOptions in @pulumi/aws 7.48 types/input.d.ts; EKS best practices: hop limit 1 keeps pods off the node role.
  it('gives every node group a launch template with IMDSv2, hop limit 1 and an encrypted gp3 root volume', () => {
    for (const g of mocks.ofType(NODE_GROUP)) {
      expect(g.inputs['diskSize']).toBeUndefined();
      const lt = mocks.one('aws:ec2/launchTemplate:LaunchTemplate', g.name).inputs;
      expect(lt['metadataOptions']).toEqual({ httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 });
      const ebs = (lt['blockDeviceMappings'] as { ebs: Record<string, unknown> }[])[0]!.ebs;
      expect([ebs['volumeType'], ebs['encrypted']]).toEqual(['gp3', 'true']);
      expect(g.inputs['launchTemplate']).toEqual({ id: `${g.name}-id`, version: '1' });
    }
    const gpu = mocks.one('aws:ec2/launchTemplate:LaunchTemplate', 'prod-h100-mig-us-east-1a').inputs;
    expect((gpu['blockDeviceMappings'] as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize).toBe(200);
  });

  it('names the cluster up front and tags the subnets with that name', () => {
    expect(mocks.one('aws:eks/cluster:Cluster', 'prod-eks').inputs['name']).toBe('acme-ml-prod');
    for (const s of mocks.ofType('aws:ec2/subnet:Subnet')) {
      expect((s.inputs['tags'] as Record<string, string>)['kubernetes.io/cluster/acme-ml-prod']).toBe('shared');
    }
    const c = mocks.one('aws:eks/cluster:Cluster', 'prod-eks').inputs;
    expect(c['upgradePolicy']).toEqual({ supportType: 'STANDARD' });
    expect(c['enabledClusterLogTypes']).toEqual(['api', 'audit', 'authenticator']);
  });

  // RDS refuses to delete a subnet group or security group in use: what the retained database needs is retained with it.
  it('keeps the network the retained database lives in, and deletes the rest', () => {
    for (const [type, name] of [
      ['aws:ec2/vpc:Vpc', 'prod-vpc'],
      ['aws:ec2/subnet:Subnet', 'prod-private-us-east-1a'],
      ['aws:ec2/subnet:Subnet', 'prod-private-us-east-1b'],
      ['aws:rds/subnetGroup:SubnetGroup', 'prod-mlflow-db'],
      ['aws:ec2/securityGroup:SecurityGroup', 'prod-mlflow-db'],
    ] as const) {
      expect(`${name} ${mocks.one(type, name).retainOnDelete}`).toBe(`${name} true`);
    }
    expect(mocks.one('aws:ec2/subnet:Subnet', 'prod-public-us-east-1a').retainOnDelete).toBe(false);
    expect(mocks.one('aws:rds/instance:Instance', 'prod-mlflow-db').inputs['multiAz']).toBe(true);
    expect(mocks.one('aws:s3/bucketVersioning:BucketVersioning', 'prod-mlflow-artifacts').inputs['versioningConfiguration']).toEqual({ status: 'Enabled' });
  });

  it('does not protect non-stateful resources', () => {
    expect(mocks.one('aws:eks/cluster:Cluster', 'prod-eks').protect).toBe(false);
    expect(mocks.one(NODE_GROUP, 'prod-h100-mig-us-east-1a').protect).toBe(false);
  });

  it('gives every child the explicit AWS provider and the component as parent', () => {
    const awsChildren = mocks.resources.filter((r) => r.custom && r.type.startsWith('aws:') && r.name.startsWith('prod'));
    expect(awsChildren.length).toBeGreaterThan(20);
    for (const r of awsChildren) expect(r.provider).toMatch(/pulumi:providers:aws::prod-aws::/);
  });

  it('outputs a kubeconfig (secret) that authenticates with aws eks get-token, and the MLflow backend', async () => {
    const kubeconfig = JSON.parse(await valueOf(cluster.kubeconfig));
    expect(kubeconfig.clusters[0].cluster.server).toBe('https://prod-eks.eks.example');
    expect(kubeconfig.users[0].user.exec.args).toEqual(['eks', 'get-token', '--cluster-name', 'acme-ml-prod', '--region', 'us-east-1']);
    expect(await pulumiIsSecret(cluster.kubeconfig)).toBe(true);
    expect(await valueOf(cluster.mlflow.artifactRoot)).toBe('s3://prod-mlflow-artifacts-bucket/mlflow');
    expect(await valueOf(cluster.mlflow.databaseHost)).toBe('prod-mlflow-db.rds.example');
    expect(cluster.gpuStack).toBe('gpu-operator');
  });

  it('rejects a GKE plan and a single-zone plan before creating anything', () => {
    const before = mocks.resources.length;
    expect(() => new EksGpuCluster('x1', { plan: gkePlan(), databasePassword: 'p' })).toThrow(
      "EksGpuCluster(x1).plan.provider: this component deploys 'eks' plans, got 'gke'",
    );
    const oneZone = { ...eksPlan(), zones: ['us-east-1a'], nodePools: eksPlan().nodePools.map((p) => ({ ...p, zones: ['us-east-1a'] })) };
    expect(() => new EksGpuCluster('x2', { plan: oneZone, databasePassword: 'p' })).toThrow(
      'EksGpuCluster(x2).plan.zones: EKS needs subnets in 2 to 4 zones, got 1 (["us-east-1a"])',
    );
    expect(mocks.resources.length).toBe(before);
  });

  it('restricts the endpoint to the given CIDRs and gives deployer roles admin access entries', async () => {
    const withGroups = { ...eksPlan(), teams: eksPlan().teams.map((t) => ({ ...t, groups: ['research-ml'] })) };
    new EksGpuCluster('open', {
      plan: withGroups,
      databasePassword: 'p',
      apiAllowedCidrs: ['203.0.113.0/24'],
      deployerRoleArns: ['arn:aws:iam::123456789012:role/ci'],
      teamRoleArns: { research: ['arn:aws:iam::123456789012:role/research'] },
    });
    await settle(mocks);
    const vpc = mocks.one('aws:eks/cluster:Cluster', 'open-eks').inputs['vpcConfig'] as Record<string, unknown>;
    expect([vpc['endpointPublicAccess'], vpc['publicAccessCidrs']]).toEqual([true, ['203.0.113.0/24']]);
    expect(mocks.one('aws:eks/accessEntry:AccessEntry', 'open-deployer-0').inputs['principalArn']).toBe('arn:aws:iam::123456789012:role/ci');
    expect(mocks.one('aws:eks/accessPolicyAssociation:AccessPolicyAssociation', 'open-deployer-0').inputs['policyArn']).toBe(
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
    );
    // AccessEntry.kubernetesGroups (@pulumi/aws 7.48 eks/accessEntry.d.ts): the principal joins those RBAC groups, the team RoleBinding's subjects
    expect(mocks.one('aws:eks/accessEntry:AccessEntry', 'open-team-research-0').inputs['kubernetesGroups']).toEqual(['research-ml']);
    expect(() => new EksGpuCluster('x5', { plan: eksPlan(), databasePassword: 'p', teamRoleArns: { nobody: [] } })).toThrow(
      "EksGpuCluster(x5).teamRoleArns.nobody: no team 'nobody' in the platform (teams: research)",
    );
    expect(() => new EksGpuCluster('x4', { plan: eksPlan(), databasePassword: 'p', apiAllowedCidrs: ['0.0.0.0'] })).toThrow(
      "EksGpuCluster(x4).apiAllowedCidrs[0]: '0.0.0.0' is not an IPv4 CIDR block such as 203.0.113.0/24",
    );
  });

  // ec2.Subnet args in @pulumi/aws ec2/subnet.d.ts: availabilityZoneId places a subnet by zone ID, the same zone in every account.
  it('creates the subnets of a plan by zone ID with availabilityZoneId, and its node groups per zone ID', async () => {
    const byId = (z: string) => ({ 'us-east-1a': 'use1-az1', 'us-east-1b': 'use1-az2' })[z] ?? z;
    const base = eksPlan();
    const ids = { ...base, zones: base.zones.map(byId), nodePools: base.nodePools.map((p) => ({ ...p, zones: p.zones.map(byId) })) };
    new EksGpuCluster('ids', { plan: ids, databasePassword: 'p' });
    await settle(mocks);
    const subnets = mocks.ofType('aws:ec2/subnet:Subnet').filter((s) => s.name.startsWith('ids-'));
    expect(subnets.map((s) => `${String(s.inputs['availabilityZoneId'])} ${String(s.inputs['availabilityZone'])}`).sort()).toEqual([
      'use1-az1 undefined',
      'use1-az1 undefined',
      'use1-az2 undefined',
      'use1-az2 undefined',
    ]);
    expect(mocks.one(NODE_GROUP, 'ids-l4-serving-use1-az2').inputs['subnetIds']).toEqual(['ids-private-use1-az2-id']);
  });

  // @pulumi/aws 7.48.0 eks/nodeGroup.d.ts nodeGroupName: at most 63 characters, a letter or digit first, then letters, digits, '-', '_';
  // EC2 API reference LaunchTemplate.launchTemplateName: 3 to 128 of [a-zA-Z0-9().-/_]. Pulumi appends '-' and 7 hex characters to both.
  it('names the node groups and launch templates of long, dotted pool names within what EKS and EC2 accept, one name each', async () => {
    const base = eksPlan();
    const l4 = base.nodePools.find((p) => p.name === 'l4-serving')!;
    const long = ['gpu-a100-40gb-mig-1g-10gb-spot-a2-megagpu-16g', 'gpu-l4-whole-g6.2xlarge', 'gpu-l4-whole-g6.12xlarge'];
    const plan = { ...base, zones: ['us-east-1a', 'us-east-1b'], nodePools: [...base.nodePools, ...long.map((name) => ({ ...l4, name }))] };
    const component = 'acme-ml-production-cluster';
    new EksGpuCluster(component, { plan, databasePassword: 'p' });
    await settle(mocks);
    // a cut name keeps its start, the component's name
    const groups = mocks.ofType(NODE_GROUP).filter((g) => g.name.startsWith(component));
    const templates = mocks.ofType('aws:ec2/launchTemplate:LaunchTemplate').filter((t) => t.name.startsWith(component));
    // one group and one template per pool and zone it has nodes in (the fixture's seven, two per added pool), every one distinct
    expect(groups).toHaveLength(7 + long.length * 2);
    expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length);
    expect(templates).toHaveLength(groups.length);
    for (const g of groups) expect(`${g.name}-abcdef0`).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/);
    for (const t of templates) expect(`${t.name}-abcdef0`).toMatch(/^[A-Za-z0-9().\-/_]{3,128}$/);
    // the group of a dotted pool keeps its pool in its tags, and its template is its own
    const dotted = groups.filter((g) => (g.inputs['tags'] as Record<string, string>)['cnai.dev/node-pool'] === 'gpu-l4-whole-g6.2xlarge');
    expect(dotted.map((g) => g.name)).toEqual([
      eksNodeGroupResourceName(component, 'gpu-l4-whole-g6.2xlarge-us-east-1a'),
      eksNodeGroupResourceName(component, 'gpu-l4-whole-g6.2xlarge-us-east-1b'),
    ]);
    // a launch template name may hold a dot, so that one is kept whole
    expect(mocks.one('aws:ec2/launchTemplate:LaunchTemplate', `${component}-gpu-l4-whole-g6.2xlarge-us-east-1a`)).toBeDefined();
    // names that fit stay as they were
    expect(mocks.one(NODE_GROUP, `${component}-l4-serving-us-east-1a`)).toBeDefined();
  });

  it('rejects two pools whose node group names would come out the same, before creating anything', () => {
    const base = eksPlan();
    const l4 = base.nodePools.find((p) => p.name === 'l4-serving')!;
    // two names whose cut forms share their hash (found by search; components/cloud-names.ts)
    const twins = ['25833', '60024'].map((i) => ({ ...l4, name: `gpu-h100-80gb-whole-spot-p5-48xlarge-pool-number-${i}`, zones: ['us-east-1a'] }));
    const before = mocks.resources.length;
    expect(() => new EksGpuCluster('prod', { plan: { ...base, nodePools: [...base.nodePools, ...twins] }, databasePassword: 'p' })).toThrow(
      "EksGpuCluster(prod).plan.nodePools: the EKS node group names of 'prod-gpu-h100-80gb-whole-spot-p5-48xlarge-pool-number-25833-us-east-1a' and 'prod-gpu-h100-80gb-whole-spot-p5-48xlarge-pool-number-60024-us-east-1a' both come out as 'prod-gpu-h100-80gb-whole-spot-p5-48xlarge-pool-30098fce'",
    );
    expect(mocks.resources.length).toBe(before);
  });

  it('rejects a pool zone outside the platform zones', () => {
    const plan2 = eksPlan();
    const bad = { ...plan2, nodePools: plan2.nodePools.map((p, i) => (i === 1 ? { ...p, zones: ['us-east-1f'] } : p)) };
    expect(() => new EksGpuCluster('x3', { plan: bad, databasePassword: 'p' })).toThrow(
      "EksGpuCluster(x3).plan.nodePools[1].zones: zone 'us-east-1f' of pool 'h100-mig' is not a zone of the platform",
    );
  });
});

async function pulumiIsSecret(o: import('@pulumi/pulumi').Output<unknown>): Promise<boolean> {
  const pulumi = await import('@pulumi/pulumi');
  return pulumi.isSecret(o);
}
