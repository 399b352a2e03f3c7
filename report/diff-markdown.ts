/**
 * Markdown rendering of a plan diff for pull-request comments: a summary a reviewer reads first,
 * then tables, with the nodes to drain and the cost change called out.
 */
import { describeDrainCause, fieldLabel, fieldValue, quotaDelta, quotaValue, signedPercent, signedUsd, usd } from './diff-format';
import { drainedNodeCount, summaryLine } from './diff-summary';
import { decisionParts, namespaceQuotaRow } from './diff-decisions';
import type { FieldChange, PlanDiff, PoolSummary } from '../planner/diff/types';

/** Escapes what would break a table cell or start formatting. */
function cell(text: string | number): string {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function section(title: string, body: readonly string[]): string[] {
  return body.length === 0 ? [] : ['', `### ${title}`, '', ...body];
}

function changes(list: readonly FieldChange[]): string {
  return list.map((c) => `${fieldLabel(c.field)}: ${fieldValue(c.field, c.before)} → ${fieldValue(c.field, c.after)}`).join('; ');
}

function poolRow(change: string, p: PoolSummary): (string | number)[] {
  const gpu = p.gpuModel === null ? '-' : `${p.gpusPerNode}× ${p.gpuModel}`;
  return [change, code(p.name), p.instanceType, gpu, p.nodes, p.sharing, p.capacity, `${usd(p.hourlyCost)}/h`];
}

/** Renders a diff as GitHub-flavoured Markdown; ends with a newline. */
export function renderDiffMarkdown(d: PlanDiff): string {
  const title = d.before.platform === d.after.platform ? code(d.after.platform) : `${code(d.before.platform)} → ${code(d.after.platform)}`;
  const head = [`## Plan diff: ${title}`, '', `**Summary:** ${summaryLine(d)}`];
  if (!d.hasChanges) return `${head.join('\n')}\n`;
  const drained = drainedNodeCount(d);
  const lines = [
    ...head,
    ...section(
      'Settings',
      d.settings.length === 0
        ? []
        : table(
            ['setting', 'before', 'after'],
            d.settings.map((c) => [c.field, fieldValue(c.field, c.before), fieldValue(c.field, c.after)]),
          ),
    ),
    ...section(
      `Nodes to drain (${drained})`,
      d.drains.length === 0
        ? []
        : [
            "Cordon and drain these nodes (pool and node index as in the plan's placements) before or while the change rolls out:",
            '',
            ...table(
              ['pool', 'nodes', 'why', 'because', 'replicas evicted'],
              d.drains.map((x) => [
                code(x.pool),
                x.nodes.join(', '),
                `**${x.reason}**: ${x.detail}`,
                x.causes.map(describeDrainCause).join('; '),
                x.evicted.length === 0 ? 'none' : x.evicted.map((e) => `${e.workload}#${e.replica}`).join(', '),
              ]),
            ),
          ],
    ),
    ...section(
      'Node pools',
      d.pools.added.length + d.pools.removed.length === 0
        ? []
        : table(
            ['change', 'pool', 'instance type', 'GPUs per node', 'nodes', 'sharing', 'capacity', 'cost'],
            [...d.pools.added.map((p) => poolRow('added', p)), ...d.pools.removed.map((p) => poolRow('removed', p))],
          ),
    ),
    ...section(
      'Pools changed',
      d.pools.changed.length === 0
        ? []
        : table(
            ['pool', 'changes'],
            d.pools.changed.map((p) => [code(p.name), changes(p.changes)]),
          ),
    ),
    ...section(
      'MIG layouts',
      d.migLayouts.length === 0
        ? []
        : table(
            ['pool', 'before', 'after'],
            d.migLayouts.map((m) => [code(m.pool), m.before, m.after]),
          ),
    ),
    ...section(
      'Time-slicing',
      d.timeSlicing.length === 0
        ? []
        : table(
            ['pool', 'replicas per GPU before', 'after'],
            d.timeSlicing.map((t) => [code(t.pool), t.before ?? 'not time-sliced', t.after ?? 'not time-sliced']),
          ),
    ),
    ...section(
      'Teams',
      d.teams.added.length + d.teams.removed.length === 0
        ? []
        : table(['change', 'team'], [...d.teams.added.map((t) => ['added', t]), ...d.teams.removed.map((t) => ['removed', t])]),
    ),
    ...section(
      'Kueue quotas',
      d.quotas.length === 0
        ? []
        : table(
            ['team (ClusterQueue)', 'flavor', 'resource', 'field', 'before', 'after', 'change'],
            d.quotas.map((q) => [
              q.team,
              code(q.flavor),
              code(q.resource),
              q.field,
              quotaValue(q.resource, q.before),
              quotaValue(q.resource, q.after),
              quotaDelta(q.resource, q.before, q.after),
            ]),
          ),
    ),
    ...section(
      'Namespace quotas',
      d.namespaceQuotas.length === 0
        ? []
        : table(
            ['team', 'ResourceQuota key', 'before', 'after', 'change'],
            d.namespaceQuotas.map((q) => namespaceQuotaRow(q).map((v, i) => (i === 1 ? code(v) : v))),
          ),
    ),
    ...section(
      'Why pools changed',
      d.decisions.length === 0
        ? []
        : table(
            ['pool', 'what changed in its decision'],
            d.decisions.map((c) => [code(c.pool), decisionParts(c, '→').join('; ')]),
          ),
    ),
    ...section(
      'Cost',
      table(
        ['', 'before', 'after', 'change'],
        [
          ['hourly', usd(d.cost.hourly.before), usd(d.cost.hourly.after), `**${signedUsd(d.cost.deltaHourly)}** (${signedPercent(d.cost.deltaPercent)})`],
          ['monthly (730 h)', usd(d.cost.monthly.before), usd(d.cost.monthly.after), `**${signedUsd(d.cost.deltaMonthly)}**`],
        ],
      ),
    ),
    ...section(
      'Workloads',
      d.workloads.added.length + d.workloads.removed.length + d.workloads.moved.length + d.workloads.changed.length === 0
        ? []
        : table(
            ['change', 'workload', 'team', 'details'],
            [
              ...d.workloads.added.map((w) => ['added', w.name, w.team, `on ${code(w.nodePool)}`]),
              ...d.workloads.removed.map((w) => ['removed', w.name, w.team, `from ${code(w.nodePool)}`]),
              ...d.workloads.moved.map((w) => ['moved', w.name, w.team, `${code(w.from)} → ${code(w.to)}`]),
              ...d.workloads.changed.map((w) => ['changed', w.name, w.team, changes(w.changes)]),
            ],
          ),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
