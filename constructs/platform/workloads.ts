/**
 * The workloads of a plan as constructs, one per workload, under the component they belong to.
 */
import type { Construct } from 'constructs';
import type { Plan, WorkloadPlan } from '../../planner/plan-types';
import type { ContainerResources } from '../common/pod';
import { placementForPool, type PodPlacement } from '../common/scheduling';
import { InferenceService } from '../kserve/inference-service';
import { ModelDownloadServiceAccount } from '../kserve/model-download-account';
import { defaultStorageUri } from '../kserve/model-sources';
import { VllmServingRuntime } from '../kserve/vllm-runtime';
import { RayCluster } from '../kuberay/ray-cluster';
import { TrainJob } from '../trainer/train-job';
import { BatchJob } from '../workloads/batch-job';
import { Notebook } from '../workloads/notebook';
import type { PlatformOptions } from './options';

/** Component scopes workloads are added to, by workload type. */
export interface WorkloadScopes {
  /** Scope of InferenceServices and their runtimes. */
  readonly kserve: Construct;
  /** Scope of RayClusters. */
  readonly kuberay: Construct;
  /** Scope of TrainJobs. */
  readonly trainer: Construct;
  /** Scope of notebooks. */
  readonly notebooks: Construct;
  /** Scope of batch Jobs. */
  readonly batch: Construct;
}

/** Where a workload runs and what it asks for, resolved against the plan. */
interface Resolved {
  readonly namespace: string;
  readonly queue: string;
  readonly placement: PodPlacement;
  readonly resources: ContainerResources;
}

/** The plan's teams, pools and local queues by name: a platform of many teams looks each up per workload. */
interface PlanIndex {
  readonly plan: Plan;
  readonly teams: ReadonlyMap<string, Plan['teams'][number]>;
  readonly pools: ReadonlyMap<string, Plan['nodePools'][number]>;
  /** The first LocalQueue of each team, as the plan lists them. */
  readonly queues: ReadonlyMap<string, string>;
}

function indexPlan(plan: Plan): PlanIndex {
  const queues = new Map<string, string>();
  for (const q of plan.quotas.localQueues) if (!queues.has(q.team)) queues.set(q.team, q.name);
  return {
    plan,
    teams: new Map(plan.teams.map((t) => [t.name, t] as const).reverse()),
    pools: new Map(plan.nodePools.map((p) => [p.name, p] as const).reverse()),
    queues,
  };
}

function resolve(index: PlanIndex, w: WorkloadPlan): Resolved {
  const plan = index.plan;
  const team = index.teams.get(w.team);
  if (!team) throw new Error(`workload '${w.name}': team '${w.team}' is not in the plan's teams (${plan.teams.map((t) => t.name).join(', ')})`);
  const pool = index.pools.get(w.nodePool);
  if (!pool)
    throw new Error(`workload '${w.name}': node pool '${w.nodePool}' is not in the plan's node pools (${plan.nodePools.map((p) => p.name).join(', ')})`);
  const queue = index.queues.get(w.team) ?? `${w.team}-queue`;
  return {
    namespace: team.namespace,
    queue,
    placement: placementForPool(pool, w.perReplica.migProfile),
    resources: {
      cpuMilli: w.perReplica.cpuMilli,
      memoryBytes: w.perReplica.memoryBytes,
      ...(w.perReplica.gpuResource ? { gpu: w.perReplica.gpuResource } : {}),
    },
  };
}

function headPlacement(index: PlanIndex, w: WorkloadPlan): PodPlacement {
  const plan = index.plan;
  const pool = index.pools.get(w.head!.nodePool);
  if (!pool)
    throw new Error(
      `workload '${w.name}': head node pool '${w.head!.nodePool}' is not in the plan's node pools (${plan.nodePools.map((p) => p.name).join(', ')})`,
    );
  return placementForPool(pool);
}

/**
 * Adds one construct per workload of the plan, and a vLLM runtime per namespace that serves;
 * `done` is called with the scope of each workload once its constructs are added.
 */
export function addWorkloads(plan: Plan, scopes: WorkloadScopes, options: PlatformOptions, done: (scope: Construct) => void = () => {}): void {
  const workloads = [...plan.workloads].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const runtimeNamespaces = new Set<string>();
  const downloadAccounts = new Map<string, string>();
  const index = indexPlan(plan);
  for (const w of workloads) {
    const r = resolve(index, w);
    switch (w.type) {
      case 'inference': {
        if (!runtimeNamespaces.has(r.namespace)) {
          runtimeNamespaces.add(r.namespace);
          new VllmServingRuntime(scopes.kserve, `runtime-${r.namespace}`, { namespace: r.namespace });
        }
        const model = w.model ?? w.name;
        const storageUri = options.modelSources?.[model] ?? defaultStorageUri(model);
        // the storage-initializer takes Hugging Face credentials only from the pod's ServiceAccount
        let serviceAccountName: string | undefined;
        if (plan.huggingFace && storageUri.startsWith('hf://')) {
          serviceAccountName = downloadAccounts.get(r.namespace);
          if (serviceAccountName === undefined) {
            serviceAccountName = new ModelDownloadServiceAccount(scopes.kserve, `model-download-${r.namespace}`, {
              namespace: r.namespace,
              secrets: [plan.huggingFace.tokenSecret],
            }).accountName;
            downloadAccounts.set(r.namespace, serviceAccountName);
          }
        }
        new InferenceService(scopes.kserve, w.name, {
          namespace: r.namespace,
          storageUri,
          resources: r.resources,
          engine: {
            precision: w.serving?.precision,
            kvPrecision: w.serving?.kvPrecision,
            maxContextTokens: w.serving?.maxContextTokens,
            concurrency: w.serving?.concurrency,
            gpuMemoryUtilization: w.serving?.gpuMemoryUtilization,
            tensorParallel: w.parallelism.tensorParallel ?? 1,
          },
          minReplicas: w.replicas,
          maxReplicas: Math.max(w.replicas, w.serving?.maxReplicas ?? w.replicas),
          placement: r.placement,
          zoneSpread: w.zoneSpread,
          queue: r.queue,
          ...(w.image ? { image: w.image } : {}),
          ...(serviceAccountName ? { serviceAccountName } : {}),
          ...(w.serving?.rollout ? { rollout: w.serving.rollout } : {}),
          ...(w.serving?.sharedMemoryBytes !== undefined ? { sharedMemoryBytes: w.serving.sharedMemoryBytes } : {}),
        });
        done(scopes.kserve);
        break;
      }
      case 'training':
        new TrainJob(scopes.trainer, w.name, {
          namespace: r.namespace,
          numNodes: w.parallelism.nodes ?? w.replicas,
          resourcesPerNode: r.resources,
          placement: r.placement,
          queue: r.queue,
          ...(w.image ? { image: w.image } : {}),
          ...(w.command ? { command: w.command } : {}),
          ...(w.args ? { args: w.args } : {}),
        });
        done(scopes.trainer);
        break;
      case 'notebook':
        new Notebook(scopes.notebooks, w.name, {
          namespace: r.namespace,
          replicas: w.replicas,
          resources: r.resources,
          placement: r.placement,
          zoneSpread: w.zoneSpread,
          queue: r.queue,
          ...(w.image ? { image: w.image } : {}),
        });
        done(scopes.notebooks);
        break;
      case 'ray':
        new RayCluster(scopes.kuberay, w.name, {
          namespace: r.namespace,
          workers: w.replicas,
          workerResources: r.resources,
          workerPlacement: r.placement,
          // the head is planned onto a CPU pool and counted in the team's quota there
          ...(w.head ? { headResources: { cpuMilli: w.head.cpuMilli, memoryBytes: w.head.memoryBytes }, headPlacement: headPlacement(index, w) } : {}),
          zoneSpread: w.zoneSpread,
          queue: r.queue,
          ...(w.image ? { image: w.image } : {}),
        });
        done(scopes.kuberay);
        break;
      case 'batch':
        new BatchJob(scopes.batch, w.name, {
          namespace: r.namespace,
          parallelism: w.replicas,
          resources: r.resources,
          placement: r.placement,
          queue: r.queue,
          ...(w.image ? { image: w.image } : {}),
          ...(w.command ? { command: w.command } : {}),
          ...(w.args ? { args: w.args } : {}),
        });
        done(scopes.batch);
        break;
    }
  }
}
