/**
 * Kueue quotas from the plan: a ResourceFlavor per pool, a ClusterQueue per team in one cohort,
 * a LocalQueue in each team namespace, and the ResourceQuota of each team namespace.
 *
 * Nominal quota is exactly what the team's workloads were planned onto, so the quotas of a pool
 * never add up to more than the pool has. Weights decide the rest:
 * - borrowingLimit lets a team grow to its weighted share of the pool (`capacity × w / Σw`);
 * - lendingLimit lets the cohort borrow the part of a team's quota its weight does not protect
 *   (`nominal × (1 − w / Σw)`), so a heavier team keeps more of its quota to itself.
 */
import type { ClusterQueuePlan, LocalQueuePlan, PoolTaint, QuotasPlan, ResourceFlavorPlan } from '../plan-types';
import { POOL_LABEL } from '../pools/pool-key';
import { namespaceQuotasOf } from './namespace-quotas';

/** A pool as quotas see it: what it offers per resource. */
export interface QuotaPool {
  readonly name: string;
  readonly taints: readonly PoolTaint[];
  /** Resource name to capacity in whole units (milli-CPU, bytes, devices). */
  readonly capacity: Readonly<Record<string, number>>;
}

/** What one team's workloads use in one pool, per resource. */
export interface TeamUsage {
  readonly team: string;
  readonly pool: string;
  readonly resources: Readonly<Record<string, number>>;
}

/** A team for quotas. */
export interface QuotaTeam {
  readonly name: string;
  readonly weight: number;
  readonly namespace: string;
}

/** Name of a team's LocalQueue. */
export function localQueueName(team: string): string {
  return `${team}-queue`;
}

/** Builds the Kueue objects of the plan. Pools and teams in any order give the same result. */
export function planQuotas(cohort: string, pools: readonly QuotaPool[], teams: readonly QuotaTeam[], usage: readonly TeamUsage[]): QuotasPlan {
  const sortedPools = [...pools].sort((a, b) => cmp(a.name, b.name));
  const sortedTeams = [...teams].sort((a, b) => cmp(a.name, b.name));
  const covered = [...new Set(sortedPools.flatMap((p) => Object.keys(p.capacity)))].sort(compareResources);
  const totalWeight = sortedTeams.reduce((s, t) => s + t.weight, 0);
  const used = usedByTeamPool(usage);

  const resourceFlavors: ResourceFlavorPlan[] = sortedPools.map((p) => ({
    name: p.name,
    nodePool: p.name,
    nodeLabels: { [POOL_LABEL]: p.name },
    nodeTaints: [...p.taints],
    tolerations: p.taints.map((t) => ({ key: t.key, operator: 'Equal' as const, value: t.value, effect: t.effect })),
  }));

  const clusterQueues: ClusterQueuePlan[] = sortedTeams.map((team) => {
    const share = totalWeight > 0 ? team.weight / totalWeight : 1;
    return {
      name: team.name,
      team: team.name,
      cohort,
      weight: team.weight,
      namespace: team.namespace,
      resourceGroups:
        covered.length === 0
          ? []
          : [
              {
                coveredResources: covered,
                flavors: sortedPools.map((p) => ({
                  name: p.name,
                  resources: covered.map((r) => {
                    const capacity = p.capacity[r] ?? 0;
                    const nominalQuota = used.get(team.name)?.get(p.name)?.get(r) ?? 0;
                    return {
                      name: r,
                      nominalQuota,
                      borrowingLimit: Math.max(0, Math.floor(capacity * share) - nominalQuota),
                      lendingLimit: Math.floor(nominalQuota * (1 - share)),
                    };
                  }),
                })),
              },
            ],
    };
  });

  const localQueues: LocalQueuePlan[] = sortedTeams.map((t) => ({
    name: localQueueName(t.name),
    namespace: t.namespace,
    clusterQueue: t.name,
    team: t.name,
  }));

  return { cohort, resourceFlavors, clusterQueues, localQueues, namespaceQuotas: namespaceQuotasOf(clusterQueues) };
}

/**
 * What each team uses in each pool, per resource: team, then pool, then resource. Nested maps
 * rather than one map on a joined key, so a fleet's usages build no key strings.
 */
function usedByTeamPool(usage: readonly TeamUsage[]): Map<string, Map<string, Map<string, number>>> {
  const used = new Map<string, Map<string, Map<string, number>>>();
  for (const u of usage) {
    let byPool = used.get(u.team);
    if (!byPool) used.set(u.team, (byPool = new Map()));
    let byResource = byPool.get(u.pool);
    if (!byResource) byPool.set(u.pool, (byResource = new Map()));
    for (const r in u.resources) byResource.set(r, (byResource.get(r) ?? 0) + u.resources[r]!);
  }
  return used;
}

/** cpu, memory, then extended resources by name. */
function compareResources(a: string, b: string): number {
  const rank = (r: string): number => (r === 'cpu' ? 0 : r === 'memory' ? 1 : 2);
  return rank(a) - rank(b) || cmp(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
