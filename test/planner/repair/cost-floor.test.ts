/**
 * The repair skips targets whose cost floor already rules the move out (docs/decisions/0054),
 * and before that targets whose floor from the demand alone does (docs/decisions/0066): neither
 * floor exceeds what the pool costs once built, and on random fleets the repair with the floors
 * gives exactly what it gives when every target is built and compared.
 *
 * The seed is fixed so a failure reproduces; fast-check prints the counterexample's draw.
 */
import * as fc from 'fast-check';
import { syntheticFleet } from '../../../bench/synthetic';
import { REGIONS } from '../../../planner/catalogue';
import { InfeasibleError } from '../../../planner/errors';
import { cloudContext } from '../../../planner/options/context';
import { buildPoolOrUndefined, buildPools, groupByPool, joinedPoolCostFloor, poolCostFloorOf, type Joiner } from '../../../planner/pools/build-pools';
import { improveChoices, NO_FLOOR, type JoinedPoolFloor, type PoolCostFloor } from '../../../planner/repair/repair';
import { poolKeyFor, withOption, type PlannedWorkload } from '../../../planner/choose/plan-demand';
import { poolName } from '../../../planner/pools/pool-key';
import type { CloudContext } from '../../../planner/options/context';
import { resolvePlatform } from '../../../planner/resolve/resolve';
import { demandOf } from '../../../planner/search/stages';
import { CAPACITY_POLICIES, GPU_SHARING_POLICIES, type PlatformSpec } from '../../../planner/spec/schema';

const SEED = 20261201;
const NUM_RUNS = 25;

const fleetArb: fc.Arbitrary<PlatformSpec> = fc
  .record({
    n: fc.integer({ min: 3, max: 120 }),
    seed: fc.nat(),
    region: fc.constantFrom(...REGIONS),
    zoneCount: fc.integer({ min: 1, max: 3 }),
    capacity: fc.constantFrom(...CAPACITY_POLICIES),
    gpuSharing: fc.constantFrom(...GPU_SHARING_POLICIES),
  })
  .map(({ n, seed, region, zoneCount, capacity, gpuSharing }) => {
    const spec = syntheticFleet(n, seed);
    return {
      ...spec,
      spec: {
        ...spec.spec,
        target: { provider: region.provider, region: region.name, zones: region.zones.slice(0, zoneCount) },
        policy: { capacity, gpuSharing },
      },
    };
  });

/** The choose and pools stages as `runStages` runs them, or undefined for a fleet the target cannot host. */
function stagesOf(spec: PlatformSpec) {
  const r = resolvePlatform(spec);
  const ctx = cloudContext(r);
  try {
    const planned = demandOf(r.workloads, ctx);
    return { planned, pools: buildPools(planned, ctx), ctx };
  } catch (e) {
    if (e instanceof InfeasibleError) return undefined;
    throw e;
  }
}

describe('the repair cost floor', () => {
  it('never exceeds the cost of the pool it bounds', () => {
    let checked = 0;
    fc.assert(
      fc.property(fleetArb, (spec) => {
        const s = stagesOf(spec);
        if (!s) return;
        // every pool as built, and pools of its first few members: pools of many sizes
        for (const [name, members] of groupByPool(s.planned)) {
          for (const k of new Set([1, 2, 3, members.length])) {
            if (k > members.length) continue;
            const some = members.slice(0, k);
            const built = buildPoolOrUndefined(name, some, s.ctx);
            const floor = poolCostFloorOf(name, some, s.ctx);
            if (built) expect({ name, k, floorAboveCost: floor > built.hourlyCost }).toEqual({ name, k, floorAboveCost: false });
            else expect(floor).toBeGreaterThanOrEqual(0);
            checked++;
          }
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    expect(checked).toBeGreaterThan(NUM_RUNS);
  });

  it('from the demand alone never exceeds the volume floor, nor so the cost, of the pool a move builds', () => {
    let checked = 0;
    fc.assert(
      fc.property(fleetArb, (spec) => {
        const s = stagesOf(spec);
        if (!s) return;
        const groups = groupByPool(s.planned);
        // every pool's workloads moved, all of them or the first, to each pool their options join
        for (const [from, members] of groups) {
          for (const movers of [members, members.slice(0, 1)]) {
            for (const target of new Set(movers.flatMap((m) => m.alternatives.map((o) => poolName(poolKeyFor(o, m.w, s.ctx)))))) {
              if (target === from) continue;
              const joining = joinersInto(movers, target, s.ctx);
              if (joining.length === 0) continue;
              const staying = groups.get(target) ?? [];
              const merged = [...staying, ...joining.map((j) => withOption({ w: j.w, alternatives: [] }, j.option, s.ctx))];
              const demandFloor = joinedPoolCostFloor(staying, joining, s.ctx);
              const floor = poolCostFloorOf(target, merged, s.ctx);
              const built = buildPoolOrUndefined(target, merged, s.ctx);
              expect({ target, aboveFloor: demandFloor > floor, aboveCost: built ? demandFloor > built.hourlyCost : false }).toEqual({
                target,
                aboveFloor: false,
                aboveCost: false,
              });
              checked++;
            }
          }
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    expect(checked).toBeGreaterThan(NUM_RUNS);
  });

  it('gives the same repair as building every target', () => {
    let floors = 0;
    let joinedFloors = 0;
    let repaired = 0;
    fc.assert(
      fc.property(fleetArb, (spec) => {
        const s = stagesOf(spec);
        if (!s) return;
        const counting: PoolCostFloor = (name, members, ctx) => {
          floors++;
          return poolCostFloorOf(name, members, ctx);
        };
        const countingJoined: JoinedPoolFloor = (staying, joining, ctx) => {
          joinedFloors++;
          return joinedPoolCostFloor(staying, joining, ctx);
        };
        const withFloor = improveChoices(s.planned, s.pools, s.ctx, counting, countingJoined);
        const everyTarget = improveChoices(s.planned, s.pools, s.ctx, NO_FLOOR, NO_FLOOR);
        expect(withFloor.moves).toEqual(everyTarget.moves);
        expect(withFloor.planned).toEqual(everyTarget.planned);
        expect(withFloor.pools).toEqual(everyTarget.pools);
        if (withFloor.moves.length > 0) repaired++;
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    // the draws exercise the rule: floors of both kinds were consulted, and repairs were kept
    expect(floors).toBeGreaterThan(0);
    expect(joinedFloors).toBeGreaterThan(0);
    expect(repaired).toBeGreaterThan(0);
  });

  it('is consulted before a target is built: a floor no move can beat keeps every pool', () => {
    const s = stagesOf(syntheticFleet(40, 7))!;
    expect(improveChoices(s.planned, s.pools, s.ctx).moves.length).toBeGreaterThan(0);
    const none = improveChoices(s.planned, s.pools, s.ctx, () => Infinity);
    expect(none.moves).toEqual([]);
    expect(none.pools).toEqual(s.pools);
  });
});

/** The movers that have an option joining `target`, each with its best such option (alternatives are best first). */
function joinersInto(movers: readonly PlannedWorkload[], target: string, ctx: CloudContext): Joiner[] {
  const out: Joiner[] = [];
  for (const m of movers) {
    const option = m.alternatives.find((o) => poolName(poolKeyFor(o, m.w, ctx)) === target);
    if (option) out.push({ w: m.w, option });
  }
  return out;
}
