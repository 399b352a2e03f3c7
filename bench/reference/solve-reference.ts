/**
 * The reference optimiser of the benchmark: the column generation of `planner/optimise/` over
 * the reference's demand, in which an option may run on any instance type of its GPU model (no
 * one-pool-per-workload restriction), seeded with the nodes of the planner's plan.
 */
import { cloudContext, resolvePlatform } from './planner-facts';
import type { Plan } from '../../planner/plan-types';
import type { PlatformSpec } from '../../planner/spec/schema';
import {
  patternKey,
  solveColumnGeneration,
  type ColumnGenerationOptions,
  type ColumnGenerationResult,
  type Pattern,
} from '../../planner/optimise/column-generation';
import type { Demand } from '../../planner/optimise/demand';
import type { MipSolver } from '../../planner/optimise/linear-program';
import { fitsNode, nodeKinds, podClasses, type NodeKind, type PodClass } from '../../planner/optimise/nodes';
import { matchesPlan } from './demand';

/** What the reference found, with the cross-check of the planner's nodes. */
export interface ReferenceResult extends ColumnGenerationResult {
  /** Nodes of the planner's plan that fit no node of the model (a cross-check; 0 expected). */
  readonly planNodesOutsideModel: number;
}

/** Seconds since the process started: the benchmark's clock (the planner never reads one). */
const clock = (): number => Number(process.hrtime.bigint()) / 1e9;

/**
 * Solves the reference for a platform: column generation for the bound, a MIP for a plan.
 *
 * @param plannerPlan the planner's plan of the same platform; its nodes seed the patterns
 */
export function solveReference(solver: MipSolver, spec: PlatformSpec, d: Demand, plannerPlan: Plan, options: ColumnGenerationOptions = {}): ReferenceResult {
  const classes = podClasses(d);
  const kinds = nodeKinds(cloudContext(resolvePlatform(spec)), d, classes);
  const fromPlan = planPatterns(d, classes, kinds, plannerPlan);
  const r = solveColumnGeneration(solver, d, classes, kinds, fromPlan.patterns, { clock, ...options });
  return { ...r, planNodesOutsideModel: fromPlan.outside };
}

/** The planner's nodes as patterns of the model, and how many fit none. */
export function planPatterns(d: Demand, classes: readonly PodClass[], kinds: readonly NodeKind[], p: Plan): { patterns: Pattern[]; outside: number } {
  const groupOf = new Map<string, number>();
  d.groups.forEach((g, i) => g.workloads.forEach((w) => groupOf.set(w, i)));
  const pools = new Map(p.nodePools.map((n) => [n.name, n] as const));
  const wl = new Map(p.workloads.map((w) => [w.name, w] as const));
  const rowOf = new Map<string, number>(); // workload|zone -> row
  for (const w of p.workloads) {
    const gi = groupOf.get(w.name);
    if (gi === undefined) continue;
    const pool = pools.get(w.nodePool)!;
    const match = classes.filter((c) => c.group === gi && matchesPlan(c.option, w, pool));
    for (const c of match) rowOf.set(`${w.name}|${c.zone}`, c.row);
  }
  const byNode = new Map<string, { pool: string; zone: string; rows: Map<number, number>; ok: boolean }>();
  for (const pl of p.placements) {
    const k = `${pl.nodePool}/${pl.node}`;
    const e = byNode.get(k) ?? { pool: pl.nodePool, zone: pl.zone, rows: new Map(), ok: true };
    const w = wl.get(pl.workload)!;
    const z = d.zones.indexOf(pl.zone);
    const row = rowOf.get(`${w.name}|${w.zoneSpread && d.zones.length > 1 ? z : -1}`);
    if (row === undefined) e.ok = false;
    else e.rows.set(row, (e.rows.get(row) ?? 0) + 1);
    byNode.set(k, e);
  }
  const seen = new Set<string>();
  const patterns: Pattern[] = [];
  let outside = 0;
  for (const e of [...byNode.values()].sort((a, b) => (a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0))) {
    const pool = pools.get(e.pool)!;
    const spread = [...e.rows.keys()].some((r) => classes[r]!.zone >= 0);
    const zone = spread ? d.zones.indexOf(e.zone) : -1;
    const kind = kinds.find((k) => k.type.name === pool.instanceType && k.capacity === pool.capacity && e.ok && fitsNode(k, classes, e.rows));
    if (!kind) {
      outside++;
      continue;
    }
    const pat = { kind, zone, counts: e.rows };
    const k = patternKey(pat);
    if (!seen.has(k)) {
      seen.add(k);
      patterns.push(pat);
    }
  }
  return { patterns, outside };
}
