/**
 * Kueue admission over the rendered ClusterQueues, LocalQueues and ResourceFlavors, following
 * Kueue v0.19.2: the flavor assigner (pkg/scheduler/flavorassigner/flavorassigner.go) and the
 * quota arithmetic of cohorts (pkg/cache/scheduler/resource_node.go).
 */
import type { ManifestObject } from '../constructs/platform/render';
import type { NodeTaint, PodSet, PodToleration, WorkloadModel } from './model';
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

const key = (a: string, b: string, c: string): string => `${a}\u0000${b}\u0000${c}`;

const NO_QUOTA: Quota = { nominal: 0 };

/** The Kueue objects of the rendered platform and the quota they have left. */
export class KueueState {
  private readonly queues = new Map<string, Queue>();
  private readonly localQueues = new Map<string, string>();
  /** The ResourceFlavors by name. */
  public readonly flavors = new Map<string, FlavorModel>();
  private readonly usage = new Map<string, number>();
  private readonly cohortUsage = new Map<string, number>();
  private readonly cohortCapacity = new Map<string, number>();
  private readonly quotas = new Map<string, Quota>();

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
      for (const g of q.groups) for (const f of g.flavors) for (const [r, quota] of f.quotas) this.quotas.set(key(q.name, f.name, r), quota);
      if (q.cohort === undefined) continue;
      for (const g of q.groups) {
        for (const f of g.flavors) {
          for (const [r, quota] of f.quotas) {
            const k = key(q.cohort, f.name, r);
            this.cohortCapacity.set(k, (this.cohortCapacity.get(k) ?? 0) + quota.nominal - localQuota(quota));
          }
        }
      }
    }
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

  private quota(cq: Queue, flavor: string, resource: string): Quota {
    return this.quotas.get(key(cq.name, flavor, resource)) ?? NO_QUOTA;
  }

  /** Unused quota the queue can still take in a flavor: its own, then the cohort's, within its borrowing limit. */
  available(cq: Queue, flavor: string, resource: string): number {
    const q = this.quota(cq, flavor, resource);
    const used = this.usage.get(key(cq.name, flavor, resource)) ?? 0;
    if (cq.cohort === undefined) return q.nominal - used;
    const local = localQuota(q);
    let parent = this.cohortLendable(cq.cohort, flavor, resource);
    if (q.borrowingLimit !== undefined) {
      const storedInParent = q.nominal - local;
      const usedInParent = Math.max(0, used - local);
      parent = Math.min(storedInParent - usedInParent + q.borrowingLimit, parent);
    }
    return Math.max(0, local - used) + parent;
  }

  /** What the cohort still has to lend in a flavor. */
  cohortLendable(cohort: string, flavor: string, resource: string): number {
    const k = key(cohort, flavor, resource);
    return (this.cohortCapacity.get(k) ?? 0) - (this.cohortUsage.get(k) ?? 0);
  }

  /** The most the queue could ever take in a flavor, with no usage anywhere. */
  potential(cq: Queue, flavor: string, resource: string): number {
    const q = this.quota(cq, flavor, resource);
    if (cq.cohort === undefined) return q.nominal;
    let avail = localQuota(q) + (this.cohortCapacity.get(key(cq.cohort, flavor, resource)) ?? 0);
    if (q.borrowingLimit !== undefined) avail = Math.min(q.nominal + q.borrowingLimit, avail);
    return avail;
  }

  private add(cq: Queue, flavor: string, resource: string, v: number): void {
    const q = this.quota(cq, flavor, resource);
    const k = key(cq.name, flavor, resource);
    const used = this.usage.get(k) ?? 0;
    this.usage.set(k, used + v);
    if (cq.cohort === undefined) return;
    // usage above the queue's own non-lendable share is drawn from (or returned to) the cohort
    const local = localQuota(q);
    const delta = Math.max(0, used + v - local) - Math.max(0, used - local);
    const ck = key(cq.cohort, flavor, resource);
    this.cohortUsage.set(ck, (this.cohortUsage.get(ck) ?? 0) + delta);
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
    const assumed = new Map<string, number>();
    const chosen: Record<string, string> = {};
    const charges: [string, string, number][] = [];
    for (const ps of podSets) {
      const total: Record<string, number> = {};
      const byGroup: string[][] = cq.groups.map(() => []);
      for (const r of sortedResources(ps.template.requests)) {
        const v = ps.template.requests[r]!;
        if (v <= 0) continue;
        const gi = cq.groupOf.get(r);
        if (gi === undefined) {
          if (r === 'pods') continue;
          return { admitted: false, flavors: {}, reason: `resource ${r} unavailable in ClusterQueue ${cq.name}` };
        }
        total[r] = v * ps.count;
        byGroup[gi]!.push(r);
      }
      for (let gi = 0; gi < cq.groups.length; gi++) {
        const g = cq.groups[gi]!;
        const rs = byGroup[gi]!;
        if (rs.length === 0) continue;
        // reasons are only spelled out when no flavor fits: most workloads fit one of many flavors
        const reasons: (() => string)[] = [];
        let found: string | undefined;
        for (const f of g.flavors) {
          const why = this.flavorMismatch(f.name, ps);
          if (why) {
            reasons.push(why);
            continue;
          }
          let fits = true;
          for (const r of rs) {
            const val = (assumed.get(`${f.name}\u0000${r}`) ?? 0) + total[r]!;
            if (val > this.potential(cq, f.name, r) || val > this.available(cq, f.name, r)) {
              fits = false;
              break;
            }
          }
          if (fits) {
            found = f.name;
            break;
          }
          reasons.push(() => `${f.name}: ${this.shortfall(cq, f.name, rs, total, assumed).join('; ')}`);
        }
        if (found === undefined)
          return {
            admitted: false,
            flavors: {},
            reason: `podset ${ps.name} (${ps.count} pod${ps.count === 1 ? '' : 's'}) fits no flavor: ${reasons.map((r) => r()).join(' | ')}`,
          };
        chosen[ps.name] = found;
        for (const r of rs) {
          assumed.set(`${found}\u0000${r}`, (assumed.get(`${found}\u0000${r}`) ?? 0) + total[r]!);
          charges.push([found, r, total[r]!]);
        }
      }
    }
    for (const [f, r, v] of charges) this.add(cq, f, r, v);
    return { admitted: true, flavors: chosen };
  }

  /** The resources of a flavor that do not cover a request, with the quota left and what the cohort can lend. */
  private shortfall(cq: Queue, flavor: string, rs: readonly string[], total: Readonly<Record<string, number>>, assumed: ReadonlyMap<string, number>): string[] {
    const out: string[] = [];
    for (const r of rs) {
      const before = assumed.get(`${flavor}\u0000${r}`) ?? 0;
      const potential = this.potential(cq, flavor, r);
      const available = this.available(cq, flavor, r);
      if (before + total[r]! <= potential && before + total[r]! <= available) continue;
      const lend = cq.cohort !== undefined ? this.cohortLendable(cq.cohort, flavor, r) : 0;
      out.push(
        `${formatAmount(r, total[r]!)} ${r} requested, ${formatAmount(r, Math.max(0, available - before))} left (most ever ${formatAmount(r, potential)}; cohort can lend ${formatAmount(r, Math.max(0, lend))})`,
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
      for (const [r, v] of Object.entries(ps.template.requests)) if (v > 0 && coveredBy(cq, r)) this.add(cq, f, r, -v * ps.count);
    }
  }

  /** Kueue's flavor checks before quota: untolerated flavor taints, then the flavor's labels against the pod's selector. */
  private flavorMismatch(flavorName: string, ps: PodSet): (() => string) | undefined {
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
