/**
 * The parts of a plan diff that say why pools changed (their decisions) and what the team
 * namespaces may hold (their ResourceQuotas), for the text and Markdown renderers.
 */
import { quotaDelta, quotaValue, usd } from './diff-format';
import { describeFitFailure } from './explanations';
import type { DecisionChange, NamespaceQuotaChange } from '../planner/diff/types';
import type { PoolChoice, Repair, RuledOut } from '../planner/plan-types';

/** The unit a ResourceQuota key counts in, as `quotaValue` names resources: `cpu`, `memory` or a device. */
function quotaUnit(key: string): string {
  if (key === 'requests.cpu') return 'cpu';
  if (key === 'requests.memory' || key === 'limits.memory') return 'memory';
  return key;
}

/** `research requests.cpu: 16 cores -> 20 cores (+4 cores)`. */
export function namespaceQuotaText(q: NamespaceQuotaChange, arrow: string): string {
  const unit = quotaUnit(q.resource);
  return `${q.team} ${q.resource}: ${quotaValue(unit, q.before)} ${arrow} ${quotaValue(unit, q.after)} (${quotaDelta(unit, q.before, q.after)})`;
}

/** Cells of a namespace quota change: team, key, before, after, change. */
export function namespaceQuotaRow(q: NamespaceQuotaChange): string[] {
  const unit = quotaUnit(q.resource);
  return [q.team, q.resource, quotaValue(unit, q.before), quotaValue(unit, q.after), quotaDelta(unit, q.before, q.after)];
}

function choice(c: PoolChoice | null): string {
  if (c === null) return 'none';
  return `${c.instanceType} (${c.nodes} node${c.nodes === 1 ? '' : 's'}, ${c.sharing}, ${usd(c.hourlyCost)}/h)`;
}

function ruledOut(r: RuledOut): string {
  return `${r.instanceType} (${r.reasons.map(describeFitFailure).join(', ')})`;
}

function repair(r: Repair): string {
  return `moved here from ${r.from}: ${r.workloads.join(', ')}, saving ${usd(r.savedHourly)}/h`;
}

/** Each changed part of a pool's decision in words, most telling first. */
export function decisionParts(c: DecisionChange, arrow: string): string[] {
  return [
    ...(c.chosen ? [`chosen ${choice(c.chosen.before)} ${arrow} ${choice(c.chosen.after)}`] : []),
    ...(c.basis ? [`basis ${c.basis.before} ${arrow} ${c.basis.after}`] : []),
    ...(c.runnerUp ? [`runner-up ${choice(c.runnerUp.before)} ${arrow} ${choice(c.runnerUp.after)}`] : []),
    ...c.ruledOut.added.map((r) => `now ruled out: ${ruledOut(r)}`),
    ...c.ruledOut.removed.map((r) => `no longer ruled out: ${r.instanceType}`),
    ...c.ruledOut.changed.map(
      (r) =>
        `${r.instanceType} ruled out for other reasons: ${r.before.map(describeFitFailure).join(', ')} ${arrow} ${r.after.map(describeFitFailure).join(', ')}`,
    ),
    ...c.repairs.added.map((r) => `new repair: ${repair(r)}`),
    ...c.repairs.removed.map((r) => `repair gone: ${repair(r)}`),
  ];
}
