/**
 * Human forms of a plan: an aligned text table for the terminal and Markdown for pull requests.
 */
import type { NodePoolPlan, Plan, PoolSharing } from '../planner/plan-types';
import { describeDecision, describeWarning } from './explanations';
import { costBoundLines } from './cost-bound';

/** A table as rows of cells; the first row is the header. */
type Table = readonly (readonly string[])[];

/** One-line description of a pool's sharing, e.g. `mig 3g.40gb×2`, `time-slicing ×4`. */
export function describeSharing(s: PoolSharing): string {
  if (s.mode === 'time-slicing') return `time-slicing ×${s.replicas ?? 1}`;
  if (s.mode === 'mig') {
    const layouts = (s.migDevices ?? []).map((d) =>
      Object.entries(d.profiles)
        .map(([p, c]) => `${p}×${c}`)
        .join('+'),
    );
    return `mig ${layouts.join(' | ')}`;
  }
  return 'exclusive';
}

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

function poolRows(plan: Plan): Table {
  return [
    ['pool', 'instance type', 'GPU', 'nodes', 'GPUs', 'sharing', 'capacity', 'zones', '$/hour'],
    ...plan.nodePools.map((p: NodePoolPlan) => [
      p.name,
      p.instanceType,
      p.gpuModel ?? '-',
      String(p.nodes),
      String(p.nodes * p.gpusPerNode),
      describeSharing(p.sharing),
      p.capacity,
      p.zones.join(','),
      usd(p.hourlyCost),
    ]),
  ];
}

function workloadRows(plan: Plan): Table {
  return [
    ['workload', 'team', 'type', 'replicas', 'GPU per replica', 'GPU memory', 'CPU', 'memory', 'pool'],
    ...plan.workloads.map((w) => {
      const r = w.perReplica;
      const gpu = r.migProfile ? `MIG ${r.migProfile}` : r.gpus === 0 ? '-' : r.gpus < 1 ? `share ${r.gpus}` : `${r.gpus}`;
      const par = w.parallelism.tensorParallel && w.parallelism.tensorParallel > 1 ? ` (TP${w.parallelism.tensorParallel})` : '';
      const zero = w.parallelism.zeroStage !== undefined ? ` (ZeRO-${w.parallelism.zeroStage})` : '';
      return [
        w.name,
        w.team,
        w.type,
        String(w.replicas),
        gpu + par + zero,
        r.gpuMemoryBytes ? gib(r.gpuMemoryBytes) : '-',
        `${r.cpuMilli}m`,
        gib(r.memoryBytes),
        w.nodePool,
      ];
    }),
  ];
}

function quotaRows(plan: Plan): Table {
  const rows: string[][] = [['team', 'flavor', 'resource', 'nominal', 'borrowing limit', 'lending limit']];
  for (const cq of plan.quotas.clusterQueues) {
    for (const g of cq.resourceGroups) {
      for (const f of g.flavors) {
        for (const r of f.resources) {
          if (r.nominalQuota === 0 && (r.borrowingLimit ?? 0) === 0) continue;
          rows.push([
            cq.team,
            f.name,
            r.name,
            fmtQuota(r.name, r.nominalQuota),
            fmtQuota(r.name, r.borrowingLimit ?? 0),
            fmtQuota(r.name, r.lendingLimit ?? 0),
          ]);
        }
      }
    }
  }
  return rows;
}

function fmtQuota(resource: string, v: number): string {
  if (resource === 'cpu') return `${v}m`;
  if (resource === 'memory') return gib(v);
  return String(v);
}

function summaryLines(plan: Plan): string[] {
  const u = plan.utilization;
  const c = plan.cost;
  const bound = costBoundLines(c, usd);
  return [
    `platform ${plan.platform} on ${plan.provider} ${plan.region} (${plan.zones.join(', ')}), Kubernetes ${plan.kubernetesVersion}`,
    `cost ${usd(c.hourly)}/hour, ${usd(c.monthly)}/month; ${bound.gap}`,
    ...bound.details.map((d) => `  ${d}`),
    `GPUs ${u.gpus.provisioned} provisioned for ${u.gpus.requested} requested (lower bound ${u.gpuLowerBound})`,
    ...searchLine(plan),
    ...stabilityLine(plan),
  ];
}

/** How the plan was chosen among restrictions of the policy; nothing on a provider without GPUs. */
function searchLine(plan: Plan): string[] {
  const s = plan.search;
  if (!s || s.gpuModels.length === 0) return [];
  if (!s.exhaustive) return ["planned under the file's policy only: the fleet is beyond the search's bounds, so allowing more may cost more"];
  const own = s.unrestrictedHourly !== undefined ? `the policy's own plan: ${usd(s.unrestrictedHourly)}/hour` : "the policy's own plan is infeasible";
  // the optimiser plans over every option of the policy, so its plan is the policy's own
  if (plan.cost.method?.plan === 'optimiser') {
    return [`the packer tried ${s.candidates} restrictions of the policy (${own}); the optimiser's plan over the whole policy is cheaper`];
  }
  return [
    `cheapest of ${s.candidates} restrictions of the policy: GPUs ${s.gpuModels.join(', ')}, sharing ${s.sharing}, capacity ${s.capacityPolicy} (${own})`,
  ];
}

/** What planning with a previous plan kept. */
function stabilityLine(plan: Plan): string[] {
  const s = plan.stability;
  if (!s) return [];
  const over = `${s.overFreshPercent.toFixed(1)}% over the fresh plan's ${usd(s.freshHourly)}/hour`;
  if (s.outcome === 'kept-previous') {
    return [
      `kept the previous plan for ${over} (tolerance ${s.tolerancePercent}%): ${s.avoidedDrains} node drains avoided, ${s.keptPlacements} replicas left in place`,
    ];
  }
  return [`replanned: keeping the previous plan would cost ${usd(s.keepingHourly)}/hour, ${over} (tolerance ${s.tolerancePercent}%), or drain no fewer nodes`];
}

function renderAligned(t: Table): string {
  const widths = t[0]!.map((_, i) => Math.max(...t.map((r) => (r[i] ?? '').length)));
  return t
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function renderMarkdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const [head, ...rows] = t;
  return [`| ${head!.map(esc).join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** The plan as aligned text tables for a terminal. */
export function renderPlanText(plan: Plan): string {
  const parts = [
    summaryLines(plan).join('\n'),
    'Node pools\n' + renderAligned(poolRows(plan)),
    'Workloads\n' + renderAligned(workloadRows(plan)),
    'Kueue quotas (cohort ' + plan.quotas.cohort + ')\n' + renderAligned(quotaRows(plan)),
  ];
  if (plan.warnings.length) parts.push('Warnings\n' + plan.warnings.map((w) => `- ${describeWarning(w)}`).join('\n'));
  return parts.join('\n\n') + '\n';
}

/** The plan as Markdown, for pull requests and reports. */
export function renderPlanMarkdown(plan: Plan): string {
  const parts = [
    `# Plan: ${plan.platform}`,
    summaryLines(plan)
      .map((l) => `- ${l}`)
      .join('\n'),
    '## Node pools\n\n' + renderMarkdownTable(poolRows(plan)),
    '## Workloads\n\n' + renderMarkdownTable(workloadRows(plan)),
    `## Kueue quotas (cohort \`${plan.quotas.cohort}\`)\n\n` + renderMarkdownTable(quotaRows(plan)),
    '## Decisions\n\n' + plan.decisions.map((d) => `- **${d.nodePool}**: ${describeDecision(d)}`).join('\n'),
  ];
  if (plan.warnings.length) parts.push('## Warnings\n\n' + plan.warnings.map((w) => `- ${describeWarning(w)}`).join('\n'));
  return parts.join('\n\n') + '\n';
}
