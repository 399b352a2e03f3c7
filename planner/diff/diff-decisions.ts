/**
 * Why pools changed, and what the teams' namespaces may hold: comparing the decisions of the
 * pools two plans share, and the hard limits of the team namespaces' ResourceQuotas.
 */
import {
  PROSE_PLAN_VERSION,
  type Decision,
  type FitFailure,
  type NamespaceQuotaHard,
  type Plan,
  type PoolChoice,
  type Repair,
  type RuledOut,
} from '../plan-types';
import type { DecisionChange, NamespaceQuotaChange, RuledOutChange } from './types';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ResourceQuota keys of a namespace quota with their values. */
function hardEntries(h: NamespaceQuotaHard): Map<string, number> {
  const out = new Map<string, number>();
  if (h.requestsCpuMilli !== undefined) out.set('requests.cpu', h.requestsCpuMilli);
  if (h.requestsMemoryBytes !== undefined) out.set('requests.memory', h.requestsMemoryBytes);
  if (h.limitsMemoryBytes !== undefined) out.set('limits.memory', h.limitsMemoryBytes);
  for (const [name, count] of Object.entries(h.requestsExtended)) out.set(`requests.${name}`, count);
  return out;
}

/** Every hard limit that differs, by team then ResourceQuota key; a team in one plan only shows all its limits. */
export function diffNamespaceQuotas(a: Plan, b: Plan): NamespaceQuotaChange[] {
  const byTeam = (p: Plan): Map<string, Map<string, number>> => new Map(p.quotas.namespaceQuotas.map((q) => [q.team, hardEntries(q.hard)]));
  const ta = byTeam(a);
  const tb = byTeam(b);
  const changes: NamespaceQuotaChange[] = [];
  for (const team of [...new Set([...ta.keys(), ...tb.keys()])].sort(compare)) {
    const ha = ta.get(team) ?? new Map<string, number>();
    const hb = tb.get(team) ?? new Map<string, number>();
    for (const resource of [...new Set([...ha.keys(), ...hb.keys()])].sort(compare)) {
      const before = ha.get(resource) ?? null;
      const after = hb.get(resource) ?? null;
      if (before !== after) changes.push({ team, resource, before, after });
    }
  }
  return changes;
}

function sameChoice(x: PoolChoice | undefined, y: PoolChoice | undefined, fields: readonly (keyof PoolChoice)[]): boolean {
  if (x === undefined || y === undefined) return x === y;
  return fields.every((f) => x[f] === y[f]);
}

function failureKey(f: FitFailure): string {
  return `${f.kind}\u0000${f.workload}\u0000${f.requested}\u0000${f.available}`;
}

function sameReasons(x: readonly FitFailure[], y: readonly FitFailure[]): boolean {
  const kx = x.map(failureKey).sort(compare);
  const ky = y.map(failureKey).sort(compare);
  return kx.length === ky.length && kx.every((k, i) => k === ky[i]);
}

function diffRuledOut(a: readonly RuledOut[], b: readonly RuledOut[]): DecisionChange['ruledOut'] {
  const ia = new Map(a.map((r) => [r.instanceType, r]));
  const ib = new Map(b.map((r) => [r.instanceType, r]));
  const byType = (x: { instanceType: string }, y: { instanceType: string }): number => compare(x.instanceType, y.instanceType);
  const changed: RuledOutChange[] = [];
  for (const r of [...a].sort(byType)) {
    const n = ib.get(r.instanceType);
    if (n !== undefined && !sameReasons(r.reasons, n.reasons)) changed.push({ instanceType: r.instanceType, before: r.reasons, after: n.reasons });
  }
  return {
    added: b.filter((r) => !ia.has(r.instanceType)).sort(byType),
    removed: a.filter((r) => !ib.has(r.instanceType)).sort(byType),
    changed,
  };
}

function repairKey(r: Repair): string {
  return `${r.kind}\u0000${r.from}\u0000${[...r.workloads].sort(compare).join(',')}\u0000${r.savedHourly}`;
}

function diffRepairs(a: readonly Repair[], b: readonly Repair[]): DecisionChange['repairs'] {
  const ka = new Set(a.map(repairKey));
  const kb = new Set(b.map(repairKey));
  const order = (x: Repair, y: Repair): number => compare(repairKey(x), repairKey(y));
  return { added: b.filter((r) => !ka.has(repairKey(r))).sort(order), removed: a.filter((r) => !kb.has(repairKey(r))).sort(order) };
}

function diffDecision(a: Decision, b: Decision): DecisionChange | undefined {
  const ruledOut = diffRuledOut(a.ruledOut, b.ruledOut);
  const repairs = diffRepairs(a.repairs, b.repairs);
  const change: DecisionChange = {
    pool: a.nodePool,
    ...(a.basis !== b.basis ? { basis: { before: a.basis, after: b.basis } } : {}),
    ...(!sameChoice(a.chosen, b.chosen, ['instanceType', 'sharing']) ? { chosen: { before: a.chosen, after: b.chosen } } : {}),
    ...(!sameChoice(a.runnerUp, b.runnerUp, ['instanceType', 'nodes']) ? { runnerUp: { before: a.runnerUp ?? null, after: b.runnerUp ?? null } } : {}),
    ruledOut,
    repairs,
  };
  const listed = ruledOut.added.length + ruledOut.removed.length + ruledOut.changed.length + repairs.added.length + repairs.removed.length;
  return change.basis || change.chosen || change.runnerUp || listed > 0 ? change : undefined;
}

/**
 * The decisions that differ for pools both plans have, by pool name. Plans of
 * `cnai.dev/v1alpha1` have prose decisions, so nothing is compared when either is one.
 */
export function diffDecisions(a: Plan, b: Plan): DecisionChange[] {
  if ((a.apiVersion as string) === PROSE_PLAN_VERSION || (b.apiVersion as string) === PROSE_PLAN_VERSION) return [];
  const after = new Map(b.decisions.map((d) => [d.nodePool, d]));
  return [...a.decisions]
    .sort((x, y) => compare(x.nodePool, y.nodePool))
    .flatMap((d) => {
      const n = after.get(d.nodePool);
      const c = n === undefined ? undefined : diffDecision(d, n);
      return c ? [c] : [];
    });
}
