/**
 * Planning with a previous plan: the fresh plan unless it disrupts the previous one; then the
 * plan that keeps the previous pools, nodes and placements, if it costs at most the tolerance
 * more than the fresh plan.
 */
import { InfeasibleError } from '../errors';
import type { KeptPool, Placement, Plan, StabilityRecord } from '../plan-types';
import type { CloudContext } from '../options/context';
import type { ResolvedWorkload } from '../resolve/resolve';
import { diffPlans } from '../diff/diff-plans';
import type { PlanDiff } from '../diff/types';
import type { PlanStages } from '../search/stages';
import { keepPrevious } from './keep';

/**
 * Most the plan may cost over the fresh plan to keep the previous one: 5 %. A change that can
 * save more than that is worth a drain; below it, nodes and pods stay where they are.
 */
export const KEEP_TOLERANCE = 0.05;

/** Assembles a plan from its stages, with what keeping the previous plan did. */
export type AssemblePlan = (stages: PlanStages, stability?: StabilityRecord) => Plan;

/** What `preferPrevious` decides between. */
export interface PreferPreviousInput {
  readonly previous: Plan;
  /** Fraction, e.g. 0.05. */
  readonly tolerance: number;
  readonly workloads: readonly ResolvedWorkload[];
  readonly ctx: CloudContext;
  /** The fresh plan and the stages it was assembled from. */
  readonly fresh: Plan;
  readonly freshStages: PlanStages;
  readonly assemble: AssemblePlan;
}

/**
 * The fresh plan when it drains no node and moves no replica of the previous one (so planning
 * with a plan's own output changes nothing); otherwise the plan keeping the previous one when it
 * is less disruptive and within the tolerance, else the fresh plan; both with a record.
 *
 * @throws InfeasibleError when the previous plan is of another provider or region
 */
export function preferPrevious(input: PreferPreviousInput): Plan {
  const { previous, fresh, tolerance } = input;
  if (previous.provider !== fresh.provider || previous.region !== fresh.region) {
    throw new InfeasibleError(
      'spec.target',
      `the previous plan targets ${previous.provider} ${previous.region} and the file ${fresh.provider} ${fresh.region}: nothing can be kept. Fix: pass the previous plan of this platform, or plan without --previous`,
    );
  }
  const freshDiff = diffPlans(previous, fresh);
  const freshCost = disruption(previous, fresh, freshDiff);
  if (freshCost.drainedNodes === 0 && freshCost.movedReplicas === 0) return fresh;
  const stages = keepPrevious(previous, input.workloads, input.ctx, input.freshStages);
  const keeping = stages ? input.assemble(stages) : undefined;
  const keepDiff = keeping ? diffPlans(previous, keeping) : undefined;
  const keepCost = keeping && keepDiff ? disruption(previous, keeping, keepDiff) : undefined;
  const freshHourly = fresh.cost.hourly;
  const keepingHourly = keeping?.cost.hourly ?? freshHourly;
  const lessDisruptive =
    keepCost !== undefined &&
    (keepCost.drainedNodes < freshCost.drainedNodes || (keepCost.drainedNodes === freshCost.drainedNodes && keepCost.movedReplicas < freshCost.movedReplicas));
  const keep = lessDisruptive && keepingHourly <= freshHourly * (1 + tolerance) + 1e-6;
  const out = keep ? keeping! : fresh;
  const outDiff = keep ? keepDiff! : freshDiff;
  const record: StabilityRecord = {
    outcome: keep ? 'kept-previous' : 'replanned',
    tolerancePercent: round2(tolerance * 100),
    freshHourly,
    keepingHourly,
    overFreshPercent: freshHourly > 0 ? round2(((keepingHourly - freshHourly) / freshHourly) * 100) : 0,
    keptPools: keptPools(previous, out, outDiff),
    keptPlacements: keptPlacements(previous, out),
    avoidedDrains: keep ? freshCost.drainedNodes - keepCost!.drainedNodes : 0,
  };
  return input.assemble(keep ? stages! : input.freshStages, record);
}

/** Nodes a plan drains and replicas it moves (to another pool, node, GPU or zone) relative to the previous plan. */
function disruption(previous: Plan, next: Plan, d: PlanDiff): { drainedNodes: number; movedReplicas: number } {
  const drained = new Set(d.drains.flatMap((x) => x.nodes.map((n) => `${x.pool}#${n}`)));
  const placements = previous.placements.length;
  return { drainedNodes: drained.size, movedReplicas: placements - keptPlacements(previous, next) - removedReplicas(previous, next) };
}

/** Replicas of the previous plan whose workload (or replica index) the new plan no longer has. */
function removedReplicas(previous: Plan, next: Plan): number {
  const now = new Set(next.placements.map(placementKey));
  return previous.placements.filter((p) => !now.has(placementKey(p))).length;
}

function placementKey(p: Placement): string {
  return `${p.workload}#${p.replica}`;
}

/** Replicas placed on the same pool, node, zone and GPUs as in the previous plan. */
function keptPlacements(previous: Plan, next: Plan): number {
  const where = (p: Placement) => `${p.nodePool}#${p.node}#${p.zone}#${p.gpus.join(',')}#${p.migProfile ?? ''}#${p.share ?? ''}`;
  const now = new Map(next.placements.map((p) => [placementKey(p), where(p)] as const));
  return previous.placements.filter((p) => now.get(placementKey(p)) === where(p)).length;
}

/** Pools of the previous plan that keep their instance type, with the nodes kept and added. */
function keptPools(previous: Plan, next: Plan, d: PlanDiff): KeptPool[] {
  const now = new Map(next.nodePools.map((p) => [p.name, p] as const));
  const drained = new Map<string, Set<number>>();
  for (const x of d.drains) drained.set(x.pool, new Set([...(drained.get(x.pool) ?? []), ...x.nodes]));
  return previous.nodePools
    .filter((p) => now.get(p.name)?.instanceType === p.instanceType)
    .map((p) => {
      const n = now.get(p.name)!;
      return {
        nodePool: p.name,
        instanceType: p.instanceType,
        keptNodes: p.nodes - (drained.get(p.name)?.size ?? 0),
        addedNodes: Math.max(0, n.nodes - p.nodes),
      };
    })
    .sort((a, b) => (a.nodePool < b.nodePool ? -1 : 1));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
