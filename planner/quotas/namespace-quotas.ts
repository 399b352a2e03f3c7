/**
 * The hard ResourceQuota of each team namespace, derived from the teams' Kueue quotas: the most a
 * team could ever be admitted. Kueue does the admission; this backstop only stops objects created
 * around Kueue (a bare pod, a Deployment without a queue label) from taking more than that.
 *
 * Kubernetes semantics the values follow (`pkg/quota/v1/evaluator/core/pods.go`): an extended
 * resource is limited only as `requests.<name>` (extended resources cannot be overcommitted, so a
 * `limits.` key would never be counted); a quota on `requests.memory` or `limits.memory` makes
 * the API server refuse pods that leave that value unset, which the namespace's LimitRange
 * defaults cover.
 */
import type { ClusterQueuePlan, NamespaceQuotaPlan } from '../plan-types';

/**
 * Per team, its ResourceQuota hard limits: for each resource, its nominal quota plus what it may
 * borrow (its borrowing limit, or, without one, everything the other queues of its cohort lend),
 * summed over every flavor. Memory limits equal memory requests: a pod's limit defaults to its
 * request in a team namespace, and a higher one would let the namespace hold more than it could
 * be admitted.
 *
 * @returns one entry per ClusterQueue, sorted by team
 */
export function namespaceQuotasOf(clusterQueues: readonly ClusterQueuePlan[]): NamespaceQuotaPlan[] {
  return [...clusterQueues]
    .sort((a, b) => compare(a.team, b.team) || compare(a.name, b.name))
    .map((own) => {
      const totals = new Map<string, number>();
      for (const group of own.resourceGroups) {
        for (const flavor of group.flavors) {
          for (const r of flavor.resources) {
            const borrowable = r.borrowingLimit ?? lendableByOthers(clusterQueues, own, flavor.name, r.name);
            totals.set(r.name, (totals.get(r.name) ?? 0) + r.nominalQuota + borrowable);
          }
        }
      }
      const cpu = totals.get('cpu');
      const memory = totals.get('memory');
      const extended: Record<string, number> = {};
      for (const name of [...totals.keys()].filter((n) => n !== 'cpu' && n !== 'memory').sort()) extended[name] = totals.get(name)!;
      return {
        team: own.team,
        namespace: own.namespace,
        hard: {
          ...(cpu !== undefined ? { requestsCpuMilli: cpu } : {}),
          ...(memory !== undefined ? { requestsMemoryBytes: memory, limitsMemoryBytes: memory } : {}),
          requestsExtended: extended,
        },
      };
    });
}

/** What the other queues of `own`'s cohort lend of one resource in one flavor (all of it without a lending limit). */
function lendableByOthers(queues: readonly ClusterQueuePlan[], own: ClusterQueuePlan, flavor: string, resource: string): number {
  let sum = 0;
  for (const q of queues) {
    if (q.name === own.name || q.cohort !== own.cohort) continue;
    for (const g of q.resourceGroups) {
      for (const f of g.flavors) {
        if (f.name !== flavor) continue;
        for (const r of f.resources) if (r.name === resource) sum += r.lendingLimit ?? r.nominalQuota;
      }
    }
  }
  return sum;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
