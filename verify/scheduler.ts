/**
 * kube-scheduler's filters over the target's nodes, reported the way the scheduler reports them.
 *
 * Filters, in the default profile's order: TaintToleration, NodeAffinity (nodeSelector and
 * required node affinity), NodeResourcesFit (every requested resource, extended ones included,
 * and the pod count), PodTopologySpread (`DoNotSchedule` constraints, nodes counted as
 * `nodeAffinityPolicy: Honor`, `nodeTaintsPolicy: Ignore`) and InterPodAffinity (required
 * anti-affinity). Reasons and the `0/N nodes are available` message follow
 * pkg/scheduler/framework/plugins/{tainttoleration,nodeaffinity,noderesources,podtopologyspread,interpodaffinity}
 * and pkg/scheduler/framework/types.go `FitError` of Kubernetes 1.33. Not re-read at v1.35.0 (the
 * default minor): the kubernetes/kubernetes snapshot is too large to fetch here and the stored
 * copy of node_affinity.go is of one untagged commit, so the strings are as of that reading.
 *
 * Pods are placed first-fit over the nodes in a fixed order (pools by name, nodes by index);
 * pods with spread or anti-affinity constraints go to the passing node they fill most; or, with
 * `fillNodes`, node by node, each node taking the pods that match its room. The order
 * pods arrive in is the caller's (`verifyObjects`). The question
 * is whether the pods can all run, not which node the default scorer would pick
 * (docs/decisions/0015-verify-placement-order.md).
 */
import { groupBy } from '../planner/group-by';
import { tolerates } from './admission';
import type { MatchLabels, NodeModel, NodeSelectorRequirement, PodTemplate } from './model';

/** A pod placed on a node. */
interface Placed {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** One pod to schedule. */
export interface PodToSchedule {
  readonly namespace: string;
  readonly template: PodTemplate;
}

/** Outcome of scheduling one pod. */
export interface ScheduleResult {
  /** Node the pod was bound to. */
  readonly node?: string;
  /** `0/N nodes are available: ...` when it fits nowhere (and an explanation was asked for). */
  readonly reason?: string;
}

/** Nodes with identical labels and taints: node-level filters are evaluated once per group. */
interface NodeGroup {
  readonly labels: Readonly<Record<string, string>>;
  readonly nodes: readonly number[];
  readonly sample: NodeModel;
}

const matches = (selector: MatchLabels, labels: Readonly<Record<string, string>>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

function requirementMatches(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return v !== undefined && (r.values ?? []).includes(v);
    case 'NotIn':
      return v === undefined || !(r.values ?? []).includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(r.values?.[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(r.values?.[0]);
  }
}

/** nodeSelector and required node affinity (component-helpers scheduling/corev1/nodeaffinity). */
export function nodeAffinityMatches(t: PodTemplate, labels: Readonly<Record<string, string>>): boolean {
  if (!matches(t.nodeSelector, labels)) return false;
  if (t.nodeAffinity.length === 0) return true;
  return t.nodeAffinity.some((term) => term.length > 0 && term.every((r) => requirementMatches(r, labels)));
}

/** The scheduler's view of a cluster: nodes, what is bound to them, and pods by node. */
/**
 * What the scheduler derives from the nodes alone (groups of alike nodes, which groups a
 * selector passes), built once per node list: `verifyObjects` runs up to three passes over the
 * same nodes, and the node-level filters never depend on what is bound.
 */
interface NodeLayout {
  readonly groups: readonly NodeGroup[];
  /** Group index of each node. */
  readonly groupOf: readonly number[];
  readonly index: ReadonlyMap<string, number>;
  /** Per template, the groups whose labels and taints it passes (both are fixed). */
  readonly passing: WeakMap<PodTemplate, number[]>;
  /** Passing groups by what the node-level filters read (selector, affinity, tolerations): templates of many workloads share them. */
  readonly passingBySelector: Map<string, number[]>;
}

const layouts = new WeakMap<readonly NodeModel[], NodeLayout>();

function layoutOf(nodes: readonly NodeModel[]): NodeLayout {
  const cached = layouts.get(nodes);
  if (cached) return cached;
  const index = new Map<string, number>();
  const bySignature = new Map<string, { labels: Readonly<Record<string, string>>; nodes: number[]; sample: NodeModel }>();
  nodes.forEach((n, i) => {
    index.set(n.name, i);
    const rest: Record<string, string> = {};
    let sig = '';
    for (const k of Object.keys(n.labels).sort()) {
      if (k === 'kubernetes.io/hostname') continue;
      rest[k] = n.labels[k]!;
      sig += `${k}=${rest[k]}\n`;
    }
    for (const t of n.taints) sig += `taint ${t.key}=${t.value}:${t.effect}\n`;
    for (const r of Object.keys(n.allocatable).sort()) sig += `${r}:${n.allocatable[r]}\n`;
    const g = bySignature.get(sig);
    if (g) g.nodes.push(i);
    else bySignature.set(sig, { labels: rest, nodes: [i], sample: n });
  });
  const groups = [...bySignature.values()];
  const groupOf: number[] = [];
  groups.forEach((g, gi) => {
    for (const i of g.nodes) groupOf[i] = gi;
  });
  const layout: NodeLayout = { groups, groupOf, index, passing: new WeakMap(), passingBySelector: new Map() };
  layouts.set(nodes, layout);
  return layout;
}

/**
 * Request shape (the requests, sorted) of each requests object, shared by every pass and by the
 * templates Kueue's flavors derive from one workload's template (they keep its requests).
 */
const shapes = new WeakMap<PodTemplate['requests'], string>();

/** The scheduler's view of a cluster: nodes, what is bound to them, and pods by node. */
export class ClusterScheduler {
  private readonly used: Record<string, number>[];
  private readonly pods: Placed[][];
  private readonly groups: readonly NodeGroup[];
  private readonly index: ReadonlyMap<string, number>;
  /**
   * Per node group and request shape, the first node position that may still fit: nodes only
   * fill up (a tentative pod is unbound before anything else is placed), so a node that could not
   * take a shape never can later.
   */
  private readonly cursor = new Map<string, number[]>();
  /** Group index of each node. */
  private readonly groupOf: readonly number[];
  private readonly layout: NodeLayout;
  /**
   * Per group, its nodes by what is bound to them: nodes of a group with the same usage are
   * interchangeable, so a pod that fits nowhere is explained once per usage, not once per node.
   * Built when a pod needs explaining and kept until the next bind, since only failures read it.
   */
  private readonly loads: ({ readonly version: number; readonly byUsage: Map<string, number[]> } | undefined)[];
  /** Bumped by every bind and unbind: a cached {@link loads} entry of another version is stale. */
  private version = 0;

  constructor(public readonly nodes: readonly NodeModel[]) {
    this.used = nodes.map(() => ({}));
    this.pods = nodes.map(() => []);
    this.layout = layoutOf(nodes);
    this.groups = this.layout.groups;
    this.groupOf = this.layout.groupOf;
    this.index = this.layout.index;
    this.loads = this.groups.map(() => undefined);
  }

  /** Free amount of a resource on node i. */
  private free(i: number, r: string): number {
    return (this.nodes[i]!.allocatable[r] ?? 0) - (this.used[i]![r] ?? 0);
  }

  /** Node-level reason (taints, affinity) for a group, or undefined when it passes. */
  private groupReason(g: NodeGroup, t: PodTemplate): string | undefined {
    const taint = g.sample.taints.find((x) => (x.effect === 'NoSchedule' || x.effect === 'NoExecute') && !tolerates(t.tolerations, x));
    if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value}}`;
    if (!nodeAffinityMatches(t, g.labels)) return "node(s) didn't match Pod's node affinity/selector";
    return undefined;
  }

  private resourceReasons(i: number, t: PodTemplate): string[] {
    const out: string[] = [];
    for (const r of Object.keys(t.requests).sort()) {
      const v = t.requests[r]!;
      if (v > 0 && this.free(i, r) < v) out.push(r === 'pods' ? 'Too many pods' : `Insufficient ${r}`);
    }
    return out;
  }

  /** PodTopologySpread: per constraint, the domain counts over nodes the pod's node affinity selects. */
  private spreadReason(i: number, pod: PodToSchedule, domains: readonly ReadonlyMap<string, number>[]): string | undefined {
    const node = this.nodes[i]!;
    for (let c = 0; c < pod.template.spread.length; c++) {
      const s = pod.template.spread[c]!;
      const value = node.labels[s.topologyKey];
      if (value === undefined) return "node(s) didn't match pod topology spread constraints (missing required label)";
      const counts = domains[c]!;
      const min = counts.size < (s.minDomains ?? 1) ? 0 : Math.min(...counts.values());
      const self = matches(s.matchLabels, pod.template.labels) ? 1 : 0;
      if ((counts.get(value) ?? 0) + self - min > s.maxSkew) return "node(s) didn't match pod topology spread constraints";
    }
    return undefined;
  }

  private domainCounts(pod: PodToSchedule): Map<string, number>[] {
    return pod.template.spread.map((s) => {
      const counts = new Map<string, number>();
      this.nodes.forEach((n, i) => {
        const value = n.labels[s.topologyKey];
        if (value === undefined || !nodeAffinityMatches(pod.template, n.labels)) return;
        const here = this.pods[i]!.filter((p) => p.namespace === pod.namespace && matches(s.matchLabels, p.labels)).length;
        counts.set(value, (counts.get(value) ?? 0) + here);
      });
      return counts;
    });
  }

  private antiAffinityReason(i: number, pod: PodToSchedule): string | undefined {
    const node = this.nodes[i]!;
    for (const term of pod.template.antiAffinity) {
      const value = node.labels[term.topologyKey];
      if (value === undefined) continue;
      const clash = this.nodes.some(
        (n, j) => n.labels[term.topologyKey] === value && this.pods[j]!.some((p) => p.namespace === pod.namespace && matches(term.matchLabels, p.labels)),
      );
      if (clash) return "node(s) didn't match pod anti-affinity rules";
    }
    return undefined;
  }

  private shapeOf(t: PodTemplate): string {
    let shape = shapes.get(t.requests);
    if (shape === undefined) {
      shape = JSON.stringify(Object.entries(t.requests).sort(([a], [b]) => (a < b ? -1 : 1)));
      shapes.set(t.requests, shape);
    }
    return shape;
  }

  /** First fit for a pod without spread or anti-affinity: node-level filters per group, then resources from the group's cursor. */
  private passingGroups(t: PodTemplate): number[] {
    const { passing, passingBySelector } = this.layout;
    let list = passing.get(t);
    if (!list) {
      const selector = JSON.stringify([t.nodeSelector, t.nodeAffinity, t.tolerations]);
      list = passingBySelector.get(selector);
      if (!list) {
        list = [];
        for (let gi = 0; gi < this.groups.length; gi++) if (!this.groupReason(this.groups[gi]!, t)) list.push(gi);
        passingBySelector.set(selector, list);
      }
      passing.set(t, list);
    }
    return list;
  }

  private firstFit(t: PodTemplate): number | undefined {
    const shape = this.shapeOf(t);
    // one lookup of the shape per pod, then the cursor of each group by index
    let cursors = this.cursor.get(shape);
    if (!cursors) {
      cursors = this.groups.map(() => 0);
      this.cursor.set(shape, cursors);
    }
    for (const gi of this.passingGroups(t)) {
      const g = this.groups[gi]!;
      let k = cursors[gi]!;
      for (; k < g.nodes.length; k++) {
        if (this.fits(g.nodes[k]!, t)) {
          cursors[gi] = k;
          return g.nodes[k]!;
        }
      }
      cursors[gi] = k;
    }
    return undefined;
  }

  private fits(i: number, t: PodTemplate): boolean {
    for (const r in t.requests) {
      const v = t.requests[r]!;
      if (v > 0 && this.free(i, r) < v) return false;
    }
    return true;
  }

  /**
   * Places pods without spread or anti-affinity node by node, the other order a packing can take:
   * each node, in the fixed order, takes the waiting pod whose requests best match the room it
   * has left (the dot product of the two, each over the node's allocatable; on an empty node, the
   * largest pod), until no waiting pod passes its filters. Where largest-first first-fit strands
   * one resource behind another (CPU-heavy and memory-heavy pods on one pool), this keeps a
   * node's resources running out together. Pods earlier in `pods` win ties.
   *
   * @returns per pod of `pods`, whether it was bound
   */
  fillNodes(pods: readonly PodToSchedule[]): boolean[] {
    // pods that pass the same node groups with the same requests are interchangeable here
    const kinds: { template: PodTemplate; waiting: number[]; next: number }[] = [];
    const kindOf = new Map<string, number>();
    const kindsOfGroup: number[][] = this.groups.map(() => []);
    pods.forEach((pod, p) => {
      const passing = this.passingGroups(pod.template);
      const sig = `${this.shapeOf(pod.template)}|${passing.join(',')}`;
      let k = kindOf.get(sig);
      if (k === undefined) {
        k = kinds.length;
        kindOf.set(sig, k);
        kinds.push({ template: pod.template, waiting: [], next: 0 });
        for (const gi of passing) kindsOfGroup[gi]!.push(k);
      }
      kinds[k]!.waiting.push(p);
    });
    const bound = pods.map(() => false);
    for (let i = 0; i < this.nodes.length; i++) {
      const candidates = kindsOfGroup[this.groupOf[i]!]!;
      for (;;) {
        let best: (typeof kinds)[number] | undefined;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (const k of candidates) {
          const kind = kinds[k]!;
          if (kind.next === kind.waiting.length || !this.fits(i, kind.template)) continue;
          const score = this.roomMatch(i, kind.template);
          if (score > bestScore) {
            best = kind;
            bestScore = score;
          }
        }
        if (!best) break;
        const p = best.waiting[best.next++]!;
        this.bind(i, pods[p]!);
        bound[p] = true;
      }
    }
    return bound;
  }

  /** How well a pod's requests point the way of node i's free room: both over its allocatable. */
  private roomMatch(i: number, t: PodTemplate): number {
    let s = 0;
    for (const r in t.requests) {
      const v = t.requests[r]!;
      const a = this.nodes[i]!.allocatable[r] ?? 0;
      if (v > 0 && Number.isFinite(a) && a > 0 && r !== 'pods') s += (v / a) * (this.free(i, r) / a);
    }
    return s;
  }

  /**
   * Runs the filters and binds the pod to a node that passes them all, or explains why none does.
   *
   * @param explain false when the caller needs no reason (a later pod of a workload already explained)
   */
  schedule(pod: PodToSchedule, explain = true): ScheduleResult {
    const t = pod.template;
    const constrained = t.spread.length > 0 || t.antiAffinity.length > 0;
    if (!constrained) {
      const i = this.firstFit(t);
      if (i !== undefined) {
        this.bind(i, pod);
        return { node: this.nodes[i]!.name };
      }
      if (!explain) return {};
    }
    const histogram = new Map<string, number>();
    const count = (reason: string, n: number): void => {
      histogram.set(reason, (histogram.get(reason) ?? 0) + n);
    };
    if (!constrained) {
      for (let gi = 0; gi < this.groups.length; gi++) {
        const g = this.groups[gi]!;
        const why = this.groupReason(g, t);
        if (why) {
          count(why, g.nodes.length);
          continue;
        }
        for (const nodes of this.loadsOf(gi).values()) {
          for (const r of this.resourceReasons(nodes[0]!, t)) count(r, nodes.length);
        }
      }
      return { reason: unavailable(this.nodes.length, histogram) };
    }
    const domains = t.spread.length > 0 ? this.domainCounts(pod) : [];
    let best: number | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const g of this.groups) {
      const why = this.groupReason(g, t);
      if (why) {
        count(why, g.nodes.length);
        continue;
      }
      for (const i of g.nodes) {
        const res = this.resourceReasons(i, t);
        if (res.length > 0) {
          for (const r of res) count(r, 1);
          continue;
        }
        const other = this.spreadReason(i, pod, domains) ?? this.antiAffinityReason(i, pod);
        if (other) {
          count(other, 1);
          continue;
        }
        const score = this.leftover(i, t);
        if (score < bestScore) {
          best = i;
          bestScore = score;
        }
      }
    }
    if (best === undefined) return { reason: unavailable(this.nodes.length, histogram) };
    this.bind(best, pod);
    return { node: this.nodes[best]!.name };
  }

  /** Share of the node's finite resources the pod leaves free, summed (lower is a tighter fit). */
  private leftover(i: number, t: PodTemplate): number {
    let s = 0;
    for (const [r, v] of Object.entries(t.requests)) {
      const a = this.nodes[i]!.allocatable[r] ?? 0;
      if (v > 0 && Number.isFinite(a) && a > 0) s += (this.free(i, r) - v) / a;
    }
    return s;
  }

  private usageKey(i: number): string {
    const u = this.used[i]!;
    let k = '';
    for (const r of Object.keys(u).sort()) if (u[r] !== 0) k += `${r}:${u[r]}\n`;
    return k;
  }

  /** The nodes of group gi by their usage, as they are now. */
  private loadsOf(gi: number): Map<string, number[]> {
    const cached = this.loads[gi];
    if (cached?.version === this.version) return cached.byUsage;
    const byUsage = groupBy(this.groups[gi]!.nodes, (i) => this.usageKey(i));
    this.loads[gi] = { version: this.version, byUsage };
    return byUsage;
  }

  private bind(i: number, pod: PodToSchedule): void {
    const u = this.used[i]!;
    for (const r in pod.template.requests) u[r] = (u[r] ?? 0) + pod.template.requests[r]!;
    this.version++;
    this.pods[i]!.push({ namespace: pod.namespace, labels: pod.template.labels });
  }

  /** Removes a pod bound by {@link schedule} (a tentative surge pod). */
  unbind(nodeName: string, pod: PodToSchedule): void {
    const i = this.index.get(nodeName)!;
    const u = this.used[i]!;
    for (const r in pod.template.requests) u[r] = (u[r] ?? 0) - pod.template.requests[r]!;
    this.version++;
    const list = this.pods[i]!;
    const at = list.findIndex((p) => p.labels === pod.template.labels && p.namespace === pod.namespace);
    if (at >= 0) list.splice(at, 1);
  }
}

/** The scheduler's FitError message: reasons with their node counts, sorted. */
function unavailable(nodes: number, histogram: ReadonlyMap<string, number>): string {
  const parts = [...histogram.entries()].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${nodes} nodes are available: ${parts.join(', ')}.`;
}
