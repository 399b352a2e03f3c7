/**
 * `CnaiPlatform`: a whole platform from one platform file. Plans it, creates the cluster for its
 * provider, installs the operators, then applies the platform's manifests once their CRDs exist.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';

import { renderManifests } from '../../constructs';
import { DB_SECRET_KEYS, MlflowDatabase } from '../../constructs/mlflow/stores';
import { versionsForKubernetes } from '../../versions';
import type { Plan } from '../../planner/plan-types';
import { EksGpuCluster, type EksGpuClusterArgs } from '../aws/eks-gpu-cluster';
import { DEFAULT_MLFLOW_NAMESPACE, type IPlatformCluster, type MlflowBackend } from '../cluster';
import { GkeGpuCluster, type GkeGpuClusterArgs } from '../gcp/gke-gpu-cluster';
import { gkeMlflowServiceAccountAnnotations } from '../gcp/mlflow-storage';
import { KindCluster, type KindClusterArgs } from '../kind/kind-cluster';
import { ComponentArgsError } from '../validation';
import { orderManifests } from './manifests';
import { MLFLOW_BACKEND_KEYS, MLFLOW_BACKEND_SECRET, type MlflowStores, cloudMlflowStores } from './mlflow-stores';
import { PlatformOperators } from './platform-operators';
import { createServiceExposurePolicy } from './service-exposure-policy';
import { type PlatformFileReader, type PlatformSource, nodeFileReader, planFromSource } from './platform-source';
import { type PlanSummary, summarizePlan } from './plan-summary';

/** The MLflow database password of a cloud cluster. */
export interface CloudDatabasePassword {
  /**
   * Password of MLflow's managed Postgres (RDS or Cloud SQL).
   * @default - a random password generated once and kept in the stack's state (`@pulumi/random`)
   */
  readonly databasePassword?: pulumi.Input<string>;
}

/** Arguments of `CnaiPlatform`. Give `platformFile` or `spec`, and the block for the plan's provider. */
export interface CnaiPlatformArgs extends PlatformSource {
  /**
   * kind settings (used when the platform targets kind).
   * @default - context `kind-<platform name>` of the ambient kubeconfig
   */
  readonly kind?: Omit<KindClusterArgs, 'plan'> & {
    /**
     * Password of MLflow's in-cluster Postgres.
     * @default - a random password generated once and kept in the stack's state (`@pulumi/random`)
     */
    readonly databasePassword?: pulumi.Input<string>;
  };
  /**
   * EKS settings (used when the platform targets eks).
   * @default - defaults of `EksGpuCluster`, with a generated MLflow database password
   */
  readonly eks?: Omit<EksGpuClusterArgs, 'plan' | 'databasePassword'> & CloudDatabasePassword;
  /** GKE settings; required when the platform targets gke (the project has no default). */
  readonly gke?: Omit<GkeGpuClusterArgs, 'plan' | 'databasePassword'> & CloudDatabasePassword;
  /**
   * Hugging Face token for gated models (a Pulumi secret). Required when the platform file sets
   * `spec.huggingFace.tokenSecret`: a Secret of that name with the key `HF_TOKEN` is then created
   * in every team namespace before the workloads that read it.
   * @default - none; a platform naming a token Secret is rejected without one
   */
  readonly huggingFaceToken?: pulumi.Input<string>;
  /**
   * Seconds Helm waits for each operator release.
   * @default 900
   */
  readonly operatorTimeoutSeconds?: number;
  /**
   * Reads `platformFile`.
   * @default - the real file system
   */
  readonly reader?: PlatformFileReader;
}

/**
 * The platform described by a platform file, deployed end to end.
 *
 * @example
 * const platform = new CnaiPlatform('prod', {
 *   platformFile: 'examples/eks-fleet/platform.yaml',
 *   eks: { databasePassword: config.requireSecret('databasePassword') },
 * });
 * export const hourlyCost = platform.hourlyCost;
 */
export class CnaiPlatform extends pulumi.ComponentResource {
  /** The plan everything was created from. */
  public readonly plan: Plan;
  /** The cluster component (KindCluster, EksGpuCluster or GkeGpuCluster). */
  public readonly cluster: IPlatformCluster;
  /** The operators. */
  public readonly operators: PlatformOperators;
  /** Namespaces of the platform by name, created before the objects in them. */
  public readonly namespaces: Readonly<Record<string, k8s.core.v1.Namespace>>;
  /** Every other rendered object (Kueue queues, workloads, monitoring, ...). */
  public readonly manifests: k8s.yaml.ConfigGroup;
  /** Kubeconfig of the cluster (secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** Pools, GPUs and cost of the plan. */
  public readonly planSummary: pulumi.Output<PlanSummary>;
  /** Where to reach the cluster and MLflow's backends. */
  public readonly endpoints: pulumi.Output<Record<string, string>>;
  /** USD per hour at catalogue list prices. */
  public readonly hourlyCost: pulumi.Output<number>;

  constructor(name: string, args: CnaiPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    const where = `CnaiPlatform(${name})`;
    const plan = planFromSource(args, where, args.reader ?? nodeFileReader);
    checkProviderArgs(plan, args, where);
    const stores = mlflowStoresFor(name, plan, args);
    const ordered = orderManifests(
      renderManifests(
        plan,
        stores === undefined
          ? {}
          : { mlflowDatabase: stores.database, mlflowArtifacts: stores.artifacts, mlflowServiceAccountAnnotations: stores.serviceAccountAnnotations },
      ),
    );
    super('cnai:platform:CnaiPlatform', name, {}, opts);
    this.plan = plan;

    this.cluster = createCluster(name, plan, args, this);
    const provider = this.cluster.provider;
    const namespaces: Record<string, k8s.core.v1.Namespace> = {};
    for (const ns of ordered.namespaces) {
      namespaces[ns.metadata.name] = new k8s.core.v1.Namespace(`${name}-ns-${ns.metadata.name}`, ns, { parent: this, provider });
    }
    this.namespaces = namespaces;
    this.operators = new PlatformOperators(
      `${name}-operators`,
      {
        provider,
        kubernetesVersion: plan.kubernetesVersion,
        gpuStack: this.cluster.gpuStack,
        // Namespaces first: they carry the platform's labels (Pod Security, monitoring), and a
        // Helm release that finds its namespace missing would create it without them.
        after: Object.values(namespaces),
        ...(args.operatorTimeoutSeconds !== undefined ? { timeoutSeconds: args.operatorTimeoutSeconds } : {}),
      },
      { parent: this },
    );

    const before: pulumi.Resource[] = [...this.operators.ready, ...Object.values(namespaces), ...(this.cluster.workloadPrerequisites ?? [])];
    // Before the workloads, so no team Service is ever exposed, not even for the first minutes.
    before.push(
      createServiceExposurePolicy(
        name,
        plan.teams.map((t) => t.namespace),
        { parent: this, provider },
      ).binding,
    );
    const hf = plan.huggingFace;
    if (hf !== undefined) before.push(...huggingFaceSecrets(name, plan, hf.tokenSecret, args.huggingFaceToken!, provider, this, namespaces));
    before.push(
      this.cluster.mlflow !== undefined
        ? mlflowBackendSecret(name, this.cluster.mlflow, provider, this, namespaces)
        : inClusterDatabaseSecret(name, databasePassword(name, args.kind?.databasePassword, this), provider, this, namespaces),
    );
    // Custom resources need their CRDs and the operators' webhooks, namespaced objects their
    // Namespace. The YAML group does not pass dependsOn to the objects it creates, and a
    // component's dependencies only cover children that exist when the dependent registers, so
    // every object gets the dependencies itself.
    const addDependencies = (_obj: unknown, o: pulumi.CustomResourceOptions): void => {
      o.dependsOn = before;
    };
    this.manifests = new k8s.yaml.ConfigGroup(
      `${name}-manifests`,
      { objs: ordered.objects, transformations: [addDependencies] },
      { parent: this, provider, dependsOn: before },
    );

    this.kubeconfig = this.cluster.kubeconfig;
    this.planSummary = pulumi.output(summarizePlan(plan));
    this.hourlyCost = pulumi.output(plan.cost.hourly);
    const mlflow = this.cluster.mlflow;
    this.endpoints = pulumi
      .all([this.cluster.endpoint, mlflow?.artifactRoot ?? '', mlflow?.databaseHost ?? ''])
      .apply(([apiServer, artifactRoot, databaseHost]) => {
        const out: Record<string, string> = { apiServer };
        if (artifactRoot !== '') out['mlflowArtifactRoot'] = artifactRoot;
        if (databaseHost !== '') out['mlflowDatabaseHost'] = databaseHost;
        return out;
      });
    this.registerOutputs({ kubeconfig: this.kubeconfig, planSummary: this.planSummary, endpoints: this.endpoints, hourlyCost: this.hourlyCost });
  }
}

/** Key of the Hugging Face token in its Secret, the name KServe's storage initializer and the hub client read. */
export const HF_TOKEN_KEY = 'HF_TOKEN';

/** The token Secret in every team namespace, each after its Namespace. */
function huggingFaceSecrets(
  name: string,
  plan: Plan,
  secretName: string,
  token: pulumi.Input<string>,
  provider: k8s.Provider,
  parent: pulumi.Resource,
  namespaces: Readonly<Record<string, k8s.core.v1.Namespace>>,
): k8s.core.v1.Secret[] {
  const teamNamespaces = [...new Set(plan.teams.map((t) => t.namespace))].sort();
  return teamNamespaces.map((namespace) => {
    const ns = namespaces[namespace];
    return new k8s.core.v1.Secret(
      `${name}-hf-token-${namespace}`,
      { metadata: { name: secretName, namespace }, type: 'Opaque', stringData: { [HF_TOKEN_KEY]: pulumi.secret(token) } },
      { parent, provider, ...(ns ? { dependsOn: [ns] } : {}) },
    );
  });
}

function checkProviderArgs(plan: Plan, args: CnaiPlatformArgs, where: string): void {
  const hf = plan.huggingFace;
  if (hf !== undefined && args.huggingFaceToken === undefined) {
    throw new ComponentArgsError(
      `${where}.huggingFaceToken`,
      `the platform file sets spec.huggingFace.tokenSecret: '${hf.tokenSecret}' but no Hugging Face token was given, so gated models could not download; fix: pulumi config set --secret cnai:huggingFaceToken <token> (or pass huggingFaceToken)`,
    );
  }
  // The operators' checks, repeated here so they fail before the cluster is created.
  if (args.operatorTimeoutSeconds !== undefined && (!Number.isInteger(args.operatorTimeoutSeconds) || args.operatorTimeoutSeconds < 60)) {
    throw new ComponentArgsError(`${where}.operatorTimeoutSeconds`, `must be a whole number of seconds >= 60, got ${args.operatorTimeoutSeconds}`);
  }
  try {
    versionsForKubernetes(plan.kubernetesVersion);
  } catch (e) {
    throw new ComponentArgsError(`${where}.plan.kubernetesVersion`, (e as Error).message);
  }
  if (plan.provider === 'gke' && args.gke === undefined) {
    throw new ComponentArgsError(`${where}.gke`, `the platform targets gke but no gke settings were given; fix: pass gke: { project, databaseVersion }`);
  }
}

/** MLflow stores on clouds (the Secret-backed cloud database and bucket); undefined on kind, where the defaults run in-cluster. */
function mlflowStoresFor(name: string, plan: Plan, args: CnaiPlatformArgs): MlflowStores | undefined {
  switch (plan.provider) {
    case 'kind':
      return undefined;
    case 'eks':
      return cloudMlflowStores({}, plan.region);
    case 'gke':
      return cloudMlflowStores(gkeMlflowServiceAccountAnnotations(`${name}-cluster`, args.gke!.project), undefined);
  }
}

function createCluster(name: string, plan: Plan, args: CnaiPlatformArgs, parent: pulumi.Resource): IPlatformCluster {
  switch (plan.provider) {
    case 'kind':
      return new KindCluster(
        `${name}-cluster`,
        {
          plan,
          ...(args.kind?.context !== undefined ? { context: args.kind.context } : {}),
          ...(args.kind?.kubeconfig !== undefined ? { kubeconfig: args.kind.kubeconfig } : {}),
        },
        { parent },
      );
    case 'eks':
      return new EksGpuCluster(
        `${name}-cluster`,
        { ...args.eks, plan, databasePassword: databasePassword(name, args.eks?.databasePassword, parent) },
        { parent },
      );
    case 'gke':
      return new GkeGpuCluster(
        `${name}-cluster`,
        { ...args.gke!, plan, databasePassword: databasePassword(name, args.gke?.databasePassword, parent) },
        { parent },
      );
  }
}

/**
 * MLflow's database password: the configured one, or one generated once and kept in the stack's
 * state, so every later `pulumi up` reuses it (Postgres keeps the password it was created with).
 */
function databasePassword(name: string, configured: pulumi.Input<string> | undefined, parent: pulumi.Resource): pulumi.Input<string> {
  if (configured !== undefined) return configured;
  // Letters and digits only: the password also travels inside a database URI.
  return new random.RandomPassword(`${name}-mlflow-db-password`, { length: 32, special: false }, { parent }).result;
}

/** MLflow's cloud database and bucket, as a Secret the tracking server reads its settings from. */
function mlflowBackendSecret(
  name: string,
  backend: MlflowBackend,
  provider: k8s.Provider,
  parent: pulumi.Resource,
  namespaces: Readonly<Record<string, k8s.core.v1.Namespace>>,
): k8s.core.v1.Secret {
  const namespace = namespaces[DEFAULT_MLFLOW_NAMESPACE];
  return new k8s.core.v1.Secret(
    `${name}-mlflow-backend`,
    {
      metadata: { name: MLFLOW_BACKEND_SECRET, namespace: DEFAULT_MLFLOW_NAMESPACE },
      stringData: {
        [MLFLOW_BACKEND_KEYS.host]: backend.databaseHost,
        [MLFLOW_BACKEND_KEYS.port]: pulumi.interpolate`${backend.databasePort}`,
        [MLFLOW_BACKEND_KEYS.database]: backend.databaseName,
        [MLFLOW_BACKEND_KEYS.username]: backend.databaseUser,
        [MLFLOW_BACKEND_KEYS.password]: backend.databasePassword,
        [MLFLOW_BACKEND_KEYS.artifactRoot]: backend.artifactRoot,
      },
    },
    { parent, provider, ...(namespace ? { dependsOn: [namespace] } : {}) },
  );
}

/** Credentials of MLflow's in-cluster Postgres (kind). */
function inClusterDatabaseSecret(
  name: string,
  password: pulumi.Input<string>,
  provider: k8s.Provider,
  parent: pulumi.Resource,
  namespaces: Readonly<Record<string, k8s.core.v1.Namespace>>,
): k8s.core.v1.Secret {
  const namespace = namespaces[DEFAULT_MLFLOW_NAMESPACE];
  return new k8s.core.v1.Secret(
    `${name}-mlflow-db`,
    {
      metadata: { name: MlflowDatabase.inCluster().credentialsSecret, namespace: DEFAULT_MLFLOW_NAMESPACE },
      stringData: {
        [DB_SECRET_KEYS.username]: 'mlflow',
        [DB_SECRET_KEYS.password]: pulumi.secret(password),
      },
    },
    { parent, provider, ...(namespace ? { dependsOn: [namespace] } : {}) },
  );
}
