/**
 * Plain-text rendering of a plan diff for terminals: a summary line, then one section per kind
 * of change, empty sections left out.
 */
import { describeDrainCause, fieldLabel, fieldValue, quotaDelta, quotaValue, signedPercent, signedUsd, usd } from './diff-format';
import { summaryLine } from './diff-summary';
import { decisionParts, namespaceQuotaText } from './diff-decisions';
import type { FieldChange, PlanDiff, PoolSummary } from '../planner/diff/types';

function identity(d: PlanDiff['before']): string {
  return `${d.platform} (${d.provider}${d.region ? ` ${d.region}` : ''})`;
}

function pool(p: PoolSummary): string {
  const gpu = p.gpuModel === null ? 'no GPU' : `${p.gpusPerNode}x ${p.gpuModel}`;
  return `${p.name}: ${p.nodes} x ${p.instanceType} (${gpu}, ${p.sharing}, ${p.capacity}, ${usd(p.hourlyCost)}/h)`;
}

function changes(list: readonly FieldChange[]): string {
  return list.map((c) => `${fieldLabel(c.field)} ${fieldValue(c.field, c.before)} -> ${fieldValue(c.field, c.after)}`).join(', ');
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', title, ...lines.map((l) => `  ${l}`)];
}

/** Renders a diff as text; ends with a newline. `no changes` when the plans are equivalent. */
export function renderDiffText(d: PlanDiff): string {
  const head = `Plan diff: ${identity(d.before)} -> ${identity(d.after)}`;
  if (!d.hasChanges) return `${head}\nno changes\n`;
  const lines = [
    head,
    `Summary: ${summaryLine(d)}`,
    ...section(
      'Settings',
      d.settings.map((c) => `${c.field}: ${fieldValue(c.field, c.before)} -> ${fieldValue(c.field, c.after)}`),
    ),
    ...section('Node pools', [
      ...d.pools.added.map((p) => `+ ${pool(p)}`),
      ...d.pools.removed.map((p) => `- ${pool(p)}`),
      ...d.pools.changed.map((p) => `~ ${p.name}: ${changes(p.changes)}`),
    ]),
    ...section(
      'MIG layouts',
      d.migLayouts.map((m) => `${m.pool}: ${m.before} -> ${m.after}`),
    ),
    ...section(
      'Time-slicing (replicas per GPU)',
      d.timeSlicing.map((t) => `${t.pool}: ${t.before ?? 'not time-sliced'} -> ${t.after ?? 'not time-sliced'}`),
    ),
    ...section(
      'Nodes to drain',
      d.drains.map((x) => {
        const evicted = x.evicted.length === 0 ? 'no workloads placed there' : `evicts ${x.evicted.map((e) => `${e.workload}#${e.replica}`).join(', ')}`;
        const because = x.causes.map(describeDrainCause).join('; ');
        return `${x.pool} node${x.nodes.length === 1 ? '' : 's'} ${x.nodes.join(', ')} [${x.reason}]: ${x.detail}; because ${because}; ${evicted}`;
      }),
    ),
    ...section('Teams', [...d.teams.added.map((t) => `+ ${t}`), ...d.teams.removed.map((t) => `- ${t}`)]),
    ...section(
      'Quotas (team / flavor / resource)',
      d.quotas.map(
        (q) =>
          `${q.team} / ${q.flavor} / ${q.resource} ${q.field}: ${quotaValue(q.resource, q.before)} -> ${quotaValue(q.resource, q.after)} (${quotaDelta(q.resource, q.before, q.after)})`,
      ),
    ),
    ...section(
      'Namespace quotas (team / ResourceQuota key)',
      d.namespaceQuotas.map((q) => namespaceQuotaText(q, '->')),
    ),
    ...section(
      'Why pools changed',
      d.decisions.map((c) => `${c.pool}: ${decisionParts(c, '->').join('; ')}`),
    ),
    ...section('Cost', [
      `hourly: ${usd(d.cost.hourly.before)} -> ${usd(d.cost.hourly.after)} (${signedUsd(d.cost.deltaHourly)}, ${signedPercent(d.cost.deltaPercent)})`,
      `monthly (730 h): ${usd(d.cost.monthly.before)} -> ${usd(d.cost.monthly.after)} (${signedUsd(d.cost.deltaMonthly)})`,
    ]),
    ...section('Workloads', [
      ...d.workloads.added.map((w) => `+ ${w.name} (team ${w.team}) on ${w.nodePool}`),
      ...d.workloads.removed.map((w) => `- ${w.name} (team ${w.team}) from ${w.nodePool}`),
      ...d.workloads.moved.map((w) => `> ${w.name} (team ${w.team}) moves ${w.from} -> ${w.to}`),
      ...d.workloads.changed.map((w) => `~ ${w.name} (team ${w.team}): ${changes(w.changes)}`),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
