import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Plan } from '../../planner/plan-types';
import { CHARTS } from '../../versions';
import { GpuClusterPolicy } from '../gpu-operator/cluster-policy';
import { MigPartedConfig } from '../gpu-operator/mig-config';
import { TimeSlicingConfig } from '../gpu-operator/time-slicing-config';
import { GpuClusterQueue } from '../kueue/cluster-queue';
import { QueueCohort } from '../kueue/cohort';
import { DEFAULT_LOCAL_QUEUE, TeamLocalQueue } from '../kueue/local-queue';
import { PlatformPriorityClasses } from '../kueue/priority-classes';
import { PoolResourceFlavor } from '../kueue/resource-flavor';
import { ArtifactStore } from '../mlflow/stores';
import { MlflowAccess } from '../mlflow/access';
import { MlflowNetworkPolicies } from '../mlflow/network-policies';
import { MlflowTrackingServer } from '../mlflow/tracking-server';
import { GrafanaDashboards } from '../monitoring/dashboards';
import { PlatformMonitors } from '../monitoring/monitors';
import { GpuPlatformRules } from '../monitoring/rules';
import { TeamNetworkPolicies } from '../tenancy/network-policies';
import { PlatformNamespace } from '../tenancy/platform-namespace';
import { TeamAccess } from '../tenancy/team-access';
import { TeamNamespace } from '../tenancy/team-namespace';
import { TorchTrainingRuntime } from '../trainer/training-runtime';
import type { PlatformOptions } from './options';
import { teamResourceQuota } from './team-quota';
import { addWorkloads } from './workloads';

/**
 * The components of the chart, in install order; each becomes one manifest file
 * (`<component>.yaml`). The ids are part of the construct tree contract.
 */
export const PLATFORM_COMPONENTS = ['tenancy', 'gpu-operator', 'kueue', 'kuberay', 'trainer', 'kserve', 'notebooks', 'batch', 'mlflow', 'monitoring'] as const;

/** One component of {@link PLATFORM_COMPONENTS}. */
export type PlatformComponent = (typeof PLATFORM_COMPONENTS)[number];

/** Receives a component's scope each time a team, queue or workload is complete in it. */
export type ComponentFlush = (component: Construct) => void;

/** The flush of the chart being built by {@link buildPlatformChart}; taken by its constructor. */
let pendingFlush: ComponentFlush | undefined;

/**
 * Builds a {@link PlatformChart}, calling `flush` with a component's scope each time a team's
 * tenancy, a queue or a workload is complete there, so the caller can render those objects and
 * drop them from the tree while the rest is built: a platform of 10,000 teams then never holds
 * all of its constructs at once. Objects built outside those steps (GPU operator, MLflow,
 * monitoring) stay in the tree.
 */
export function buildPlatformChart(scope: Construct, id: string, props: PlatformChartProps, flush: ComponentFlush): PlatformChart {
  pendingFlush = flush;
  try {
    return new PlatformChart(scope, id, props);
  } finally {
    pendingFlush = undefined;
  }
}

/** Properties for {@link PlatformChart}. */
export interface PlatformChartProps extends PlatformOptions {
  /** The plan to render. */
  readonly plan: Plan;
}

/**
 * Every Kubernetes object of a planned platform: tenancy, the GPU operator's configuration (EKS;
 * GKE manages GPUs natively and kind has none), Kueue quotas, the workloads (KServe, KubeRay,
 * Trainer, notebooks, batch), MLflow and monitoring.
 *
 * Each component is a child construct with the component's name as id, so objects can be
 * grouped per component (see `renderManifests`).
 */
export class PlatformChart extends Chart {
  /** The component scopes, by name. */
  public readonly components: Readonly<Record<PlatformComponent, Construct>>;
  /** Effective MLflow artifact store. */
  public readonly mlflowArtifacts: ArtifactStore;

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    // taken at once, so that a chart built inside this one does not flush into it
    const flush = pendingFlush;
    pendingFlush = undefined;
    const done = (component: Construct): void => flush?.(component);
    const plan = props.plan;
    const c = {} as Record<PlatformComponent, Construct>;
    for (const name of PLATFORM_COMPONENTS) c[name] = new Construct(this, name);
    this.components = c;
    const monitoringNs = props.monitoringNamespace ?? CHARTS.kubePrometheusStack.namespace;
    const mlflowNs = props.mlflowNamespace ?? CHARTS.mlflow.namespace;
    const teams = [...plan.teams].sort((a, b) => (a.name < b.name ? -1 : 1));

    for (const t of teams) {
      new TeamNamespace(c.tenancy, `team-${t.name}`, { team: t.name, name: t.namespace, quota: teamResourceQuota(plan, t.name) });
      new TeamNetworkPolicies(c.tenancy, `network-${t.name}`, {
        namespace: t.namespace,
        monitoringNamespace: monitoringNs,
        mlflowNamespace: mlflowNs,
        ...(props.servingIngressNamespaces ? { servingIngressNamespaces: props.servingIngressNamespaces } : {}),
      });
      new TeamAccess(c.tenancy, `access-${t.name}`, { namespace: t.namespace, groups: t.groups });
      done(c.tenancy);
    }

    const gpuOperatorNs = this.addGpuOperator(plan, c['gpu-operator']);
    this.addKueue(plan, c.kueue, done);
    if (plan.workloads.some((w) => w.type === 'training')) new TorchTrainingRuntime(c.trainer, 'torch-runtime');
    addWorkloads(plan, { kserve: c.kserve, kuberay: c.kuberay, trainer: c.trainer, notebooks: c.notebooks, batch: c.batch }, props, done);

    this.mlflowArtifacts = props.mlflowArtifacts ?? defaultArtifacts(plan);
    new PlatformNamespace(c.mlflow, 'namespace', { name: mlflowNs });
    const mlflow = new MlflowTrackingServer(c.mlflow, 'server', {
      namespace: mlflowNs,
      artifacts: this.mlflowArtifacts,
      ...(props.mlflowDatabase ? { database: props.mlflowDatabase } : {}),
      ...(props.mlflowServiceAccountAnnotations ? { serviceAccountAnnotations: props.mlflowServiceAccountAnnotations } : {}),
    });
    new MlflowNetworkPolicies(c.mlflow, 'network', {
      namespace: mlflowNs,
      monitoringNamespace: monitoringNs,
      ...(mlflow.database.inClusterStorageGiB === undefined ? { externalDatabasePort: mlflow.database.port } : {}),
    });
    new MlflowAccess(c.mlflow, 'access', { namespace: mlflowNs, groups: teams.flatMap((t) => t.groups) });

    const selectorLabels = props.prometheusSelectorLabels;
    new PlatformMonitors(c.monitoring, 'monitors', {
      namespace: monitoringNs,
      targets: { gpuOperator: gpuOperatorNs, mlflow: mlflowNs, teams: teams.map((t) => t.namespace) },
      ...(selectorLabels ? { selectorLabels } : {}),
    });
    // DCGM series exist in-cluster only where the GPU operator runs its exporter (EKS)
    const gpuTelemetry = plan.provider === 'eks' ? 'dcgm-exporter' : 'none';
    new GpuPlatformRules(c.monitoring, 'rules', { namespace: monitoringNs, gpuTelemetry, ...(selectorLabels ? { selectorLabels } : {}) });
    new GrafanaDashboards(c.monitoring, 'dashboards', { namespace: monitoringNs, gpuTelemetry });
  }

  /** The GPU operator's namespace, MIG and time-slicing configs and ClusterPolicy, on EKS with GPU pools. */
  private addGpuOperator(plan: Plan, scope: Construct): string | undefined {
    const gpuPools = plan.nodePools.filter((p) => p.role === 'gpu');
    if (plan.provider !== 'eks' || gpuPools.length === 0) return undefined;
    const ns = CHARTS.gpuOperator.namespace;
    new PlatformNamespace(scope, 'namespace', {
      name: ns,
      // the operator's daemonsets load kernel modules, mount host paths and run privileged
      // containers on every GPU node; nothing else runs in this namespace
      podSecurity: 'privileged',
      podSecurityReason: 'NVIDIA GPU operator daemonsets (driver, toolkit, device plugin, MIG manager) need host access on GPU nodes',
    });
    const migConfigs: Record<string, NonNullable<(typeof gpuPools)[number]['sharing']['migDevices']>> = {};
    const shares: Record<string, { replicas: number }> = {};
    for (const p of [...gpuPools].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (p.sharing.mode === 'mig') {
        if (!p.sharing.migConfigName || !p.sharing.migDevices) {
          throw new Error(`node pool '${p.name}': MIG sharing needs migConfigName and migDevices in the plan`);
        }
        migConfigs[p.sharing.migConfigName] = p.sharing.migDevices;
      } else if (p.sharing.mode === 'time-slicing') {
        if (p.sharing.replicas === undefined) throw new Error(`node pool '${p.name}': time-slicing needs sharing.replicas in the plan`);
        shares[p.name] = { replicas: p.sharing.replicas };
      }
    }
    const mig = Object.keys(migConfigs).length > 0 ? new MigPartedConfig(scope, 'mig-config', { namespace: ns, configs: migConfigs }) : undefined;
    const ts = Object.keys(shares).length > 0 ? new TimeSlicingConfig(scope, 'time-slicing', { namespace: ns, configs: shares }) : undefined;
    new GpuClusterPolicy(scope, 'cluster-policy', {
      ...(mig ? { migConfigMap: mig.configMapName } : {}),
      ...(ts ? { devicePluginConfigMap: ts.configMapName } : {}),
    });
    return ns;
  }

  /** Cohort, priority classes, one ResourceFlavor per pool, one ClusterQueue and LocalQueue per team. */
  private addKueue(plan: Plan, scope: Construct, done: ComponentFlush): void {
    new QueueCohort(scope, 'cohort', { name: plan.quotas.cohort });
    new PlatformPriorityClasses(scope, 'priorities');
    for (const f of [...plan.quotas.resourceFlavors].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      new PoolResourceFlavor(scope, `flavor-${f.name}`, { name: f.name, nodeLabels: f.nodeLabels, nodeTaints: f.nodeTaints });
      done(scope);
    }
    for (const q of [...plan.quotas.clusterQueues].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      new GpuClusterQueue(scope, `queue-${q.name}`, {
        name: q.name,
        cohort: q.cohort,
        fairSharingWeight: q.weight,
        namespaces: [q.namespace],
        resourceGroups: q.resourceGroups,
      });
      done(scope);
    }
    for (const l of [...plan.quotas.localQueues].sort((a, b) =>
      a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1,
    )) {
      new TeamLocalQueue(scope, `local-${l.namespace}-${l.name}`, { name: l.name, namespace: l.namespace, clusterQueue: l.clusterQueue });
      done(scope);
    }
    // Kueue's webhooks label an object that names no queue with the namespace's LocalQueue
    // `default` (pkg/controller/jobframework/defaults.go@v0.19.2), so a member's Deployment or Job
    // without the label is still admitted through the team's ClusterQueue instead of bypassing it
    const named = new Set(plan.quotas.localQueues.map((l) => `${l.namespace}/${l.name}`));
    for (const q of [...plan.quotas.clusterQueues].sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0))) {
      if (named.has(`${q.namespace}/${DEFAULT_LOCAL_QUEUE}`)) continue;
      new TeamLocalQueue(scope, `default-${q.namespace}`, { name: DEFAULT_LOCAL_QUEUE, namespace: q.namespace, clusterQueue: q.name });
      done(scope);
    }
  }
}

/** S3 on EKS, GCS on GKE (bucket `<platform>-mlflow-artifacts`), a volume on kind. */
function defaultArtifacts(plan: Plan): ArtifactStore {
  const bucket = `${plan.platform}-mlflow-artifacts`;
  switch (plan.provider) {
    case 'eks':
      return ArtifactStore.s3(bucket, { region: plan.region });
    case 'gke':
      return ArtifactStore.gcs(bucket);
    case 'kind':
      return ArtifactStore.persistentVolume();
  }
}
