/**
 * `diffDecisions` and `diffNamespaceQuotas`: why a pool changed (its chosen and runner-up instance
 * types, basis, ruled-out types and repairs) and the team namespaces' ResourceQuotas, field by
 * field, as text, Markdown and JSON show them.
 */
import { diffDecisions, diffNamespaceQuotas, diffPlans } from '../../../planner/diff';
import { plan } from '../../../planner/plan';
import { PROSE_PLAN_VERSION, type Decision, type NamespaceQuotaPlan, type Plan } from '../../../planner/plan-types';
import { renderDiffMarkdown, renderDiffText } from '../../../report';
import { inference, notebook, platform } from '../../helpers/platform-builders';

const base = plan(platform({ workloads: [inference('chat', 'product', 'llama-3.1-8b'), notebook('lab', 'research', { gpu: { fraction: 0.25 } })] }));
const GPU_POOL = base.decisions.find((d) => d.nodePool.startsWith('gpu-'))!.nodePool;

/** `base` with the decision of `pool` changed. */
function withDecision(pool: string, change: (d: Decision) => Decision): Plan {
  return { ...base, decisions: base.decisions.map((d) => (d.nodePool === pool ? change(d) : d)) };
}

/** `base` with one team's namespace quota changed. */
function withNamespaceQuota(team: string, change: (q: NamespaceQuotaPlan) => NamespaceQuotaPlan): Plan {
  return { ...base, quotas: { ...base.quotas, namespaceQuotas: base.quotas.namespaceQuotas.map((q) => (q.team === team ? change(q) : q)) } };
}

const choice = { instanceType: 'x9.large', sharing: 'exclusive' as const, nodes: 2, hourlyCost: 3 };
const cpuShort = { kind: 'cpu' as const, workload: 'chat', requested: 4000, available: 1630 };
const repair = { kind: 'moved-here' as const, from: 'gpu-l40s-whole', workloads: ['chat'], savedHourly: 1.5 };

describe('diffDecisions', () => {
  it('finds nothing between a plan and itself', () => {
    expect(diffDecisions(base, base)).toEqual([]);
    expect(diffPlans(base, base).hasChanges).toBe(false);
  });

  it.each([
    ['the chosen instance type', (d: Decision) => ({ ...d, chosen: { ...d.chosen, instanceType: 'x9.large' } }), ['chosen']],
    ['the chosen sharing mode', (d: Decision) => ({ ...d, chosen: { ...d.chosen, sharing: 'mig' as const } }), ['chosen']],
    ['the basis', (d: Decision) => ({ ...d, basis: 'host-sized' as const }), ['basis']],
    ['the runner-up, added', (d: Decision) => ({ ...d, runnerUp: choice }), ['runnerUp']],
    ['the runner-up node count', (d: Decision) => ({ ...d, runnerUp: { ...(d.runnerUp ?? choice), nodes: (d.runnerUp ?? choice).nodes + 5 } }), ['runnerUp']],
  ] as const)('reports %s', (_, change, parts) => {
    const [c] = diffDecisions(base, withDecision(GPU_POOL, change));
    const before = base.decisions.find((d) => d.nodePool === GPU_POOL)!;
    const after = change(before);
    expect(c!.pool).toBe(GPU_POOL);
    expect(Object.keys(c!).filter((k) => k === 'chosen' || k === 'basis' || k === 'runnerUp')).toEqual(parts);
    if (parts[0] === 'chosen') expect(c!.chosen).toEqual({ before: before.chosen, after: after.chosen });
    if (parts[0] === 'basis') expect(c!.basis).toEqual({ before: before.basis, after: 'host-sized' });
    if (parts[0] === 'runnerUp') expect(c!.runnerUp).toEqual({ before: before.runnerUp ?? null, after: after.runnerUp });
    expect(c!.ruledOut).toEqual({ added: [], removed: [], changed: [] });
    expect(c!.repairs).toEqual({ added: [], removed: [] });
  });

  it.each([
    [
      'node count and cost of the chosen type (a pool change, not a decision change)',
      (d: Decision) => ({ ...d, chosen: { ...d.chosen, nodes: 9, hourlyCost: 99 } }),
    ],
    ['the runner-up cost alone', (d: Decision) => ({ ...d, runnerUp: d.runnerUp ? { ...d.runnerUp, hourlyCost: d.runnerUp.hourlyCost + 1 } : undefined })],
    [
      'the order of ruled-out types and their reasons',
      (d: Decision) => ({ ...d, ruledOut: [...d.ruledOut].reverse().map((r) => ({ ...r, reasons: [...r.reasons].reverse() })) }),
    ],
    ['the members', (d: Decision) => ({ ...d, members: [] })],
  ] as const)('ignores %s', (_, change) => {
    expect(diffDecisions(base, withDecision(GPU_POOL, change))).toEqual([]);
  });

  it('reports a runner-up that is gone as null', () => {
    const withRunnerUp = withDecision(GPU_POOL, (d) => ({ ...d, runnerUp: choice }));
    const without = withDecision(GPU_POOL, (d) => {
      const { runnerUp: _, ...rest } = d;
      return rest;
    });
    expect(diffDecisions(withRunnerUp, without)[0]!.runnerUp).toEqual({ before: choice, after: null });
  });

  it('reports instance types newly ruled out, no longer ruled out, and ruled out for other reasons', () => {
    const a = withDecision(GPU_POOL, (d) => ({
      ...d,
      ruledOut: [
        { instanceType: 'old.type', reasons: [cpuShort] },
        { instanceType: 'same.type', reasons: [cpuShort] },
      ],
    }));
    const moreCpu = { ...cpuShort, requested: 6000 };
    const b = withDecision(GPU_POOL, (d) => ({
      ...d,
      ruledOut: [
        { instanceType: 'same.type', reasons: [moreCpu] },
        { instanceType: 'new.type', reasons: [cpuShort] },
      ],
    }));
    expect(diffDecisions(a, b)).toEqual([
      {
        pool: GPU_POOL,
        ruledOut: {
          added: [{ instanceType: 'new.type', reasons: [cpuShort] }],
          removed: [{ instanceType: 'old.type', reasons: [cpuShort] }],
          changed: [{ instanceType: 'same.type', before: [cpuShort], after: [moreCpu] }],
        },
        repairs: { added: [], removed: [] },
      },
    ]);
  });

  it('reports repairs kept now and repairs gone, a changed saving as both', () => {
    // the plan's own repairs stay; one more is kept, then its saving changes
    const a = withDecision(GPU_POOL, (d) => ({ ...d, repairs: [...d.repairs, repair] }));
    const b = withDecision(GPU_POOL, (d) => ({ ...d, repairs: [...d.repairs, { ...repair, savedHourly: 2 }] }));
    expect(diffDecisions(base, a)[0]!.repairs).toEqual({ added: [repair], removed: [] });
    expect(diffDecisions(a, base)[0]!.repairs).toEqual({ added: [], removed: [repair] });
    expect(diffDecisions(a, b)[0]!.repairs).toEqual({ added: [{ ...repair, savedHourly: 2 }], removed: [repair] });
  });

  it('compares only pools both plans have, and nothing when a plan is v1alpha1 (prose decisions)', () => {
    const renamed = { ...base, decisions: base.decisions.map((d) => (d.nodePool === GPU_POOL ? { ...d, nodePool: 'other', chosen: choice } : d)) };
    expect(diffDecisions(base, renamed)).toEqual([]);
    const changed = withDecision(GPU_POOL, (d) => ({ ...d, chosen: choice }));
    const prose = { ...base, apiVersion: PROSE_PLAN_VERSION } as unknown as Plan;
    expect(diffDecisions(prose, changed)).toEqual([]);
    expect(diffDecisions(changed, prose)).toEqual([]);
  });

  it('says why a pool changed in text and Markdown, and counts it in the summary', () => {
    const after = withDecision(GPU_POOL, (d) => ({ ...d, chosen: choice, ruledOut: [{ instanceType: 'g6.xlarge', reasons: [cpuShort] }], repairs: [repair] }));
    const d = diffPlans(base, after);
    expect(d.hasChanges).toBe(true);
    const text = renderDiffText(d);
    expect(text).toContain('pool decision change');
    expect(text).toContain('\nWhy pools changed\n');
    expect(text).toContain(`  ${GPU_POOL}: chosen `);
    expect(text).toContain('-> x9.large (2 nodes, exclusive, $3.00/h)');
    expect(text).toContain('now ruled out: g6.xlarge (chat: 4000m CPU requested, 1630m allocatable)');
    expect(text).toContain('new repair: moved here from gpu-l40s-whole: chat, saving $1.50/h');
    const md = renderDiffMarkdown(d);
    expect(md).toContain('### Why pools changed');
    expect(md).toContain(`| \`${GPU_POOL}\` | chosen `);
    expect(md).toContain('→ x9.large (2 nodes, exclusive, $3.00/h)');
  });
});

describe('diffNamespaceQuotas', () => {
  it('finds nothing between a plan and itself', () => {
    expect(diffNamespaceQuotas(base, base)).toEqual([]);
  });

  it.each([
    ['requests.cpu', (q: NamespaceQuotaPlan) => ({ ...q, hard: { ...q.hard, requestsCpuMilli: q.hard.requestsCpuMilli! + 500 } }), 500],
    ['requests.memory', (q: NamespaceQuotaPlan) => ({ ...q, hard: { ...q.hard, requestsMemoryBytes: q.hard.requestsMemoryBytes! + 1024 } }), 1024],
    ['limits.memory', (q: NamespaceQuotaPlan) => ({ ...q, hard: { ...q.hard, limitsMemoryBytes: q.hard.limitsMemoryBytes! + 2048 } }), 2048],
  ] as const)('reports %s by team, with both values', (key, change, delta) => {
    const [c, ...rest] = diffNamespaceQuotas(base, withNamespaceQuota('product', change));
    expect(rest).toEqual([]);
    expect(c!.team).toBe('product');
    expect(c!.resource).toBe(key);
    expect(c!.after! - c!.before!).toBe(delta);
  });

  it('reports an extended resource added and removed with null on the side that lacks it', () => {
    const more = withNamespaceQuota('research', (q) => ({
      ...q,
      hard: { ...q.hard, requestsExtended: { ...q.hard.requestsExtended, 'nvidia.com/mig-1g.10gb': 7 } },
    }));
    expect(diffNamespaceQuotas(base, more)).toEqual([{ team: 'research', resource: 'requests.nvidia.com/mig-1g.10gb', before: null, after: 7 }]);
    expect(diffNamespaceQuotas(more, base)).toEqual([{ team: 'research', resource: 'requests.nvidia.com/mig-1g.10gb', before: 7, after: null }]);
    const text = renderDiffText(diffPlans(base, more));
    expect(text).toContain('\nNamespace quotas (team / ResourceQuota key)\n  research requests.nvidia.com/mig-1g.10gb: - -> 7 (added)\n');
    expect(text).toContain('1 namespace quota change');
  });

  it('shows CPU in cores and memory in GiB', () => {
    const cpu = withNamespaceQuota('product', (q) => ({ ...q, hard: { ...q.hard, requestsCpuMilli: 2500, requestsMemoryBytes: 3 * 2 ** 30 } }));
    const b = withNamespaceQuota('product', (q) => ({ ...q, hard: { ...q.hard, requestsCpuMilli: 4000, requestsMemoryBytes: 2 * 2 ** 30 } }));
    const md = renderDiffMarkdown(diffPlans(cpu, b));
    expect(md).toContain('| product | `requests.cpu` | 2.5 cores | 4 cores | +1.5 cores |');
    expect(md).toContain('| product | `requests.memory` | 3 GiB | 2 GiB | -1 GiB |');
  });
});
