/**
 * A team's ResourceQuota from its Kueue quotas: the most the team could ever be admitted.
 */
import type { ClusterQueuePlan, Plan } from '../../planner/plan-types';
import { formatBytes, formatCpu } from '../common/quantities';

/**
 * The hard ResourceQuota of a team: per resource, its nominal quota plus what it may borrow
 * (its borrowing limit, or everything the other queues of the cohort can lend).
 *
 * Kueue does the admission; this backstop only stops objects created around Kueue from taking
 * more than the team could have been admitted.
 *
 * @returns undefined when the team has no ClusterQueue
 */
export function teamResourceQuota(plan: Plan, team: string): Record<string, string | number> | undefined {
  const own = plan.quotas.clusterQueues.find((q) => q.team === team);
  if (!own) return undefined;
  const totals = new Map<string, number>();
  for (const group of own.resourceGroups) {
    for (const flavor of group.flavors) {
      for (const r of flavor.resources) {
        const borrowable = r.borrowingLimit ?? lendableByOthers(plan.quotas.clusterQueues, own, flavor.name, r.name);
        totals.set(r.name, (totals.get(r.name) ?? 0) + r.nominalQuota + borrowable);
      }
    }
  }
  const hard: Record<string, string | number> = {};
  for (const name of [...totals.keys()].sort()) {
    const v = totals.get(name)!;
    if (name === 'cpu') hard['requests.cpu'] = formatCpu(v);
    else if (name === 'memory') {
      hard['requests.memory'] = formatBytes(v);
      hard['limits.memory'] = formatBytes(v);
    } else hard[`requests.${name}`] = v;
  }
  return hard;
}

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
