/**
 * The stack output that tells a reader what a deployment costs and holds, without the full plan.
 */
import type { Plan } from '../../planner/plan-types';

/** One node pool in the summary. */
export interface PlanSummaryPool {
  readonly name: string;
  readonly instanceType: string;
  readonly nodes: number;
  readonly gpuModel: string | null;
  readonly gpus: number;
  readonly sharing: string;
  readonly capacity: string;
  readonly hourlyCost: number;
}

/** What `CnaiPlatform.planSummary` holds. */
export interface PlanSummary {
  readonly platform: string;
  readonly provider: string;
  readonly region: string;
  readonly pools: readonly PlanSummaryPool[];
  /** Physical GPUs provisioned. */
  readonly gpus: number;
  readonly hourlyCost: number;
  readonly monthlyCost: number;
  readonly teams: readonly string[];
  readonly workloads: number;
}

/** Summarizes a plan; pools and teams sorted by name. */
export function summarizePlan(plan: Plan): PlanSummary {
  const pools = [...plan.nodePools]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => ({
      name: p.name,
      instanceType: p.instanceType,
      nodes: p.nodes,
      gpuModel: p.gpuModel,
      gpus: p.nodes * p.gpusPerNode,
      sharing: p.sharing.mode,
      capacity: p.capacity,
      hourlyCost: p.hourlyCost,
    }));
  return {
    platform: plan.platform,
    provider: plan.provider,
    region: plan.region,
    pools,
    gpus: pools.reduce((n, p) => n + p.gpus, 0),
    hourlyCost: plan.cost.hourly,
    monthlyCost: plan.cost.monthly,
    teams: plan.teams.map((t) => t.name).sort(),
    workloads: plan.workloads.length,
  };
}
