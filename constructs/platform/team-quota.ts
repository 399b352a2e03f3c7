/**
 * A team's ResourceQuota as Kubernetes quantities, from the limits the planner derived
 * (`plan.quotas.namespaceQuotas`, `planner/quotas/namespace-quotas.ts`).
 */
import type { NamespaceQuotaHard, NamespaceQuotaPlan, Plan } from '../../planner/plan-types';
import { namespaceQuotasOf } from '../../planner/quotas/namespace-quotas';
import { formatBytes, formatCpu } from '../common/quantities';

/**
 * The hard ResourceQuota of a team: per resource, its nominal quota plus what it may borrow, as
 * the plan gives it, with CPU and memory formatted as quantities and extended resources as counts.
 *
 * Kueue does the admission; this backstop only stops objects created around Kueue from taking
 * more than the team could have been admitted.
 *
 * @returns undefined when the plan has no namespace quota for the team
 */
export function teamResourceQuota(plan: Plan, team: string): Record<string, string | number> | undefined {
  const own = quotasByTeam(plan).get(team);
  return own ? formatQuotaHard(own.hard) : undefined;
}

/** Per plan, its namespace quotas by team: a platform of 10,000 teams asks once per team. */
const byTeam = new WeakMap<Plan, ReadonlyMap<string, NamespaceQuotaPlan>>();

function quotasByTeam(plan: Plan): ReadonlyMap<string, NamespaceQuotaPlan> {
  let m = byTeam.get(plan);
  if (!m) {
    // a plan object built before namespace quotas were in the contract lacks them: derive them the planner's way
    const quotas: readonly NamespaceQuotaPlan[] = plan.quotas.namespaceQuotas ?? namespaceQuotasOf(plan.quotas.clusterQueues);
    const map = new Map<string, NamespaceQuotaPlan>();
    // the first entry of a team wins, as a scan would find it
    for (const q of quotas) if (!map.has(q.team)) map.set(q.team, q);
    m = map;
    byTeam.set(plan, m);
  }
  return m;
}

/** The `spec.hard` keys of a ResourceQuota, sorted, from the planner's numbers. */
export function formatQuotaHard(hard: NamespaceQuotaHard): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (hard.requestsCpuMilli !== undefined) out['requests.cpu'] = formatCpu(hard.requestsCpuMilli);
  if (hard.requestsMemoryBytes !== undefined) out['requests.memory'] = formatBytes(hard.requestsMemoryBytes);
  if (hard.limitsMemoryBytes !== undefined) out['limits.memory'] = formatBytes(hard.limitsMemoryBytes);
  for (const [name, count] of Object.entries(hard.requestsExtended)) out[`requests.${name}`] = count;
  const sorted: Record<string, string | number> = {};
  for (const key of Object.keys(out).sort()) sorted[key] = out[key]!;
  return sorted;
}
