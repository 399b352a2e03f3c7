/**
 * Kueue admission over the rendered ClusterQueues, LocalQueues and ResourceFlavors, following
 * Kueue v0.19.2: the flavor assigner (pkg/scheduler/flavorassigner/flavorassigner.go) and the
 * quota arithmetic of cohorts (pkg/cache/scheduler/resource_node.go).
 */
import type { ManifestObject } from '../constructs/platform/render';
import type { NodeTaint, PodSet, PodTemplate, PodToleration, WorkloadModel } from './model';
import { amountOf } from './pod-spec';
import { formatAmount } from './format-amount';

interface Quota {
  readonly nominal: number;
  readonly borrowingLimit?: number;
  readonly lendingLimit?: number;
}

interface FlavorQuotas {
  readonly name: string;
  readonly quotas: ReadonlyMap<string, Quota>;
}

interface ResourceGroup {
  readonly covered: readonly string[];
  readonly flavors: readonly FlavorQuotas[];
}

interface Queue {
  readonly name: string;
  /** Index of the resource group covering each resource. */
  readonly groupOf: ReadonlyMap<string, number>;
  readonly cohort?: string;
  readonly namespaces?: readonly string[];
  readonly groups: readonly ResourceGroup[];
}

/** A ResourceFlavor as Kueue applies it. */
export interface FlavorModel {
  readonly name: string;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly nodeTaints: readonly NodeTaint[];
  readonly tolerations: readonly PodToleration[];
}

/** The outcome of admitting one Kueue Workload. */
export interface AdmissionResult {
  readonly admitted: boolean;
  /** Flavor per PodSet name, when admitted. */
  readonly flavors: Readonly<Record<string, string>>;
  /** Why it was not admitted, with the numbers. */
  readonly reason?: string;
}

/** Whether `tolerations` tolerate `taint` (k8s.io/api core/v1 toleration.go `ToleratesTaint`). */
export function tolerates(tolerations: readonly PodToleration[], taint: NodeTaint): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
    if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
    if ((t.key === undefined || t.key === '') && t.operator !== 'Exists') return false;
    return t.operator === 'Exists' || (t.value ?? '') === taint.value;
  });
}

const NO_QUOTA: Quota = { nominal: 0 };

/** Quota a cohort holds in one flavor and resource, and how much of it is in use. */
interface CohortCell {
  capacity: number;
  used: number;
}

/** A ClusterQueue's quota in one flavor and resource, its usage, and its cohort's cell. */
interface Cell {
  readonly quota: Quota;
  used: number;
  readonly cohort?: CohortCell;
}

/** How a PodSet's requests split over a queue's resource groups, or the resource no group covers. */
type Breakdown = { readonly groups: readonly { readonly gi: number; readonly resources: readonly string[] }[] } | { readonly uncovered: string };

/** Get-or-create in a map of maps. */
function inner<V>(outer: Map<string, Map<string, V>>, k: string): Map<string, V> {
  let m = outer.get(k);
  if (!m) {
    m = new Map();
    outer.set(k, m);
  }
  return m;
}

/** The Kueue objects of the rendered platform and the quota they have left. */
export class KueueState {
  private readonly queues = new Map<string, Queue>();
  private readonly localQueues = new Map<string, string>();
  /** The ResourceFlavors by name. */
  public readonly flavors = new Map<string, FlavorModel>();
  /**
   * Quota and usage by ClusterQueue, flavor and resource. Cells are objects looked up once per
   * check rather than composite string keys: admission runs once per pod of a per-pod workload,
   * tens of thousands of times on a large fleet.
   */
  private readonly cells = new Map<string, Map<string, Map<string, Cell>>>();
  private readonly cohortCells = new Map<string, Map<string, Map<string, CohortCell>>>();
  /** Per template requests and queue, how the requests split over the queue's groups. */
  private readonly breakdowns = new WeakMap<object, Map<string, Breakdown>>();
  /** Per template and flavor, why the flavor does not suit the pods (undefined when it does). */
  private readonly mismatches = new WeakMap<PodTemplate, Map<string, (() => string) | undefined>>();

  constructor(objects: readonly ManifestObject[]) {
    for (const o of objects) {
      const spec = (o['spec'] ?? {}) as Record<string, unknown>;
      if (o.kind === 'ResourceFlavor' && o.metadata.name) {
        this.flavors.set(o.metadata.name, {
          name: o.metadata.name,
          nodeLabels: (spec['nodeLabels'] as Record<string, string>) ?? {},
          nodeTaints: (spec['nodeTaints'] as NodeTaint[]) ?? [],
          tolerations: (spec['tolerations'] as PodToleration[]) ?? [],
        });
      } else if (o.kind === 'LocalQueue' && o.metadata.name) {
        this.localQueues.set(`${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, String(spec['clusterQueue']));
      } else if (o.kind === 'ClusterQueue' && o.metadata.name) {
        this.queues.set(o.metadata.name, parseQueue(o.metadata.name, spec));
      }
    }
    for (const q of this.queues.values()) {
      for (const g of q.groups) {
        for (const f of g.flavors) {
          for (const [r, quota] of f.quotas) {
            const cohort = q.cohort !== undefined ? this.cohortCell(q.cohort, f.name, r) : undefined;
            if (cohort) cohort.capacity += quota.nominal - localQuota(quota);
            inner(inner(this.cells, q.name), f.name).set(r, { quota, used: 0, ...(cohort ? { cohort } : {}) });
          }
        }
      }
    }
  }

  private cohortCell(cohort: string, flavor: string, resource: string): CohortCell {
    const byResource = inner(inner(this.cohortCells, cohort), flavor);
    let c = byResource.get(resource);
    if (!c) {
      c = { capacity: 0, used: 0 };
      byResource.set(resource, c);
    }
    return c;
  }

  /** The queue's cell of a flavor and resource; a resource without quota gets an empty one (it may still borrow). */
  private cell(cq: Queue, flavor: string, resource: string): Cell {
    const byResource = inner(inner(this.cells, cq.name), flavor);
    let c = byResource.get(resource);
    if (!c) {
      c = { quota: NO_QUOTA, used: 0, ...(cq.cohort !== undefined ? { cohort: this.cohortCell(cq.cohort, flavor, resource) } : {}) };
      byResource.set(resource, c);
    }
    return c;
  }

  /** The ClusterQueue a workload's LocalQueue points to, or why there is none. */
  clusterQueueOf(w: WorkloadModel): { queue?: string; reason?: string } {
    const cq = this.localQueues.get(`${w.namespace}/${w.queue ?? ''}`);
    if (cq === undefined) return { reason: `LocalQueue ${w.namespace}/${w.queue} doesn't exist` };
    const q = this.queues.get(cq);
    if (!q) return { reason: `ClusterQueue ${cq} doesn't exist` };
    if (q.namespaces && !q.namespaces.includes(w.namespace))
      return { reason: `ClusterQueue ${cq}'s namespaceSelector does not select namespace ${w.namespace}` };
    return { queue: cq };
  }

  /** Unused quota the queue can still take in a cell: its own, then the cohort's, within its borrowing limit. */
  private available(c: Cell): number {
    const q = c.quota;
    if (c.cohort === undefined) return q.nominal - c.used;
    const local = localQuota(q);
    let parent = c.cohort.capacity - c.cohort.used;
    if (q.borrowingLimit !== undefined) {
      const storedInParent = q.nominal - local;
      const usedInParent = Math.max(0, c.used - local);
      parent = Math.min(storedInParent - usedInParent + q.borrowingLimit, parent);
    }
    return Math.max(0, local - c.used) + parent;
  }

  /** The most the queue could ever take in a cell, with no usage anywhere. */
  private potential(c: Cell): number {
    const q = c.quota;
    if (c.cohort === undefined) return q.nominal;
    let avail = localQuota(q) + c.cohort.capacity;
    if (q.borrowingLimit !== undefined) avail = Math.min(q.nominal + q.borrowingLimit, avail);
    return avail;
  }

  private add(c: Cell, v: number): void {
    const used = c.used;
    c.used = used + v;
    if (c.cohort === undefined) return;
    // usage above the queue's own non-lendable share is drawn from (or returned to) the cohort
    const local = localQuota(c.quota);
    c.cohort.used += Math.max(0, used + v - local) - Math.max(0, used - local);
  }

  /** The requested resources of a template by the queue's resource groups (sorted names), memoised per requests object. */
  private breakdown(cq: Queue, requests: Readonly<Record<string, number>>): Breakdown {
    let byQueue = this.breakdowns.get(requests);
    if (!byQueue) {
      byQueue = new Map();
      this.breakdowns.set(requests, byQueue);
    }
    let b = byQueue.get(cq.name);
    if (!b) {
      const byGroup: string[][] = cq.groups.map(() => []);
      let uncovered: string | undefined;
      for (const r of sortedResources(requests)) {
        if (requests[r]! <= 0) continue;
        const gi = cq.groupOf.get(r);
        if (gi === undefined) {
          if (r === 'pods') continue;
          uncovered = r;
          break;
        }
        byGroup[gi]!.push(r);
      }
      b = uncovered !== undefined ? { uncovered } : { groups: byGroup.flatMap((resources, gi) => (resources.length > 0 ? [{ gi, resources }] : [])) };
      byQueue.set(cq.name, b);
    }
    return b;
  }

  /**
   * Tries to admit PodSets (`count` pods each) into a ClusterQueue: for each PodSet and resource
   * group, the first flavor in the group's order whose taints the pods tolerate, whose node labels
   * their selector matches and whose quota (nominal, then borrowed from the cohort) covers the
   * requests wins; Kueue's default flavor fungibility stops at the first flavor that fits,
   * borrowing or not. Admission reserves the quota.
   */
  admit(queueName: string, podSets: readonly PodSet[]): AdmissionResult {
    const cq = this.queues.get(queueName)!;
    const assumed = new Map<Cell, number>();
    const chosen: Record<string, string> = {};
    const charges: [Cell, number][] = [];
    for (const ps of podSets) {
      const requests = ps.template.requests;
      const b = this.breakdown(cq, requests);
      if ('uncovered' in b) return { admitted: false, flavors: {}, reason: `resource ${b.uncovered} unavailable in ClusterQueue ${cq.name}` };
      for (const { gi, resources: rs } of b.groups) {
        const g = cq.groups[gi]!;
        // reasons are only spelled out when no flavor fits: most workloads fit one of many flavors
        const reasons: (() => string)[] = [];
        let found: string | undefined;
        let foundCells: Cell[] | undefined;
        for (const f of g.flavors) {
          const why = this.flavorMismatch(f.name, ps);
          if (why) {
            reasons.push(why);
            continue;
          }
          const cells = rs.map((r) => this.cell(cq, f.name, r));
          let fits = true;
          for (let k = 0; k < rs.length; k++) {
            const c = cells[k]!;
            const val = (assumed.get(c) ?? 0) + requests[rs[k]!]! * ps.count;
            if (val > this.potential(c) || val > this.available(c)) {
              fits = false;
              break;
            }
          }
          if (fits) {
            found = f.name;
            foundCells = cells;
            break;
          }
          reasons.push(() => `${f.name}: ${this.shortfall(cells, rs, ps, assumed, cq.cohort !== undefined).join('; ')}`);
        }
        if (found === undefined || foundCells === undefined)
          return {
            admitted: false,
            flavors: {},
            reason: `podset ${ps.name} (${ps.count} pod${ps.count === 1 ? '' : 's'}) fits no flavor: ${reasons.map((r) => r()).join(' | ')}`,
          };
        chosen[ps.name] = found;
        for (let k = 0; k < rs.length; k++) {
          const c = foundCells[k]!;
          const total = requests[rs[k]!]! * ps.count;
          assumed.set(c, (assumed.get(c) ?? 0) + total);
          charges.push([c, total]);
        }
      }
    }
    for (const [c, v] of charges) this.add(c, v);
    return { admitted: true, flavors: chosen };
  }

  /** The resources of a flavor that do not cover a request, with the quota left and what the cohort can lend. */
  private shortfall(cells: readonly Cell[], rs: readonly string[], ps: PodSet, assumed: ReadonlyMap<Cell, number>, inCohort: boolean): string[] {
    const out: string[] = [];
    for (let k = 0; k < rs.length; k++) {
      const r = rs[k]!;
      const c = cells[k]!;
      const total = ps.template.requests[r]! * ps.count;
      const before = assumed.get(c) ?? 0;
      const potential = this.potential(c);
      const available = this.available(c);
      if (before + total <= potential && before + total <= available) continue;
      const lend = inCohort && c.cohort ? c.cohort.capacity - c.cohort.used : 0;
      out.push(
        `${formatAmount(r, total)} ${r} requested, ${formatAmount(r, Math.max(0, available - before))} left (most ever ${formatAmount(r, potential)}; cohort can lend ${formatAmount(r, Math.max(0, lend))})`,
      );
    }
    return out;
  }

  /** Returns quota an admission reserved (a tentative surge pod that is rolled back). */
  release(queueName: string, flavors: Readonly<Record<string, string>>, podSets: readonly PodSet[]): void {
    const cq = this.queues.get(queueName)!;
    for (const ps of podSets) {
      const f = flavors[ps.name];
      if (f === undefined) continue;
      for (const [r, v] of Object.entries(ps.template.requests)) if (v > 0 && coveredBy(cq, r)) this.add(this.cell(cq, f, r), -v * ps.count);
    }
  }

  /** {@link flavorMismatchOf}, memoised per template: the pods of a per-pod workload share one. */
  private flavorMismatch(flavorName: string, ps: PodSet): (() => string) | undefined {
    let byFlavor = this.mismatches.get(ps.template);
    if (!byFlavor) {
      byFlavor = new Map();
      this.mismatches.set(ps.template, byFlavor);
    }
    if (byFlavor.has(flavorName)) return byFlavor.get(flavorName);
    const why = this.flavorMismatchOf(flavorName, ps);
    byFlavor.set(flavorName, why);
    return why;
  }

  /** Kueue's flavor checks before quota: untolerated flavor taints, then the flavor's labels against the pod's selector. */
  private flavorMismatchOf(flavorName: string, ps: PodSet): (() => string) | undefined {
    const flavor = this.flavors.get(flavorName);
    if (!flavor) return () => `flavor ${flavorName} not found`;
    for (const t of flavor.nodeTaints) {
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(ps.template.tolerations, t) && !tolerates(flavor.tolerations, t)) {
        return () => `untolerated taint ${t.key}=${t.value}:${t.effect} in flavor ${flavorName}`;
      }
    }
    // only selector keys the flavor itself labels are compared (flavorassigner.go flavorSelector)
    const selector = ps.template.nodeSelector;
    for (const k in selector) {
      const v = flavor.nodeLabels[k];
      if (v !== undefined && v !== selector[k]) return () => `flavor ${flavorName} doesn't match node affinity`;
    }
    return undefined;
  }
}

/** Resource names of requests, sorted; one list per requests object, which pods of a template share. */
const sortedNames = new WeakMap<object, readonly string[]>();

function sortedResources(requests: Readonly<Record<string, number>>): readonly string[] {
  let names = sortedNames.get(requests);
  if (!names) {
    names = Object.keys(requests).sort();
    sortedNames.set(requests, names);
  }
  return names;
}

function localQuota(q: Quota): number {
  return q.lendingLimit !== undefined ? Math.max(0, q.nominal - q.lendingLimit) : 0;
}

function coveredBy(cq: Queue, resource: string): boolean {
  return cq.groupOf.has(resource);
}

function parseQueue(name: string, spec: Record<string, unknown>): Queue {
  const groups = ((spec['resourceGroups'] as unknown[]) ?? []).map((g) => {
    const group = g as {
      coveredResources?: string[];
      flavors?: { name: string; resources?: { name: string; nominalQuota: unknown; borrowingLimit?: unknown; lendingLimit?: unknown }[] }[];
    };
    return {
      covered: group.coveredResources ?? [],
      flavors: (group.flavors ?? []).map((f) => ({
        name: f.name,
        quotas: new Map(
          (f.resources ?? []).map((r) => [
            r.name,
            {
              nominal: amountOf(r.name, r.nominalQuota),
              ...(r.borrowingLimit !== undefined ? { borrowingLimit: amountOf(r.name, r.borrowingLimit) } : {}),
              ...(r.lendingLimit !== undefined ? { lendingLimit: amountOf(r.name, r.lendingLimit) } : {}),
            },
          ]),
        ),
      })),
    };
  });
  const selector = spec['namespaceSelector'] as { matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined;
  const nsExpr = selector?.matchExpressions?.find((e) => e.key === 'kubernetes.io/metadata.name' && e.operator === 'In');
  const cohort = spec['cohortName'] as string | undefined;
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const r of g.covered) if (!groupOf.has(r)) groupOf.set(r, i);
  });
  return { name, groups, groupOf, ...(cohort !== undefined ? { cohort } : {}), ...(nsExpr ? { namespaces: nsExpr.values ?? [] } : {}) };
}
