/**
 * `cnai verify`: the rendered objects on the nodes the deployment creates. Kueue admission in
 * priority order, kube-scheduler's filters for every pod, rollout headroom of every Deployment and
 * a StorageClass for every claim. Independent of the planner's packing: it reads only rendered
 * objects and node descriptions.
 */
import { renderObjects, type ManifestObject } from '../constructs/platform/render';
import type { PlatformOptions } from '../constructs/platform/options';
import type { Plan } from '../planner/plan-types';
import { KueueState } from './admission';
import { workloadsOf } from './controllers';
import type { ClaimModel, PodSet, PodTemplate, TargetCluster, WorkloadModel } from './model';
import { targetCluster, type TargetNodeOptions } from './nodes';
import { ClusterScheduler, type PodToSchedule } from './scheduler';

/** The verdict on one workload. */
export interface WorkloadVerdict {
  /** `<namespace>/<name>`. */
  readonly workload: string;
  readonly kind: string;
  /** `yes`, `no`, or `-` when Kueue does not manage it. */
  readonly admitted: 'yes' | 'no' | '-';
  /** ResourceFlavors the pods were admitted on, comma-separated. */
  readonly flavor: string;
  readonly podsPlaced: number;
  readonly podsWanted: number;
  /** Whether a Deployment can roll out (undefined for other kinds). */
  readonly rollout?: 'ok' | 'blocked';
  /** Claims without a provisionable StorageClass or not rendered. */
  readonly claimsUnbound: number;
  /** The first thing that stops it, empty when it runs. */
  readonly reason: string;
}

/** What `cnai verify` reports. */
export interface VerifyReport {
  readonly platform: string;
  readonly provider: TargetCluster['provider'];
  readonly nodes: number;
  readonly workloads: readonly WorkloadVerdict[];
  readonly summary: {
    readonly admittedAndScheduled: number;
    readonly workloads: number;
    readonly podsPending: number;
    readonly rolloutsBlocked: number;
    readonly claimsUnbound: number;
  };
  /** True when everything is admitted, placed, can roll out and has its storage. */
  readonly ok: boolean;
}

/** Options of {@link verifyPlan}. */
export interface VerifyOptions extends TargetNodeOptions {
  /** Render options the deployment uses (`cnai synth` uses none; the stacks pass MLflow's cloud stores). */
  readonly render?: PlatformOptions;
}

/**
 * Verifies a plan: renders it with the `PlatformChart` and checks the objects against the target's nodes.
 */
export function verifyPlan(plan: Plan, options: VerifyOptions = {}): VerifyReport {
  const objects = Object.values(renderObjects(plan, options.render ?? {})).flat();
  return verifyObjects(plan, objects, options);
}

/** Tolerations an admission plugin adds on the target before the scheduler sees the pod. */
function admissionTolerations(provider: TargetCluster['provider'], t: PodTemplate): PodTemplate {
  // GKE enables ExtendedResourceToleration: pods requesting nvidia.com/gpu tolerate the nvidia.com/gpu taint
  if (provider === 'gke' && (t.requests['nvidia.com/gpu'] ?? 0) > 0) {
    return { ...t, tolerations: [...t.tolerations, { key: 'nvidia.com/gpu', operator: 'Exists' }] };
  }
  return t;
}

/**
 * The pod template the scheduler sees once Kueue admitted it on a flavor: the flavor's node labels
 * merged into the nodeSelector and its tolerations added (kueue pkg/podset/podset.go `Merge`@v0.19.2),
 * then the target's admission plugins. Memoised per template and flavor, so identical pods share
 * one template (the scheduler caches its work per template).
 */
class PodTemplates {
  private readonly cache = new WeakMap<PodTemplate, Map<string, PodTemplate>>();

  constructor(
    private readonly kueue: KueueState,
    private readonly provider: TargetCluster['provider'],
  ) {}

  admitted(t: PodTemplate, flavor: string | undefined): PodTemplate {
    let byFlavor = this.cache.get(t);
    if (!byFlavor) {
      byFlavor = new Map();
      this.cache.set(t, byFlavor);
    }
    const k = flavor ?? '';
    let out = byFlavor.get(k);
    if (!out) {
      const f = flavor !== undefined ? this.kueue.flavors.get(flavor) : undefined;
      const merged = f ? { ...t, nodeSelector: { ...t.nodeSelector, ...f.nodeLabels }, tolerations: [...t.tolerations, ...f.tolerations] } : t;
      out = admissionTolerations(this.provider, merged);
      byFlavor.set(k, out);
    }
    return out;
  }
}

/** A pod waiting for a node, with what orders it. */
interface PendingPod {
  readonly w: WorkloadModel;
  readonly pod: PodToSchedule;
  readonly ps: PodSet;
  readonly size: readonly [number, number, number];
}

/** One scheduling pass over fresh nodes in the given order. */
function schedulePods(
  cluster: TargetCluster,
  pods: readonly PendingPod[],
): { scheduler: ClusterScheduler; placed: Map<string, number>; scheduleReason: Map<string, string>; failed: number } {
  const scheduler = new ClusterScheduler(cluster.nodes);
  const placed = new Map<string, number>();
  const scheduleReason = new Map<string, string>();
  let failed = 0;
  for (const p of pods) {
    const r = scheduler.schedule(p.pod, !scheduleReason.has(p.w.key));
    if (r.node !== undefined) placed.set(p.w.key, (placed.get(p.w.key) ?? 0) + 1);
    else {
      failed++;
      if (r.reason !== undefined) scheduleReason.set(p.w.key, `pod of ${p.ps.name}: ${r.reason}`);
    }
  }
  return { scheduler, placed, scheduleReason, failed };
}

/**
 * The third pass, kept only when it places every pod: spread and anti-affinity pods one by one as
 * in {@link schedulePods}, then all the others at once, node by node
 * ({@link ClusterScheduler.fillNodes}), whatever their priority. When every pod fits, nothing
 * waits for another and priority never decides anything, so this is as good a proof as an order
 * by priority; when some pod does not fit, the passes by priority say which ones wait.
 */
function fillPods(cluster: TargetCluster, pods: readonly PendingPod[]): ReturnType<typeof schedulePods> {
  const isConstrained = (p: PendingPod): boolean => p.pod.template.spread.length > 0 || p.pod.template.antiAffinity.length > 0;
  const first = schedulePods(cluster, pods.filter(isConstrained));
  const { scheduler, placed, scheduleReason } = first;
  let failed = first.failed;
  const rest = pods.filter((p) => !isConstrained(p));
  const bound = scheduler.fillNodes(rest.map((p) => p.pod));
  rest.forEach((p, k) => {
    if (bound[k]) placed.set(p.w.key, (placed.get(p.w.key) ?? 0) + 1);
    else failed++;
  });
  return { scheduler, placed, scheduleReason, failed };
}

interface Unit {
  readonly workload: WorkloadModel;
  readonly podSets: readonly PodSet[];
}

/** The Kueue Workloads of a workload: one for all its pods, or one per pod (Deployment pods). */
function unitsOf(w: WorkloadModel): Unit[] {
  if (w.admission !== 'per-pod') return [{ workload: w, podSets: w.podSets }];
  return w.podSets.flatMap((ps) => Array.from({ length: ps.count }, () => ({ workload: w, podSets: [{ ...ps, count: 1 }] })));
}

/** Sort key of a pod: GPU devices, CPU and memory it requests (larger first). */
function sizeOf(ps: PodSet): readonly [number, number, number] {
  const r = ps.template.requests;
  let gpu = 0;
  for (const k in r) if (k.startsWith('nvidia.com/')) gpu += r[k]!;
  return [gpu, r['cpu'] ?? 0, r['memory'] ?? 0];
}

/** Verifies rendered objects against the target cluster of a plan. */
export function verifyObjects(plan: Plan, objects: readonly ManifestObject[], options: TargetNodeOptions = {}): VerifyReport {
  const cluster = targetCluster(plan, objects, options);
  const workloads = workloadsOf(objects);
  const kueue = new KueueState(objects);
  const templates = new PodTemplates(kueue, cluster.provider);

  // Kueue: every queued Workload in priority order (name as tie-breaker, standing in for creation time)
  const units = workloads.flatMap(unitsOf);
  const queued = units
    .filter((u) => u.workload.admission !== 'none')
    .sort((a, b) => b.workload.priority - a.workload.priority || (a.workload.key < b.workload.key ? -1 : a.workload.key > b.workload.key ? 1 : 0));
  const admissionReason = new Map<string, string>();
  const flavorsOf = new Map<string, Set<string>>();
  const admitted: { unit: Unit; flavors: Readonly<Record<string, string>> }[] = [];
  for (const u of queued) {
    const w = u.workload;
    const cq = kueue.clusterQueueOf(w);
    if (cq.queue === undefined) {
      if (!admissionReason.has(w.key)) admissionReason.set(w.key, cq.reason!);
      continue;
    }
    const res = kueue.admit(cq.queue, u.podSets);
    if (!res.admitted) {
      if (!admissionReason.has(w.key)) admissionReason.set(w.key, `${w.name}: ${res.reason!}`);
      continue;
    }
    const set = flavorsOf.get(w.key) ?? new Set<string>();
    for (const f of Object.values(res.flavors)) set.add(f);
    flavorsOf.set(w.key, set);
    admitted.push({ unit: u, flavors: res.flavors });
  }

  // kube-scheduler: admitted and unqueued pods, higher priority first
  const pods: PendingPod[] = [];
  for (const a of admitted) {
    for (const ps of a.unit.podSets) {
      const template = templates.admitted(ps.template, a.flavors[ps.name]);
      const size = sizeOf(ps);
      for (let i = 0; i < ps.count; i++) pods.push({ w: a.unit.workload, ps, size, pod: { namespace: a.unit.workload.namespace, template } });
    }
  }
  for (const w of workloads.filter((x) => x.admission === 'none')) {
    for (const ps of w.podSets) {
      const template = templates.admitted(ps.template, undefined);
      const size = sizeOf(ps);
      for (let i = 0; i < ps.count; i++) pods.push({ w, ps, size, pod: { namespace: w.namespace, template } });
    }
  }
  const bySize = (a: PendingPod, b: PendingPod): number =>
    b.size[0] - a.size[0] || b.size[1] - a.size[1] || b.size[2] - a.size[2] || (a.w.key < b.w.key ? -1 : a.w.key > b.w.key ? 1 : 0);
  const constrained = (p: PendingPod): number => (p.pod.template.spread.length > 0 || p.pod.template.antiAffinity.length > 0 ? 0 : 1);
  // largest first; when that leaves pods Pending, spread and anti-affinity pods first (they need
  // the choice of zones and nodes while it exists), and the order that places more pods wins
  const bySizeInPriority = [...pods].sort((a, b) => b.w.priority - a.w.priority || bySize(a, b));
  let pass = schedulePods(cluster, bySizeInPriority);
  if (pass.failed > 0) {
    // the node-by-node pass first: when it places every pod, the second order cannot do better
    const filled = fillPods(cluster, bySizeInPriority);
    if (filled.failed === 0) pass = filled;
    else {
      const other = schedulePods(
        cluster,
        [...pods].sort((a, b) => b.w.priority - a.w.priority || constrained(a) - constrained(b) || bySize(a, b)),
      );
      if (other.failed < pass.failed) pass = other;
    }
  }
  const { scheduler, placed, scheduleReason } = pass;

  const verdicts: WorkloadVerdict[] = workloads.map((w) => {
    const wanted = w.podSets.reduce((s, ps) => s + ps.count, 0);
    const got = placed.get(w.key) ?? 0;
    const rollout = w.rollout ? rolloutVerdict(w, kueue, scheduler, templates) : undefined;
    const claims = w.claims.map((c) => claimProblem(c, cluster)).filter((x): x is string => x !== undefined);
    const reason = admissionReason.get(w.key) ?? scheduleReason.get(w.key) ?? (rollout && rollout !== 'ok' ? rollout : undefined) ?? claims[0] ?? '';
    return {
      workload: w.key,
      kind: w.kind,
      admitted: w.admission === 'none' ? '-' : admissionReason.has(w.key) ? 'no' : 'yes',
      flavor: [...(flavorsOf.get(w.key) ?? [])].sort().join(',') || '-',
      podsPlaced: got,
      podsWanted: wanted,
      ...(rollout !== undefined ? { rollout: rollout === 'ok' ? ('ok' as const) : ('blocked' as const) } : {}),
      claimsUnbound: claims.length,
      reason,
    };
  });
  const summary = {
    admittedAndScheduled: verdicts.filter((v) => v.admitted !== 'no' && v.podsPlaced === v.podsWanted).length,
    workloads: verdicts.length,
    podsPending: verdicts.reduce((s, v) => s + v.podsWanted - v.podsPlaced, 0),
    rolloutsBlocked: verdicts.filter((v) => v.rollout === 'blocked').length,
    claimsUnbound: verdicts.reduce((s, v) => s + v.claimsUnbound, 0),
  };
  return {
    platform: plan.platform,
    provider: cluster.provider,
    nodes: cluster.nodes.length,
    workloads: verdicts,
    summary,
    ok: summary.admittedAndScheduled === summary.workloads && summary.podsPending === 0 && summary.rolloutsBlocked === 0 && summary.claimsUnbound === 0,
  };
}

/**
 * A Deployment rolls out when it may take a pod down (`maxUnavailable` > 0) or when one surge pod
 * is admitted (a Kueue Workload of its own) and placed next to the running ones.
 */
function rolloutVerdict(w: WorkloadModel, kueue: KueueState, scheduler: ClusterScheduler, templates: PodTemplates): string {
  const r = w.rollout!;
  if (r.type === 'Recreate' || r.maxUnavailable > 0) return 'ok';
  const ps = { ...w.podSets[0]!, count: 1 };
  if (r.maxSurge < 1) return `rollout blocked: maxSurge ${r.maxSurge} and maxUnavailable 0 leave no room to replace a pod`;
  let flavor: Record<string, string> | undefined;
  let cq: string | undefined;
  if (w.admission !== 'none') {
    cq = kueue.clusterQueueOf(w).queue;
    if (cq === undefined) return 'rollout blocked: the surge pod has no ClusterQueue';
    const res = kueue.admit(cq, [ps]);
    if (!res.admitted) return `rollout blocked: the surge pod (maxSurge ${r.maxSurge}, maxUnavailable 0) is not admitted: ${res.reason!}`;
    flavor = { ...res.flavors };
  }
  const template = templates.admitted(ps.template, flavor?.[ps.name]);
  const pod = { namespace: w.namespace, template };
  const placed = scheduler.schedule(pod);
  if (cq !== undefined && flavor) kueue.release(cq, flavor, [ps]);
  if (placed.node === undefined) return `rollout blocked: the surge pod (maxSurge ${r.maxSurge}, maxUnavailable 0) does not fit: ${placed.reason!}`;
  scheduler.unbind(placed.node, pod);
  return 'ok';
}

/** Why a claim stays unbound on the target, or undefined when a StorageClass provisions it. */
function claimProblem(c: ClaimModel, cluster: TargetCluster): string | undefined {
  if (!c.rendered) return `claim ${c.namespace}/${c.name} is mounted but not rendered; the pod stays ContainerCreating`;
  if (c.storageClassName !== undefined) {
    const sc = cluster.storageClasses.find((s) => s.name === c.storageClassName);
    if (!sc)
      return `claim ${c.namespace}/${c.name}: StorageClass ${c.storageClassName} does not exist on ${cluster.provider} (${cluster.storageClasses.map((s) => s.name).join(', ')})`;
    if (!sc.provisioned) return `claim ${c.namespace}/${c.name}: StorageClass ${c.storageClassName} has no provisioner running on ${cluster.provider}`;
    return undefined;
  }
  const def = cluster.storageClasses.find((s) => s.isDefault);
  if (!def)
    return `claim ${c.namespace}/${c.name} names no StorageClass and ${cluster.provider} has no default StorageClass; fix: install a CSI driver and a default StorageClass`;
  if (!def.provisioned) return `claim ${c.namespace}/${c.name}: the default StorageClass ${def.name} has no provisioner running on ${cluster.provider}`;
  return undefined;
}
