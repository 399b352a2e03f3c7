/**
 * kube-scheduler's filters over the target's nodes, reported the way the scheduler reports them.
 *
 * Filters, in the default profile's order: TaintToleration, NodeAffinity (nodeSelector and
 * required node affinity), NodeResourcesFit (every requested resource, extended ones included,
 * and the pod count), PodTopologySpread (`DoNotSchedule` constraints, nodes counted as
 * `nodeAffinityPolicy: Honor`, `nodeTaintsPolicy: Ignore`) and InterPodAffinity (required
 * anti-affinity). Reasons and the `0/N nodes are available` message follow
 * pkg/scheduler/framework/plugins/{tainttoleration,nodeaffinity,noderesources,podtopologyspread,interpodaffinity}
 * and pkg/scheduler/framework/types.go `FitError` of Kubernetes 1.33.
 *
 * Among the nodes that pass, a pod goes to the one it fills most (best fit, name as tie-breaker):
 * the question is whether the pods can all run, not which node the default scorer would pick.
 */
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
  /** `0/N nodes are available: ...` when it fits nowhere. */
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
export class ClusterScheduler {
  private readonly used: Record<string, number>[];
  private readonly pods: Placed[][];
  private readonly groups: NodeGroup[];
  private readonly index = new Map<string, number>();

  constructor(public readonly nodes: readonly NodeModel[]) {
    this.used = nodes.map(() => ({}));
    this.pods = nodes.map(() => []);
    const bySignature = new Map<string, { labels: Readonly<Record<string, string>>; nodes: number[]; sample: NodeModel }>();
    nodes.forEach((n, i) => {
      this.index.set(n.name, i);
      const { ['kubernetes.io/hostname']: _host, ...rest } = n.labels;
      const sig = JSON.stringify([Object.entries(rest).sort(), n.taints]);
      const g = bySignature.get(sig);
      if (g) g.nodes.push(i);
      else bySignature.set(sig, { labels: rest, nodes: [i], sample: n });
    });
    this.groups = [...bySignature.values()];
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

  /** Runs the filters on every node and binds the pod to the best-fitting node that passes. */
  schedule(pod: PodToSchedule): ScheduleResult {
    const t = pod.template;
    const domains = t.spread.length > 0 ? this.domainCounts(pod) : [];
    const histogram = new Map<string, number>();
    const count = (reason: string, n: number): void => {
      histogram.set(reason, (histogram.get(reason) ?? 0) + n);
    };
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
        if (score < bestScore || (score === bestScore && this.nodes[i]!.name < this.nodes[best!]!.name)) {
          best = i;
          bestScore = score;
        }
      }
    }
    if (best === undefined) {
      const parts = [...histogram.entries()].map(([r, n]) => `${n} ${r}`).sort();
      return { reason: `0/${this.nodes.length} nodes are available: ${parts.join(', ')}.` };
    }
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

  private bind(i: number, pod: PodToSchedule): void {
    const u = this.used[i]!;
    for (const [r, v] of Object.entries(pod.template.requests)) u[r] = (u[r] ?? 0) + v;
    this.pods[i]!.push({ namespace: pod.namespace, labels: pod.template.labels });
  }

  /** Removes a pod bound by {@link schedule} (a tentative surge pod). */
  unbind(nodeName: string, pod: PodToSchedule): void {
    const i = this.index.get(nodeName)!;
    const u = this.used[i]!;
    for (const [r, v] of Object.entries(pod.template.requests)) u[r] = (u[r] ?? 0) - v;
    const list = this.pods[i]!;
    const at = list.findIndex((p) => p.labels === pod.template.labels && p.namespace === pod.namespace);
    if (at >= 0) list.splice(at, 1);
  }
}
