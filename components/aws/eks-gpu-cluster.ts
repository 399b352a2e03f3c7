/**
 * `EksGpuCluster`: a VPC, an EKS cluster and one managed node group per planned pool, plus the
 * S3 bucket, RDS Postgres and Pod Identity role MLflow uses.
 */
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import type { Plan } from '../../planner/plan-types';
import { DEFAULT_MLFLOW_NAMESPACE, DEFAULT_MLFLOW_SERVICE_ACCOUNT, type IPlatformCluster, type MlflowBackend, type MlflowIdentity } from '../cluster';
import { ComponentArgsError, checkCidrs, checkPlanFor, sortedPools } from '../validation';
import { addonArgs, createClusterAddons, createDefaultStorageClass } from './cluster-addons';
import { createMlflowStorage } from './mlflow-storage';
import { MAX_ZONES, createNetwork } from './network';
import { EC2_LAUNCH_TEMPLATE_NAME, EKS_NODE_GROUP_NAME, nameClash } from '../cloud-names';
import {
  CPU_NODE_DISK_GIB,
  EKS_CPU_AMI_TYPE,
  EKS_SYSTEM_NODE_GROUP,
  type EksNodeGroupSettings,
  eksLaunchTemplateResourceName,
  eksNodeGroupResourceName,
  eksZoneNodeGroups,
  splitOverZones,
} from './node-group-settings';

/** Arguments of `EksGpuCluster`. */
export interface EksGpuClusterArgs {
  /** The plan to deploy; must target `eks`. Region, zones, Kubernetes version and pools come from it. */
  readonly plan: Plan;
  /** Password of the MLflow database user; pass a Pulumi secret (`config.requireSecret`). */
  readonly databasePassword: pulumi.Input<string>;
  /**
   * RDS instance class of the MLflow database.
   * @default 'db.t4g.medium'
   */
  readonly databaseInstanceClass?: string;
  /**
   * Storage of the MLflow database, GiB.
   * @default 20
   */
  readonly databaseStorageGiB?: number;
  /**
   * Postgres engine version of the MLflow database.
   * @default - the RDS default major version at creation time
   */
  readonly databaseEngineVersion?: string;
  /**
   * Instance type of the system node group, used only when the plan has no `system` pool.
   * @default 'm6i.xlarge'
   */
  readonly systemInstanceType?: string;
  /**
   * Nodes of the system node group, used only when the plan has no `system` pool.
   * @default 2
   */
  readonly systemNodes?: number;
  /**
   * CIDR blocks allowed to reach the API server's public endpoint. The private endpoint is always
   * on for the nodes.
   * @default - none: the public endpoint is off and only addresses inside the VPC reach the API
   */
  readonly apiAllowedCidrs?: readonly string[];
  /**
   * IAM roles (e.g. CI's) given cluster-admin access entries, so `pulumi preview` and `up` run by
   * them can read and dry-run the in-cluster resources. The creator of the cluster is always admin.
   * @default - none
   */
  readonly deployerRoleArns?: readonly string[];
  /**
   * IAM roles of each team's members, by team name: each role gets an access entry that puts it in
   * the team's `groups` (the subjects of the team's RoleBinding), with no access policy, so the
   * team's RBAC alone decides what its members may do.
   * @default - none: team RoleBindings bind groups that no AWS principal is in
   */
  readonly teamRoleArns?: Readonly<Record<string, readonly string[]>>;
  /**
   * Where MLflow runs; its Pod Identity association targets this ServiceAccount.
   * @default - namespace 'mlflow', ServiceAccount 'mlflow'
   */
  readonly mlflow?: MlflowIdentity;
  /**
   * AWS provider to create everything with.
   * @default - a provider for `plan.region` with the ambient credentials
   */
  readonly awsProvider?: aws.Provider;
}

/**
 * An EKS cluster sized by the plan.
 *
 * GPU node groups use the `AL2023_x86_64_NVIDIA` AMI (driver and toolkit preinstalled); MIG
 * layouts are selected by the `nvidia.com/mig.config` label already in each pool's labels and
 * applied by the GPU operator's MIG manager.
 *
 * @example
 * const eks = new EksGpuCluster('prod', { plan, databasePassword: cfg.requireSecret('databasePassword') });
 */
export class EksGpuCluster extends pulumi.ComponentResource implements IPlatformCluster {
  /** Kubernetes provider bound to the new cluster. */
  public readonly provider: k8s.Provider;
  /** Kubeconfig using `aws eks get-token` (secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** EKS cluster name. */
  public readonly clusterName: pulumi.Output<string>;
  /** API server endpoint. */
  public readonly endpoint: pulumi.Output<string>;
  /** The GPU operator manages device plugin, MIG and monitoring on the NVIDIA AMI. */
  public readonly gpuStack = 'gpu-operator' as const;
  /** MLflow's bucket and database. */
  public readonly mlflow: MlflowBackend;
  /** The EKS cluster resource. */
  public readonly cluster: aws.eks.Cluster;
  /**
   * Managed node groups by `<pool>-<zone>`, one per pool and zone it has nodes in (the component's
   * own system groups, when the plan has no system pool, as `system-<zone>`).
   */
  public readonly nodeGroups: Readonly<Record<string, aws.eks.NodeGroup>>;
  /** The default StorageClass and what it needs; in-cluster workloads wait for them. */
  public readonly workloadPrerequisites: readonly pulumi.Resource[];

  constructor(name: string, args: EksGpuClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    validateEksArgs(name, args);
    super('cnai:aws:EksGpuCluster', name, {}, opts);
    const { plan } = args;
    const allowed = [...(args.apiAllowedCidrs ?? [])];

    const awsProvider = args.awsProvider ?? new aws.Provider(`${name}-aws`, { region: plan.region as aws.Region }, { parent: this });
    const child: pulumi.CustomResourceOptions = { parent: this, provider: awsProvider };

    const eksName = eksClusterName(plan.platform, name);
    const network = createNetwork(name, plan.zones, eksName, child);

    const clusterRole = serviceRole(`${name}-cluster`, 'eks.amazonaws.com', ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'], child);
    const nodeRole = serviceRole(
      `${name}-node`,
      'ec2.amazonaws.com',
      [
        'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
        'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      ],
      child,
    );

    this.cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: eksName,
        roleArn: clusterRole.role.arn,
        version: plan.kubernetesVersion,
        accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
        vpcConfig: {
          subnetIds: network.zones.flatMap((z) => [z.private.id, z.public.id]),
          endpointPublicAccess: allowed.length > 0,
          ...(allowed.length > 0 ? { publicAccessCidrs: allowed } : {}),
          endpointPrivateAccess: true,
        },
        // STANDARD: at the end of standard support EKS upgrades the cluster instead of billing
        // extended support.
        upgradePolicy: { supportType: 'STANDARD' },
        enabledClusterLogTypes: ['api', 'audit', 'authenticator'],
        tags: { 'cnai.dev/platform': plan.platform },
      },
      { ...child, dependsOn: clusterRole.attachments },
    );

    const podIdentityAgent = new aws.eks.Addon(
      `${name}-pod-identity`,
      { clusterName: this.cluster.name, ...addonArgs('podIdentityAgent', plan.kubernetesVersion) },
      child,
    );

    const groups: Record<string, aws.eks.NodeGroup> = {};
    const systemGroups: aws.eks.NodeGroup[] = [];
    const subnetOf = new Map(network.zones.map((z) => [z.zone, z.private] as const));
    const pools = sortedPools(plan);
    const nodeGroup = (key: string, pool: string, s: EksNodeGroupSettings, subnetIds: pulumi.Input<string>[]): aws.eks.NodeGroup => {
      const template = nodeLaunchTemplate(eksLaunchTemplateResourceName(name, key), s, plan.platform, child);
      return new aws.eks.NodeGroup(
        eksNodeGroupResourceName(name, key),
        {
          clusterName: this.cluster.name,
          nodeRoleArn: nodeRole.role.arn,
          subnetIds,
          version: plan.kubernetesVersion,
          amiType: s.amiType,
          capacityType: s.capacityType,
          instanceTypes: s.instanceTypes,
          launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
          scalingConfig: s.scalingConfig,
          labels: s.labels,
          taints: s.taints,
          // Nodes replaced one at a time: GPU pools hold long-running jobs and MIG layouts.
          updateConfig: { maxUnavailable: 1 },
          tags: { 'cnai.dev/platform': plan.platform, 'cnai.dev/node-pool': pool },
        },
        { ...child, dependsOn: nodeRole.attachments },
      );
    };
    // One managed node group per pool and zone, each in that zone's private subnet: EKS cannot
    // change a node group's subnets in place (see eksZoneNodeGroups).
    if (!pools.some((p) => p.role === 'system')) {
      const nodes = args.systemNodes ?? EKS_SYSTEM_NODE_GROUP.nodes;
      for (const z of splitOverZones(
        nodes,
        network.zones.map((n) => n.zone),
      )) {
        const group = nodeGroup(
          `system-${z.zone}`,
          'system',
          {
            amiType: EKS_CPU_AMI_TYPE,
            capacityType: 'ON_DEMAND',
            instanceTypes: [args.systemInstanceType ?? EKS_SYSTEM_NODE_GROUP.instanceType],
            diskSize: CPU_NODE_DISK_GIB,
            scalingConfig: { desiredSize: z.nodes, minSize: z.nodes, maxSize: z.nodes },
            labels: { ...EKS_SYSTEM_NODE_GROUP.labels },
            taints: [],
          },
          [subnetOf.get(z.zone)!.id],
        );
        groups[`system-${z.zone}`] = group;
        systemGroups.push(group);
      }
    }
    for (const pool of pools) {
      for (const g of eksZoneNodeGroups(pool, plan.placements)) {
        const group = nodeGroup(g.key, g.pool, g.settings, [subnetOf.get(g.zone)!.id]);
        groups[g.key] = group;
        if (pool.role === 'system') systemGroups.push(group);
      }
    }
    this.nodeGroups = groups;

    const storage = createMlflowStorage(
      name,
      {
        network,
        cluster: this.cluster,
        podIdentityAgent,
        namespace: args.mlflow?.namespace ?? DEFAULT_MLFLOW_NAMESPACE,
        serviceAccount: args.mlflow?.serviceAccount ?? DEFAULT_MLFLOW_SERVICE_ACCOUNT,
        database: {
          instanceClass: args.databaseInstanceClass ?? 'db.t4g.medium',
          allocatedStorageGiB: args.databaseStorageGiB ?? 20,
          password: args.databasePassword,
          ...(args.databaseEngineVersion !== undefined ? { engineVersion: args.databaseEngineVersion } : {}),
        },
      },
      child,
    );
    this.mlflow = storage.backend;

    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.kubeconfig = pulumi.secret(
      pulumi.jsonStringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'eks', cluster: { server: this.cluster.endpoint, 'certificate-authority-data': this.cluster.certificateAuthority.data } }],
        contexts: [{ name: 'eks', context: { cluster: 'eks', user: 'eks' } }],
        'current-context': 'eks',
        users: [
          {
            name: 'eks',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1beta1',
                command: 'aws',
                args: ['eks', 'get-token', '--cluster-name', this.cluster.name, '--region', plan.region],
              },
            },
          },
        ],
      }),
    );
    // Only the system nodes: a GPU pool that cannot get capacity (a spot p5.48xlarge, say) must
    // not hold back the operators and queues, which run on system nodes.
    const systemNodes = systemGroups;
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this, dependsOn: systemNodes });

    const addons = createClusterAddons(name, { cluster: this.cluster, kubernetesVersion: plan.kubernetesVersion, podIdentityAgent, systemNodes }, child);
    const storageClass = createDefaultStorageClass(name, addons.ebsCsi, { parent: this, provider: this.provider });
    this.workloadPrerequisites = [addons.vpcCni, storageClass];

    for (const team of [...plan.teams].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      (args.teamRoleArns?.[team.name] ?? []).forEach((principalArn, i) => {
        new aws.eks.AccessEntry(
          `${name}-team-${team.name}-${i}`,
          { clusterName: this.cluster.name, principalArn, type: 'STANDARD', kubernetesGroups: [...team.groups].sort() },
          child,
        );
      });
    }
    (args.deployerRoleArns ?? []).forEach((principalArn, i) => {
      const entry = new aws.eks.AccessEntry(`${name}-deployer-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' }, child);
      new aws.eks.AccessPolicyAssociation(
        `${name}-deployer-${i}`,
        {
          clusterName: this.cluster.name,
          principalArn,
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          accessScope: { type: 'cluster' },
        },
        { ...child, dependsOn: [entry] },
      );
    });

    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      mlflowArtifactRoot: this.mlflow.artifactRoot,
      mlflowDatabaseHost: this.mlflow.databaseHost,
    });
  }
}

/**
 * The EKS cluster's name: platform and component name, so two stacks of one platform in the same
 * account and region do not collide. Known up front, because subnet tags carry it.
 */
export function eksClusterName(platform: string, name: string): string {
  return `${platform}-${name}`;
}

/**
 * The launch template of a node group: IMDSv2 only, with a hop limit of 1 so containers in pod
 * network namespaces cannot reach the node role's credentials (pods get AWS credentials through
 * Pod Identity instead), and an encrypted gp3 root volume of the pool's size. A launch template
 * is the only way a managed node group takes metadata options, and it then owns the disk size.
 *
 * The EBS CSI node plugin runs in the pod network, so it cannot reach IMDS either: it falls back
 * to its Kubernetes metadata source, which reads the instance ID from the Node's providerID and
 * type, region and zone from the Node's well-known labels, all of which EKS nodes carry
 * (aws-ebs-csi-driver `docs/install.md`, "Metadata", v1.64.0). That source counts one ENI and one
 * EBS volume as attached when it reports the node's volume limit (decision 0048).
 */
function nodeLaunchTemplate(name: string, s: EksNodeGroupSettings, platform: string, opts: pulumi.CustomResourceOptions): aws.ec2.LaunchTemplate {
  return new aws.ec2.LaunchTemplate(
    name,
    {
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: s.diskSize, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } }],
      tagSpecifications: [{ resourceType: 'instance', tags: { 'cnai.dev/platform': platform } }],
    },
    opts,
  );
}

/** An IAM role a service assumes, with managed policies attached. */
function serviceRole(
  name: string,
  service: string,
  policies: readonly string[],
  opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
  const role = new aws.iam.Role(
    name,
    {
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
      }),
    },
    opts,
  );
  const attachments = policies.map(
    (policyArn) => new aws.iam.RolePolicyAttachment(`${name}-${policyArn.split('/').pop()!}`, { role: role.name, policyArn }, opts),
  );
  return { role, attachments };
}

function validateEksArgs(name: string, args: EksGpuClusterArgs): void {
  const where = `EksGpuCluster(${name})`;
  checkPlanFor(args.plan, 'eks', where);
  if (args.plan.zones.length < 2 || args.plan.zones.length > MAX_ZONES) {
    throw new ComponentArgsError(
      `${where}.plan.zones`,
      `EKS needs subnets in 2 to ${MAX_ZONES} zones, got ${args.plan.zones.length} (${JSON.stringify(args.plan.zones)}); fix: list 2 to ${MAX_ZONES} zones in spec.target.zones`,
    );
  }
  const eksName = eksClusterName(args.plan.platform, name);
  if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(eksName)) {
    throw new ComponentArgsError(
      `${where}.name`,
      `the EKS cluster name '${eksName}' must be 1 to 100 letters, digits, '-' or '_', starting with a letter or digit; fix: shorten metadata.name or the component name`,
    );
  }
  checkCidrs(args.apiAllowedCidrs, `${where}.apiAllowedCidrs`);
  for (const [team, arns] of Object.entries(args.teamRoleArns ?? {})) {
    const planned = args.plan.teams.find((t) => t.name === team);
    if (planned === undefined) {
      throw new ComponentArgsError(
        `${where}.teamRoleArns.${team}`,
        `no team '${team}' in the platform (teams: ${args.plan.teams
          .map((t) => t.name)
          .sort()
          .join(', ')})`,
      );
    }
    if (planned.groups.length === 0) {
      throw new ComponentArgsError(`${where}.teamRoleArns.${team}`, `team '${team}' has no groups to put its roles in; fix: set spec.teams[].groups for it`);
    }
    arns.forEach((arn, i) => {
      if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/.test(arn)) {
        throw new ComponentArgsError(`${where}.teamRoleArns.${team}[${i}]`, `'${arn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
      }
    });
  }
  (args.deployerRoleArns ?? []).forEach((arn, i) => {
    if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/.test(arn)) {
      throw new ComponentArgsError(`${where}.deployerRoleArns[${i}]`, `'${arn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
    }
  });
  if (args.systemNodes !== undefined && (!Number.isInteger(args.systemNodes) || args.systemNodes < 1)) {
    throw new ComponentArgsError(`${where}.systemNodes`, `must be a whole number >= 1, got ${args.systemNodes}`);
  }
  if (args.databaseStorageGiB !== undefined && (!Number.isInteger(args.databaseStorageGiB) || args.databaseStorageGiB < 20)) {
    throw new ComponentArgsError(`${where}.databaseStorageGiB`, `RDS Postgres needs a whole number >= 20 GiB, got ${args.databaseStorageGiB}`);
  }
  args.plan.nodePools.forEach((pool, i) => {
    if (pool.name === 'system' && pool.role !== 'system') {
      throw new ComponentArgsError(`${where}.plan.nodePools[${i}].name`, `'system' is reserved for the system node group; fix: rename the pool`);
    }
  });
  // every group the stack may create: each pool's zones, and the default system group's
  const keys = [
    ...args.plan.nodePools.flatMap((p) => eksZoneNodeGroups(p, args.plan.placements).map((g) => g.key)),
    ...args.plan.zones.map((z) => `system-${z}`),
  ];
  for (const rule of [EKS_NODE_GROUP_NAME, EC2_LAUNCH_TEMPLATE_NAME]) {
    const clash = nameClash(
      keys.map((k) => `${name}-${k}`),
      rule,
    );
    if (clash) {
      throw new ComponentArgsError(
        `${where}.plan.nodePools`,
        `the ${rule.object} names of '${clash[0]}' and '${clash[1]}' both come out as '${clash[2]}'; fix: rename the component or one of the pools`,
      );
    }
  }
}
