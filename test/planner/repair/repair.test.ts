/**
 * The repair stage alone (`improveChoices`), table-driven with small builders: a pool that costs
 * clearly more than its workloads' shares moves them to another pool, but only when the plan gets
 * cheaper; what a move saved is recorded; only "no single instance type hosts the merged pool"
 * is an expected failure; the result does not depend on the order of its inputs.
 */
import type { PlannedWorkload } from '../../../planner/choose/plan-demand';
import { InfeasibleError } from '../../../planner/errors';
import type { CloudContext } from '../../../planner/options/context';
import type { BuiltPool } from '../../../planner/pools/build-pool';
import { improveChoices, WASTE_FRACTION } from '../../../planner/repair/repair';
import type { WorkloadSpec } from '../../../planner/spec/schema';
import { chosenAndPooled } from '../../helpers/planner-builders';
import { inference, notebook, shuffled, type PolicySpec } from '../../helpers/platform-builders';

const chat = inference('chat', 'product', 'llama-3.1-8b');
const embed = inference('embed', 'product', 'llama-3.2-1b');

const total = (pools: readonly BuiltPool[]): number => pools.reduce((s, p) => s + p.hourlyCost, 0);
const poolOf = (planned: readonly PlannedWorkload[], name: string): string => planned.find((p) => p.key === name)!.pool;
/** What a pool's members estimated for themselves (their share of the cheapest fitting node). */
const estimated = (planned: readonly PlannedWorkload[], pool: string): number =>
  planned.filter((p) => p.pool === pool).reduce((s, p) => s + (p.option?.estimatedHourly ?? 0), 0);

describe('improveChoices: which pools move', () => {
  it.each<[string, readonly WorkloadSpec[], PolicySpec | undefined, readonly string[]]>([
    // one 8B replica on A100 MIG would buy a whole 8-GPU p4de: moving it to a one-GPU L40S node is far cheaper
    ['a lone replica that would buy an 8-GPU node moves', [chat], undefined, ['chat']],
    ['every member of the wasteful pool moves together', [chat, embed], undefined, ['chat', 'embed']],
  ])('%s', (_, workloads, policy, moved) => {
    const { planned, pools, ctx } = chosenAndPooled({ workloads, policy });
    const from = poolOf(planned, moved[0]!);
    const fromPool = pools.find((p) => p.name === from)!;
    expect(fromPool.hourlyCost - estimated(planned, from)).toBeGreaterThan(WASTE_FRACTION * fromPool.hourlyCost);

    const r = improveChoices(planned, pools, ctx);
    expect(r.moves).toHaveLength(1);
    const [move] = r.moves;
    expect(move!.repair).toEqual(expect.objectContaining({ kind: 'moved-here', from, workloads: [...moved].sort() }));
    expect(r.pools.map((p) => p.name)).not.toContain(from);
    for (const w of moved) expect(poolOf(r.planned, w)).toBe(move!.pool);
    // the option given up is what decisions report as the runner-up
    for (const w of moved) expect(r.planned.find((p) => p.key === w)!.runnerUp).toBe(planned.find((p) => p.key === w)!.option);
    expect(total(r.pools)).toBeLessThan(total(pools));
  });

  it.each<[string, readonly WorkloadSpec[], PolicySpec, boolean]>([
    // wasteful (a MIG slice on a one-GPU p5.4xlarge), but its only other pool costs the same: a tie is no repair
    ['a move that costs the same is not kept', [chat], { allowedGpus: ['H100-80GB'] }, true],
    // two L4s on a 4-GPU g6.12xlarge are wasteful, but the only other pool (a whole H100 node) costs more
    ['a move that costs more is not kept', [chat], { allowedGpus: ['H100-80GB', 'L4'], gpuSharing: 'exclusive' }, true],
    // fourteen replicas fill their nodes: nothing to repair
    ['a pool its members fill is left alone', [inference('chat', 'product', 'llama-3.1-8b', { replicas: 14 })], { allowedGpus: ['H100-80GB', 'L4'] }, false],
    ['a workload pinned to one GPU has nowhere to go', [notebook('lab', 'research', { gpu: { count: 1, model: 'H100-80GB' } })], {}, false],
  ])('%s', (_, workloads, policy, wasteful) => {
    const { planned, pools, ctx } = chosenAndPooled({ workloads, policy });
    const waste = pools.map((p) => p.hourlyCost - estimated(planned, p.name) > WASTE_FRACTION * p.hourlyCost);
    expect(waste).toEqual([wasteful]);
    const r = improveChoices(planned, pools, ctx);
    expect(r.moves).toEqual([]);
    expect(r.pools.map((p) => [p.name, p.instanceType.name, p.pack.nodes.length, p.hourlyCost])).toEqual(
      pools.map((p) => [p.name, p.instanceType.name, p.pack.nodes.length, p.hourlyCost]),
    );
    expect(r.planned.map((p) => p.pool)).toEqual(planned.map((p) => p.pool));
  });
});

describe('improveChoices: what a move saved', () => {
  it.each<[string, readonly WorkloadSpec[]]>([
    ['one workload', [chat]],
    ['two workloads of one pool beside an untouched pool', [chat, embed, notebook('lab', 'research', { gpu: { fraction: 0.25 } })]],
  ])('savedHourly is the drop in the plan cost (%s)', (_, workloads) => {
    const { planned, pools, ctx } = chosenAndPooled({ workloads });
    const r = improveChoices(planned, pools, ctx);
    const saved = r.moves.reduce((s, m) => s + m.repair.savedHourly, 0);
    expect(r.moves.length).toBeGreaterThan(0);
    expect(saved).toBeCloseTo(total(pools) - total(r.pools), 6);
    for (const m of r.moves) expect(m.repair.savedHourly).toBeGreaterThan(0);
  });

  it('records the saving on the pool moved to: its new cost minus what both pools cost before', () => {
    const { planned, pools, ctx } = chosenAndPooled({ workloads: [chat] });
    const r = improveChoices(planned, pools, ctx);
    const [move] = r.moves;
    const target = r.pools.find((p) => p.name === move!.pool)!;
    const before = pools.filter((p) => p.name === move!.repair.from || p.name === move!.pool);
    expect(move!.repair.savedHourly).toBeCloseTo(total(before) - target.hourlyCost, 6);
  });
});

describe('improveChoices: failures', () => {
  /** The context with the instance types the repair rebuilds pools from replaced by a throw. */
  const throwing = (ctx: CloudContext, error: Error): CloudContext => ({
    ...ctx,
    typesOn: () => {
      throw error;
    },
  });

  it('skips a target no single instance type can host (an InfeasibleError) and keeps the plan', () => {
    const { planned, pools, ctx } = chosenAndPooled({ workloads: [chat] });
    const r = improveChoices(planned, pools, throwing(ctx, new InfeasibleError('pool x', 'no single instance type can host every replica')));
    expect(r.moves).toEqual([]);
    expect(r.pools).toEqual(pools);
  });

  it('lets any other error surface', () => {
    const { planned, pools, ctx } = chosenAndPooled({ workloads: [chat] });
    expect(() => improveChoices(planned, pools, throwing(ctx, new TypeError('catalogue unreadable')))).toThrow(new TypeError('catalogue unreadable'));
  });
});

describe('improveChoices: determinism', () => {
  const workloads = [chat, embed, notebook('lab', 'research', { gpu: { fraction: 0.25 } }), inference('big', 'research', 'llama-3.1-70b')];

  it.each([1, 2, 3])('gives the same pools, moves and choices whatever the order of workloads and pools (seed %i)', (seed) => {
    const { planned, pools, ctx } = chosenAndPooled({ workloads });
    const a = improveChoices(planned, pools, ctx);
    const b = improveChoices(shuffled(planned, seed), shuffled(pools, seed + 10), ctx);
    const view = (r: ReturnType<typeof improveChoices>) => ({
      pools: r.pools.map((p) => [p.name, p.instanceType.name, p.pack.nodes.length, p.hourlyCost]),
      moves: r.moves,
      choices: [...r.planned].map((p) => `${p.key}@${p.pool}`).sort(),
    });
    expect(view(b)).toEqual(view(a));
  });
});
