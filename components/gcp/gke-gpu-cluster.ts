/**
 * `GkeGpuCluster`: a VPC-native GKE cluster without its default pool, one node pool per planned
 * pool (GKE-managed drivers, MIG partitions and time-sharing), plus the GCS bucket, Cloud SQL
 * Postgres and Workload Identity binding MLflow uses.
 */
import * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import type { Plan } from '../../planner/plan-types';
import { DEFAULT_MLFLOW_NAMESPACE, DEFAULT_MLFLOW_SERVICE_ACCOUNT, type IPlatformCluster, type MlflowBackend, type MlflowIdentity } from '../cluster';
import { ComponentArgsError, checkCidrs, checkPlanFor, sortedPools } from '../validation';
import { GKE_NODE_POOL_NAME, nameClash } from '../cloud-names';
import { type CloudSqlEdition, cloudSqlTierProblem, createGcpMlflowStorage, mlflowAccountId } from './mlflow-storage';
import { type GkeGpuDriverVersion, type GkeNodePoolSettings, gkeNodePoolResourceName, gkeNodePoolSettings } from './node-pool-settings';

/** Arguments of `GkeGpuCluster`. */
export interface GkeGpuClusterArgs {
  /** The plan to deploy; must target `gke`. Region, zones, Kubernetes version and pools come from it. */
  readonly plan: Plan;
  /** Google Cloud project that owns everything (a plain string: Workload Identity names derive from it). */
  readonly project: string;
  /** Password of the MLflow database user; pass a Pulumi secret (`config.requireSecret`). */
  readonly databasePassword: pulumi.Input<string>;
  /** Cloud SQL `databaseVersion` of the MLflow database, e.g. `POSTGRES_16`. */
  readonly databaseVersion: string;
  /**
   * Cloud SQL machine tier of the MLflow database; must belong to `databaseEdition`.
   * @default 'db-custom-1-3840'
   */
  readonly databaseTier?: string;
  /**
   * Cloud SQL edition of the MLflow database. Set explicitly because Cloud SQL picks
   * ENTERPRISE_PLUS for POSTGRES_16 and later when it is unset, which rejects custom tiers.
   * @default 'ENTERPRISE'
   */
  readonly databaseEdition?: CloudSqlEdition;
  /**
   * CIDR blocks allowed to reach the API server's public endpoint (master authorized networks;
   * Google Cloud's own public addresses are not admitted either).
   * @default - none: only addresses inside the VPC reach the control plane
   */
  readonly apiAllowedCidrs?: readonly string[];
  /**
   * GPU driver GKE installs on GPU nodes (`LATEST` on COS only).
   * @default 'DEFAULT'
   */
  readonly gpuDriverVersion?: GkeGpuDriverVersion;
  /**
   * The `gke-security-groups@<domain>` Google group that Google Groups for RBAC reads: team
   * RoleBindings bind Google groups (the teams' `groups`, group e-mail addresses) nested in it.
   * @default - none: team RoleBindings bind groups GKE never resolves
   */
  readonly rbacSecurityGroup?: string;
  /**
   * Where MLflow runs; its Workload Identity binding targets this ServiceAccount.
   * @default - namespace 'mlflow', ServiceAccount 'mlflow'
   */
  readonly mlflow?: MlflowIdentity;
  /**
   * Google Cloud provider to create everything with.
   * @default - a provider for `project` and `plan.region` with the ambient credentials
   */
  readonly gcpProvider?: gcp.Provider;
}

/**
 * A GKE cluster sized by the plan. GKE manages the NVIDIA driver and device plugin: MIG pools get
 * `gpuPartitionSize`, time-sliced pools `gpuSharingConfig`, so no GPU operator is installed.
 *
 * @example
 * const gke = new GkeGpuCluster('staging', { plan, project: 'acme-ml', databaseVersion: 'POSTGRES_16', databasePassword });
 */
export class GkeGpuCluster extends pulumi.ComponentResource implements IPlatformCluster {
  /** Kubernetes provider bound to the new cluster. */
  public readonly provider: k8s.Provider;
  /** Kubeconfig using `gke-gcloud-auth-plugin` (secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** GKE cluster name. */
  public readonly clusterName: pulumi.Output<string>;
  /** API server endpoint. */
  public readonly endpoint: pulumi.Output<string>;
  /** GKE installs drivers and its own device plugin; MIG and sharing are node-pool settings. */
  public readonly gpuStack = 'gke-managed' as const;
  /** MLflow's bucket and database. */
  public readonly mlflow: MlflowBackend;
  /** The GKE cluster resource. */
  public readonly cluster: gcp.container.Cluster;
  /** GKE node pools by plan pool name (an uneven pool's remainder under `<pool>-extra`). */
  public readonly nodePools: Readonly<Record<string, gcp.container.NodePool>>;

  constructor(name: string, args: GkeGpuClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validateGkeArgs(name, args);
    super('cnai:gcp:GkeGpuCluster', name, {}, opts);
    const { plan } = args;

    const gcpProvider = args.gcpProvider ?? new gcp.Provider(`${name}-gcp`, { project: args.project, region: plan.region }, { parent: this });
    const child: pulumi.CustomResourceOptions = { parent: this, provider: gcpProvider };

    // The network, the private services range and the peering carry Cloud SQL's private IP; the
    // database outlives a destroy, so they do too (decision 0010).
    const retained: pulumi.CustomResourceOptions = { ...child, retainOnDelete: true };
    const network = new gcp.compute.Network(`${name}-vpc`, { autoCreateSubnetworks: false }, retained);
    const subnet = new gcp.compute.Subnetwork(
      `${name}-nodes`,
      {
        network: network.id,
        region: plan.region,
        ipCidrRange: '10.0.0.0/20',
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: 'pods', ipCidrRange: '10.16.0.0/14' },
          { rangeName: 'services', ipCidrRange: '10.20.0.0/20' },
        ],
      },
      child,
    );
    const peeringRange = new gcp.compute.GlobalAddress(
      `${name}-private-services`,
      { network: network.id, purpose: 'VPC_PEERING', addressType: 'INTERNAL', prefixLength: 16 },
      retained,
    );
    const peering = new gcp.servicenetworking.Connection(
      `${name}-private-services`,
      // Deleting the connection fails while a Cloud SQL instance uses it (pulumi/pulumi-gcp#3354).
      { network: network.id, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: [peeringRange.name], deletionPolicy: 'ABANDON' },
      retained,
    );

    // Nodes run as a dedicated account holding only what GKE needs for logging, monitoring and
    // node health, not as the Compute Engine default account (project Editor).
    const nodeAccount = new gcp.serviceaccount.Account(`${name}-nodes`, { accountId: nodeAccountId(name), displayName: 'GKE nodes of the platform' }, child);
    const nodeAccountRole = new gcp.projects.IAMMember(
      `${name}-nodes`,
      { project: args.project, role: 'roles/container.defaultNodeServiceAccount', member: pulumi.interpolate`serviceAccount:${nodeAccount.email}` },
      child,
    );

    this.cluster = new gcp.container.Cluster(
      `${name}-gke`,
      {
        location: plan.region,
        nodeLocations: [...plan.zones].sort(),
        minMasterVersion: plan.kubernetesVersion,
        network: network.id,
        subnetwork: subnet.id,
        ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
        // Every pool is managed below; the default pool would be an unplanned, unlabelled extra.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` },
        // Dataplane V2 (Cilium) enforces NetworkPolicy; the legacy datapath enforces none unless
        // the Calico add-on is enabled. The two are exclusive, so `networkPolicy` stays unset.
        datapathProvider: 'ADVANCED_DATAPATH',
        ...(args.rbacSecurityGroup !== undefined ? { authenticatorGroupsConfig: { securityGroup: args.rbacSecurityGroup } } : {}),
        masterAuthorizedNetworksConfig: {
          cidrBlocks: (args.apiAllowedCidrs ?? []).map((cidrBlock) => ({ cidrBlock, displayName: 'cnai-api-allowed' })),
          gcpPublicCidrsAccessEnabled: false,
        },
        // GKE's managed DCGM exporter on GPU nodes (GKE drivers, no GPU operator); it needs
        // Managed Service for Prometheus, where the GPU metrics then live.
        monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'DCGM'], managedPrometheus: { enabled: true } },
        // The removed default pool would otherwise run as the default account for its short life.
        nodeConfig: { serviceAccount: nodeAccount.email, oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'] },
        deletionProtection: false,
        resourceLabels: { 'cnai-platform': plan.platform },
      },
      { ...child, dependsOn: [nodeAccountRole] },
    );

    const pools: Record<string, gcp.container.NodePool> = {};
    for (const pool of sortedPools(plan)) {
      const s = settings.get(pool.name)!;
      for (const part of s.parts) {
        pools[`${pool.name}${part.suffix}`] = new gcp.container.NodePool(
          gkeNodePoolResourceName(name, `${pool.name}${part.suffix}`),
          {
            cluster: this.cluster.id,
            location: plan.region,
            nodeLocations: part.nodeLocations,
            nodeCount: part.nodeCount,
            management: { autoRepair: true, autoUpgrade: true },
            upgradeSettings: s.upgradeSettings,
            nodeConfig: {
              machineType: s.machineType,
              spot: s.spot,
              diskSizeGb: s.diskSizeGb,
              labels: s.labels,
              taints: s.taints,
              guestAccelerators: s.guestAccelerators,
              // With a dedicated account, access is governed by its IAM roles; Google recommends the
              // cloud-platform scope so that scopes do not silently cut what IAM grants.
              serviceAccount: nodeAccount.email,
              oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
              workloadMetadataConfig: { mode: 'GKE_METADATA' },
              resourceLabels: { 'cnai-node-pool': pool.name },
            },
          },
          { ...child, dependsOn: [nodeAccountRole] },
        );
      }
    }
    this.nodePools = pools;

    const storage = createGcpMlflowStorage(
      name,
      {
        project: args.project,
        region: plan.region,
        network,
        peering,
        namespace: args.mlflow?.namespace ?? DEFAULT_MLFLOW_NAMESPACE,
        serviceAccount: args.mlflow?.serviceAccount ?? DEFAULT_MLFLOW_SERVICE_ACCOUNT,
        databaseVersion: args.databaseVersion,
        databaseTier: args.databaseTier ?? DEFAULT_CLOUD_SQL_TIER,
        databaseEdition: args.databaseEdition ?? 'ENTERPRISE',
        cluster: this.cluster,
        password: args.databasePassword,
      },
      child,
    );
    this.mlflow = storage.backend;

    this.clusterName = this.cluster.name;
    this.endpoint = pulumi.interpolate`https://${this.cluster.endpoint}`;
    this.kubeconfig = pulumi.secret(
      pulumi.jsonStringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'gke', cluster: { server: this.endpoint, 'certificate-authority-data': this.cluster.masterAuth.clusterCaCertificate } }],
        contexts: [{ name: 'gke', context: { cluster: 'gke', user: 'gke' } }],
        'current-context': 'gke',
        users: [
          {
            name: 'gke',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1beta1',
                command: 'gke-gcloud-auth-plugin',
                provideClusterInfo: true,
                installHint: 'Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin',
              },
            },
          },
        ],
      }),
    );
    // Only the system pool (or, without one, the CPU pools): a GPU pool that cannot get
    // capacity must not hold back the operators and queues.
    const planned = sortedPools(plan);
    const hosts = planned.some((p) => p.role === 'system') ? planned.filter((p) => p.role === 'system') : planned.filter((p) => p.gpuModel === null);
    const hostPools = hosts.flatMap((p) => settings.get(p.name)!.parts.map((part) => pools[`${p.name}${part.suffix}`]!));
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig },
      { parent: this, dependsOn: hostPools.length > 0 ? hostPools : [this.cluster] },
    );

    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      mlflowArtifactRoot: this.mlflow.artifactRoot,
      mlflowDatabaseHost: this.mlflow.databaseHost,
    });
  }
}

/** Default Cloud SQL tier of the MLflow database (1 vCPU, 3.75 GiB, an ENTERPRISE tier). */
export const DEFAULT_CLOUD_SQL_TIER = 'db-custom-1-3840';

/** Account id of the nodes' Google service account (6 to 30 characters). */
export function nodeAccountId(name: string): string {
  return `${name}-nodes`;
}

/** Checks the arguments and computes every pool's settings before anything is created. */
function validateGkeArgs(name: string, args: GkeGpuClusterArgs): Map<string, GkeNodePoolSettings> {
  const where = `GkeGpuCluster(${name})`;
  checkPlanFor(args.plan, 'gke', where);
  const accountId = mlflowAccountId(name);
  if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(accountId)) {
    throw new ComponentArgsError(
      `${where}.name`,
      `the MLflow service account id '${accountId}' must be 6 to 30 lower-case letters, digits or '-', starting with a letter; fix: use a shorter component name`,
    );
  }
  if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(nodeAccountId(name))) {
    throw new ComponentArgsError(
      `${where}.name`,
      `the node service account id '${nodeAccountId(name)}' must be 6 to 30 lower-case letters, digits or '-'; fix: use a shorter component name`,
    );
  }
  if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(args.project)) {
    throw new ComponentArgsError(`${where}.project`, `must be a Google Cloud project id (6 to 30 lower-case letters, digits or '-'), got '${args.project}'`);
  }
  if (!/^POSTGRES_[0-9]+$/.test(args.databaseVersion)) {
    throw new ComponentArgsError(`${where}.databaseVersion`, `must be a Cloud SQL Postgres version such as 'POSTGRES_16', got '${args.databaseVersion}'`);
  }
  const edition = args.databaseEdition ?? 'ENTERPRISE';
  if (edition !== 'ENTERPRISE' && edition !== 'ENTERPRISE_PLUS') {
    throw new ComponentArgsError(`${where}.databaseEdition`, `must be 'ENTERPRISE' or 'ENTERPRISE_PLUS', got '${String(edition)}'`);
  }
  const tierProblem = cloudSqlTierProblem(args.databaseTier ?? DEFAULT_CLOUD_SQL_TIER, edition);
  if (tierProblem !== undefined) {
    throw new ComponentArgsError(
      `${where}.databaseTier`,
      `${tierProblem}, so Cloud SQL would reject the instance for the ${edition} edition; fix: pick a tier of that edition or change databaseEdition`,
    );
  }
  checkCidrs(args.apiAllowedCidrs, `${where}.apiAllowedCidrs`);
  if (args.rbacSecurityGroup !== undefined && !/^gke-security-groups@[a-z0-9.-]+\.[a-z]+$/.test(args.rbacSecurityGroup)) {
    throw new ComponentArgsError(
      `${where}.rbacSecurityGroup`,
      `must be the group gke-security-groups@<your domain> (GKE reads only that name), got '${args.rbacSecurityGroup}'`,
    );
  }
  const driver = args.gpuDriverVersion ?? 'DEFAULT';
  const settings = new Map<string, GkeNodePoolSettings>();
  args.plan.nodePools.forEach((pool, i) => {
    settings.set(pool.name, gkeNodePoolSettings(pool, driver, `${where}.plan.nodePools[${i}]`));
  });
  const clash = nameClash(
    args.plan.nodePools.flatMap((p) => settings.get(p.name)!.parts.map((part) => `${name}-${p.name}${part.suffix}`)),
    GKE_NODE_POOL_NAME,
  );
  if (clash) {
    throw new ComponentArgsError(
      `${where}.plan.nodePools`,
      `the GKE node pool names of '${clash[0]}' and '${clash[1]}' both come out as '${clash[2]}'; fix: rename the component or one of the pools`,
    );
  }
  return settings;
}
