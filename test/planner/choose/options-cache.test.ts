/**
 * Options are computed once per workload shape (`shapeKey`) and, across the search's
 * restrictions, once per sharing policy and shape: workloads that differ only in name and team
 * share them, and workloads that differ in anything the options depend on never do.
 */
import { planDemand, poolKeyFor, poolOfOption, shapeKey, withOption, type OptionsCache, type PlannedWorkload } from '../../../planner/choose/plan-demand';
import { cloudContext } from '../../../planner/options/context';
import { poolName } from '../../../planner/pools/pool-key';
import { resolvePlatform } from '../../../planner/resolve/resolve';
import { restrictedInputs } from '../../../planner/search/stages';
import { batch, inference, platform } from '../../helpers/platform-builders';

const of = (planned: readonly PlannedWorkload[], name: string): PlannedWorkload => planned.find((p) => p.w.name === name && p.role === 'workload')!;

describe('options per workload shape', () => {
  it('are shared by workloads that differ only in name and team', () => {
    const r = resolvePlatform(
      platform({ workloads: [inference('chat-a', 'red', 'llama-3.1-8b', { replicas: 2 }), inference('chat-b', 'blue', 'llama-3.1-8b', { replicas: 2 })] }),
    );
    const planned = planDemand(r.workloads, cloudContext(r));
    expect(shapeKey(r.workloads[0]!)).toBe(shapeKey(r.workloads[1]!));
    expect(of(planned, 'chat-a').alternatives).toBe(of(planned, 'chat-b').alternatives);
  });

  it('are not shared by workloads that differ in a field of their spec', () => {
    const r = resolvePlatform(
      platform({ workloads: [inference('chat-a', 'red', 'llama-3.1-8b', { replicas: 2 }), inference('chat-b', 'red', 'llama-3.1-8b', { replicas: 3 })] }),
    );
    const planned = planDemand(r.workloads, cloudContext(r));
    expect(shapeKey(r.workloads[0]!)).not.toBe(shapeKey(r.workloads[1]!));
    expect(of(planned, 'chat-a').option!.replicas).toBe(2);
    expect(of(planned, 'chat-b').option!.replicas).toBe(3);
  });

  it('are not shared across restrictions that give one spec another capacity type', () => {
    // under spot-with-fallback a GPU batch job runs on spot; the on-demand restriction plans the same spec on on-demand
    const r = resolvePlatform(
      platform({
        policy: { capacity: 'spot-with-fallback' },
        workloads: [batch('crunch', 'red', { gpu: { count: 1 }, resources: { cpu: 4, memory: '16Gi' } })],
      }),
    );
    const ctx = cloudContext(r);
    const shared: OptionsCache = { gpuModels: ctx.gpuModels, byShape: new Map() };
    const onDemand = restrictedInputs(r.workloads, ctx, { gpuModels: ctx.gpuModels, sharing: ctx.sharing, capacityPolicy: 'on-demand' }, r.capacityPolicy);
    expect(r.workloads[0]!.capacity).toBe('spot');
    expect(onDemand.workloads[0]!.capacity).toBe('on-demand');
    const spot = of(planDemand(r.workloads, ctx, shared), 'crunch');
    const demand = of(planDemand(onDemand.workloads, onDemand.ctx, shared), 'crunch');
    // each as computed without the shared cache: the on-demand plan did not reuse the spot options
    expect(spot.alternatives).toEqual(of(planDemand(r.workloads, ctx), 'crunch').alternatives);
    expect(demand.alternatives).toEqual(of(planDemand(onDemand.workloads, onDemand.ctx), 'crunch').alternatives);
    expect(demand.option!.estimatedHourly).toBeGreaterThan(spot.option!.estimatedHourly);
  });

  it('join one pool per option, provider and capacity type', () => {
    const r = resolvePlatform(platform({ workloads: [inference('chat', 'red', 'llama-3.1-8b')] }));
    const ctx = cloudContext(r);
    const chat = of(planDemand(r.workloads, ctx), 'chat');
    const o = chat.option!;
    const onSpot = { ...chat.w, capacity: 'spot' as const };
    // one option, two capacity types: two pools, each the one a fresh key names
    const onDemand = withOption(chat, o, ctx).pool;
    const spot = withOption({ ...chat, w: onSpot }, o, ctx);
    expect(onDemand).toBe(poolName(poolKeyFor(o, chat.w, ctx)));
    expect(spot.pool).toBe(poolName(poolKeyFor(o, onSpot, ctx)));
    expect(spot.pool).toBe(`${onDemand}-spot`);
    expect(spot.poolKey.capacity).toBe('spot');
    // the same option and capacity type: the same key and name, not rebuilt
    expect(poolOfOption(o, chat.w, ctx)).toBe(poolOfOption(o, { ...chat.w, name: 'other' }, ctx));
  });
});
