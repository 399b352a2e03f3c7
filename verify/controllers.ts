/**
 * The pods the controllers create from the rendered objects: KServe's predictor Deployment, the
 * Trainer's JobSet, KubeRay's head and workers, StatefulSets, Jobs and Deployments. Each modelled
 * behaviour names the upstream file it follows, at the version pinned in `versions.ts`.
 */
import type { ManifestObject } from '../constructs/platform/render';
import type { ClaimModel, PodSet, RolloutStrategy, WorkloadModel } from './model';
import { type RawContainer, type RawPodSpec, podTemplateOf } from './pod-spec';

const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
const PRIORITY_LABEL = 'kueue.x-k8s.io/priority-class';

/**
 * Requests and limits of KServe's storage-initializer init container: the `kserve.storage.resources`
 * of the kserve-resources chart (charts/kserve-resources/values.yaml@v0.20.0), which the chart
 * writes into the `inferenceservice-config` ConfigMap.
 */
export const STORAGE_INITIALIZER_RESOURCES = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '1Gi' } } as const;

/** KubeRay's `wait-gcs-ready` init container on every worker (ray-operator/controllers/ray/common/pod.go@v1.7.0). */
export const RAY_WAIT_GCS_RESOURCES = { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '200m', memory: '256Mi' } } as const;

type Obj = ManifestObject & { readonly spec?: Record<string, unknown> };

function labelsOf(o: { readonly metadata?: { readonly [key: string]: unknown } } | undefined): Record<string, string> {
  return { ...((o?.metadata?.['labels'] as Record<string, string> | undefined) ?? {}) };
}

/** Merges two pod-level maps the way a strategic merge patch does for maps: keys of `over` win. */
function mergeMap<T>(base: Readonly<Record<string, T>> | undefined, over: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  if (base === undefined && over === undefined) return undefined;
  return { ...(base ?? {}), ...(over ?? {}) };
}

/**
 * Rounds a RollingUpdate bound as the Deployment controller does: `maxSurge` up, `maxUnavailable`
 * down (kubernetes pkg/controller/deployment/util/deployment_util.go `ResolveFenceposts`); both 0
 * becomes maxUnavailable 1.
 */
export function resolveRollout(
  strategy: { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } } | undefined,
  replicas: number,
): RolloutStrategy {
  if (strategy?.type === 'Recreate') return { type: 'Recreate', maxSurge: 0, maxUnavailable: replicas };
  const scaled = (v: unknown, up: boolean): number => {
    const s = v === undefined ? '25%' : v;
    if (typeof s === 'number') return s;
    const m = /^([0-9]+)%$/.exec(String(s));
    if (!m) return Number(s);
    const x = (Number(m[1]) * replicas) / 100;
    return up ? Math.ceil(x) : Math.floor(x);
  };
  const surge = scaled(strategy?.rollingUpdate?.maxSurge, true);
  const unavailable = scaled(strategy?.rollingUpdate?.maxUnavailable, false);
  return { type: 'RollingUpdate', maxSurge: surge, maxUnavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

/** Everything the workload models need to know about the rendered objects. */
interface Context {
  /** Objects by `kind/namespace/name` (cluster-scoped objects with an empty namespace). */
  readonly byName: ReadonlyMap<string, Obj>;
  readonly priorities: ReadonlyMap<string, number>;
}

/** The rendered object of a kind, namespace and name. */
function lookup(ctx: Context, kind: string, namespace: string | undefined, name: string | undefined): Obj | undefined {
  return ctx.byName.get(`${kind}/${namespace ?? ''}/${name ?? ''}`);
}

function base(
  ctx: Context,
  o: Obj,
  kind: string,
  queueFrom: Record<string, string>,
): Pick<WorkloadModel, 'key' | 'name' | 'namespace' | 'kind' | 'queue' | 'priority'> {
  const name = o.metadata.name ?? '';
  const namespace = o.metadata.namespace ?? 'default';
  const queue = queueFrom[QUEUE_LABEL];
  const pc = queueFrom[PRIORITY_LABEL];
  return {
    key: `${namespace}/${name}`,
    name,
    namespace,
    kind,
    ...(queue !== undefined ? { queue } : {}),
    priority: pc !== undefined ? (ctx.priorities.get(pc) ?? 0) : 0,
  };
}

/**
 * InferenceService (Standard mode) → predictor Deployment of `minReplicas` pods.
 *
 * The runtime's `kserve-container` is merged with the model spec, model fields winning
 * (pkg/controller/v1beta1/inferenceservice/utils/utils.go `MergeRuntimeContainers`@v0.20.0); the
 * predictor's pod fields override the runtime's (`MergePodSpec`). A storage URI other than
 * `pvc://` and `oci://` gets the storage-initializer init container; `pvc://<claim>/...` mounts
 * the claim instead (pkg/webhook/admission/pod/storage_initializer_injector.go@v0.20.0). The
 * predictor's `deploymentStrategy` becomes the Deployment's strategy; without one it rolls with
 * 25 % surge and 25 % unavailable (reconcilers/deployment/deployment_reconciler.go
 * `setDefaultDeploymentSpec`@v0.20.0). Each pod
 * carries the queue label and is admitted by Kueue's pod integration on its own.
 */
function inferenceService(ctx: Context, o: Obj): WorkloadModel {
  const predictor = (o.spec?.['predictor'] ?? {}) as RawPodSpec & {
    model?: RawContainer & { runtime?: string; storageUri?: string };
    labels?: Record<string, string>;
    minReplicas?: number;
    deploymentStrategy?: Parameters<typeof resolveRollout>[0];
  };
  const namespace = o.metadata.namespace ?? 'default';
  const runtime = lookup(ctx, 'ServingRuntime', namespace, predictor.model?.runtime);
  const runtimeSpec = (runtime?.spec ?? {}) as RawPodSpec;
  const runtimeContainer = (runtimeSpec.containers ?? []).find((c) => c.name === 'kserve-container') ?? {};
  const model = predictor.model ?? {};
  const container: RawContainer = {
    name: 'kserve-container',
    resources: {
      requests: mergeMap(runtimeContainer.resources?.requests, model.resources?.requests) ?? {},
      limits: mergeMap(runtimeContainer.resources?.limits, model.resources?.limits) ?? {},
    },
  };
  const uri = model.storageUri ?? '';
  const pvc = /^pvc:\/\/([^/]+)/.exec(uri);
  const initContainers: RawContainer[] =
    uri !== '' && !pvc && !uri.startsWith('oci://') ? [{ name: 'storage-initializer', resources: STORAGE_INITIALIZER_RESOURCES }] : [];
  const spec: RawPodSpec = {
    containers: [container],
    initContainers,
    nodeSelector: mergeMap(runtimeSpec.nodeSelector, predictor.nodeSelector) ?? {},
    tolerations: predictor.tolerations ?? runtimeSpec.tolerations ?? [],
    ...((predictor.affinity ?? runtimeSpec.affinity) ? { affinity: predictor.affinity ?? runtimeSpec.affinity! } : {}),
    topologySpreadConstraints: predictor.topologySpreadConstraints ?? [],
    volumes: [...(predictor.volumes ?? []), ...(pvc ? [{ persistentVolumeClaim: { claimName: pvc[1]! } }] : [])],
  };
  const replicas = predictor.minReplicas ?? 1;
  const name = o.metadata.name ?? '';
  const podLabels = { ...(predictor.labels ?? {}), app: `isvc.${name}-predictor`, 'serving.kserve.io/inferenceservice': name };
  const b = base(ctx, o, 'InferenceService', { ...labelsOf(o), ...(predictor.labels ?? {}) });
  const claims: ClaimModel[] = pvc ? [claimRef(ctx, pvc[1]!, namespace)] : [];
  return {
    ...b,
    admission: b.queue !== undefined ? 'per-pod' : 'none',
    podSets: [{ name: 'predictor', count: replicas, template: podTemplateOf(spec, podLabels) }],
    rollout: resolveRollout(predictor.deploymentStrategy, replicas),
    claims,
  };
}

/** A claim a pod mounts by name: rendered when a PersistentVolumeClaim of that name is in the manifests. */
function claimRef(ctx: Context, name: string, namespace: string): ClaimModel {
  const pvc =
    lookup(ctx, 'PersistentVolumeClaim', namespace, name) ?? (namespace === 'default' ? lookup(ctx, 'PersistentVolumeClaim', undefined, name) : undefined);
  const sc = pvc?.spec?.['storageClassName'] as string | undefined;
  return { name, namespace, rendered: pvc !== undefined, ...(sc !== undefined ? { storageClassName: sc } : {}) };
}

/**
 * TrainJob × ClusterTrainingRuntime → one JobSet. The trainer step (`node`) runs `numNodes` pods
 * (pkg/runtime/framework/plugins/torch/torch.go@v2.3.0 sets the PodSet count, jobset/jobset.go
 * `SyncParallelCount` writes it to parallelism and completions), its `node` container takes
 * `resourcesPerNode`; runtime patches add node selectors and tolerations per replicated job.
 */
function trainJob(ctx: Context, o: Obj): WorkloadModel {
  const spec = (o.spec ?? {}) as {
    runtimeRef?: { name?: string; kind?: string };
    trainer?: { numNodes?: number; resourcesPerNode?: RawContainer['resources'] };
    runtimePatches?: {
      trainingRuntimeSpec?: { template?: { spec?: { replicatedJobs?: { name: string; template?: { spec?: { template?: { spec?: RawPodSpec } } } }[] } } };
    }[];
  };
  const runtimeKind = spec.runtimeRef?.kind ?? 'ClusterTrainingRuntime';
  const runtime = lookup(ctx, runtimeKind, runtimeKind === 'ClusterTrainingRuntime' ? undefined : o.metadata.namespace, spec.runtimeRef?.name);
  const jobs = ((runtime?.spec?.['template'] as { spec?: { replicatedJobs?: unknown[] } } | undefined)?.spec?.replicatedJobs ?? []) as {
    name: string;
    replicas?: number;
    template?: {
      metadata?: { labels?: Record<string, string> };
      spec?: { parallelism?: number; template?: { metadata?: { labels?: Record<string, string> }; spec?: RawPodSpec } };
    };
  }[];
  const podSets: PodSet[] = jobs.map((job) => {
    const podSpec = job.template?.spec?.template?.spec ?? {};
    const isTrainer = job.name === 'node' || job.template?.metadata?.labels?.['trainer.kubeflow.org/trainjob-ancestor-step'] === 'trainer';
    let merged: RawPodSpec = {
      ...podSpec,
      containers: (podSpec.containers ?? []).map((c) =>
        isTrainer && c.name === 'node' && spec.trainer?.resourcesPerNode ? { ...c, resources: spec.trainer.resourcesPerNode } : c,
      ),
    };
    for (const patch of spec.runtimePatches ?? []) {
      for (const pj of patch.trainingRuntimeSpec?.template?.spec?.replicatedJobs ?? []) {
        if (pj.name !== job.name) continue;
        const p = pj.template?.spec?.template?.spec ?? {};
        merged = {
          ...merged,
          nodeSelector: mergeMap(merged.nodeSelector, p.nodeSelector) ?? {},
          tolerations: [...(merged.tolerations ?? []), ...(p.tolerations ?? [])],
          ...(p.affinity ? { affinity: p.affinity } : {}),
        };
      }
    }
    const perJob = isTrainer ? (spec.trainer?.numNodes ?? job.template?.spec?.parallelism ?? 1) : (job.template?.spec?.parallelism ?? 1);
    const labels = { ...labelsOf(o), ...(job.template?.spec?.template?.metadata?.labels ?? {}), 'jobset.sigs.k8s.io/replicatedjob-name': job.name };
    return { name: job.name, count: perJob * (job.replicas ?? 1), template: podTemplateOf(merged, labels) };
  });
  const b = base(ctx, o, 'TrainJob', labelsOf(o));
  return { ...b, admission: b.queue !== undefined ? 'whole' : 'none', podSets, claims: [] };
}

/**
 * RayCluster → one head pod and `replicas × numOfHosts` pods per worker group; every worker gets
 * KubeRay's `wait-gcs-ready` init container (ray-operator/controllers/ray/common/pod.go
 * `DefaultWorkerPodTemplate`@v1.7.0). Kueue admits the cluster as one Workload with a PodSet for
 * the head and one per group.
 */
function rayCluster(ctx: Context, o: Obj): WorkloadModel {
  type Tpl = { metadata?: { labels?: Record<string, string> }; spec?: RawPodSpec };
  const spec = (o.spec ?? {}) as {
    headGroupSpec?: { template?: Tpl };
    workerGroupSpecs?: { groupName: string; replicas?: number; numOfHosts?: number; template?: Tpl }[];
  };
  const head = spec.headGroupSpec?.template;
  const podSets: PodSet[] = [
    { name: 'head', count: 1, template: podTemplateOf(head?.spec ?? {}, { ...(head?.metadata?.labels ?? {}), 'ray.io/node-type': 'head' }) },
  ];
  for (const g of spec.workerGroupSpecs ?? []) {
    const s = g.template?.spec ?? {};
    const withInit: RawPodSpec = { ...s, initContainers: [...(s.initContainers ?? []), { name: 'wait-gcs-ready', resources: RAY_WAIT_GCS_RESOURCES }] };
    podSets.push({
      name: g.groupName,
      count: (g.replicas ?? 0) * (g.numOfHosts ?? 1),
      template: podTemplateOf(withInit, { ...(g.template?.metadata?.labels ?? {}), 'ray.io/node-type': 'worker', 'ray.io/group': g.groupName }),
    });
  }
  const b = base(ctx, o, 'RayCluster', labelsOf(o));
  return { ...b, admission: b.queue !== undefined ? 'whole' : 'none', podSets, claims: [] };
}

/**
 * StatefulSet → `replicas` pods, each with one claim per volume claim template, named
 * `<template>-<statefulset>-<ordinal>` (kubernetes pkg/controller/statefulset/stateful_set_utils.go
 * `getPersistentVolumeClaimName`). With the queue label Kueue admits the pods as one group.
 */
function statefulSet(ctx: Context, o: Obj): WorkloadModel {
  const spec = (o.spec ?? {}) as {
    replicas?: number;
    template?: { metadata?: { labels?: Record<string, string> }; spec?: RawPodSpec };
    volumeClaimTemplates?: { metadata?: { name?: string }; spec?: { storageClassName?: string } }[];
  };
  const replicas = spec.replicas ?? 1;
  const name = o.metadata.name ?? '';
  const namespace = o.metadata.namespace ?? 'default';
  const claims: ClaimModel[] = [];
  for (const t of spec.volumeClaimTemplates ?? []) {
    for (let i = 0; i < replicas; i++) {
      const sc = t.spec?.storageClassName;
      claims.push({ name: `${t.metadata?.name ?? ''}-${name}-${i}`, namespace, rendered: true, ...(sc !== undefined ? { storageClassName: sc } : {}) });
    }
  }
  const templateNames = new Set((spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name));
  const podSpec = spec.template?.spec ?? {};
  // volumes named after a claim template are the templates themselves, not references to other claims
  const others = (podSpec.volumes ?? []).filter((v) => v.persistentVolumeClaim && !templateNames.has(v.persistentVolumeClaim.claimName));
  for (const v of others) claims.push(claimRef(ctx, v.persistentVolumeClaim!.claimName, namespace));
  const b = base(ctx, o, 'StatefulSet', labelsOf(o));
  return {
    ...b,
    admission: b.queue !== undefined ? 'whole' : 'none',
    podSets: [{ name: 'main', count: replicas, template: { ...podTemplateOf(podSpec, spec.template?.metadata?.labels ?? {}), claims: [] } }],
    claims,
  };
}

/** Job → `min(parallelism, completions)` pods at once (Kueue's batch/job PodSet count). */
function job(ctx: Context, o: Obj): WorkloadModel {
  const spec = (o.spec ?? {}) as {
    parallelism?: number;
    completions?: number;
    template?: { metadata?: { labels?: Record<string, string> }; spec?: RawPodSpec };
  };
  const parallelism = spec.parallelism ?? 1;
  const count = spec.completions !== undefined ? Math.min(parallelism, spec.completions) : parallelism;
  const namespace = o.metadata.namespace ?? 'default';
  const t = podTemplateOf(spec.template?.spec ?? {}, spec.template?.metadata?.labels ?? {});
  const b = base(ctx, o, 'Job', labelsOf(o));
  return {
    ...b,
    admission: b.queue !== undefined ? 'whole' : 'none',
    podSets: [{ name: 'main', count, template: t }],
    claims: t.claims.map((c) => claimRef(ctx, c, namespace)),
  };
}

/** Deployment → `replicas` pods, rolled out under its strategy. */
function deployment(ctx: Context, o: Obj): WorkloadModel {
  const spec = (o.spec ?? {}) as {
    replicas?: number;
    strategy?: { type?: string };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: RawPodSpec };
  };
  const replicas = spec.replicas ?? 1;
  const namespace = o.metadata.namespace ?? 'default';
  const t = podTemplateOf(spec.template?.spec ?? {}, spec.template?.metadata?.labels ?? {});
  const b = base(ctx, o, 'Deployment', { ...labelsOf(o), ...(spec.template?.metadata?.labels ?? {}) });
  return {
    ...b,
    admission: b.queue !== undefined ? 'per-pod' : 'none',
    podSets: [{ name: 'main', count: replicas, template: t }],
    rollout: resolveRollout(spec.strategy, replicas),
    claims: t.claims.map((c) => claimRef(ctx, c, namespace)),
  };
}

/** Kinds the builders look up by name. */
const LOOKED_UP: ReadonlySet<string> = new Set(['ServingRuntime', 'ClusterTrainingRuntime', 'TrainingRuntime', 'PersistentVolumeClaim']);

const BUILDERS: Readonly<Record<string, (ctx: Context, o: Obj) => WorkloadModel>> = {
  InferenceService: inferenceService,
  TrainJob: trainJob,
  RayCluster: rayCluster,
  StatefulSet: statefulSet,
  Job: job,
  Deployment: deployment,
};

/**
 * Every workload the rendered objects make the controllers create, sorted by namespace and name
 * (then kind). WorkloadPriorityClass values come from the rendered objects.
 */
export function workloadsOf(objects: readonly ManifestObject[]): WorkloadModel[] {
  const priorities = new Map<string, number>();
  for (const o of objects) if (o.kind === 'WorkloadPriorityClass' && o.metadata.name) priorities.set(o.metadata.name, Number(o['value'] ?? 0));
  const byName = new Map<string, Obj>();
  for (const o of objects) if (LOOKED_UP.has(o.kind)) byName.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o as Obj);
  const ctx: Context = { byName, priorities };
  const out: WorkloadModel[] = [];
  for (const o of objects) {
    const build = BUILDERS[o.kind];
    if (build) out.push(build(ctx, o as Obj));
  }
  return out.sort((a, b) => (a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
