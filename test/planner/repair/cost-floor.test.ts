/**
 * The repair skips targets whose cost floor already rules the move out (docs/decisions/0054):
 * the floor never exceeds what the pool costs once built, and on random fleets the repair with
 * the floor gives exactly what it gives when every target is built and compared.
 *
 * The seed is fixed so a failure reproduces; fast-check prints the counterexample's draw.
 */
import * as fc from 'fast-check';
import { syntheticFleet } from '../../../bench/synthetic';
import { REGIONS } from '../../../planner/catalogue';
import { InfeasibleError } from '../../../planner/errors';
import { cloudContext } from '../../../planner/options/context';
import { buildPoolOrUndefined, buildPools, groupByPool, poolCostFloorOf } from '../../../planner/pools/build-pools';
import { improveChoices, NO_FLOOR, type PoolCostFloor } from '../../../planner/repair/repair';
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

  it('gives the same repair as building every target', () => {
    let floors = 0;
    let repaired = 0;
    fc.assert(
      fc.property(fleetArb, (spec) => {
        const s = stagesOf(spec);
        if (!s) return;
        const counting: PoolCostFloor = (name, members, ctx) => {
          floors++;
          return poolCostFloorOf(name, members, ctx);
        };
        const withFloor = improveChoices(s.planned, s.pools, s.ctx, counting);
        const everyTarget = improveChoices(s.planned, s.pools, s.ctx, NO_FLOOR);
        expect(withFloor.moves).toEqual(everyTarget.moves);
        expect(withFloor.planned).toEqual(everyTarget.planned);
        expect(withFloor.pools).toEqual(everyTarget.pools);
        if (withFloor.moves.length > 0) repaired++;
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    // the draws exercise the rule: floors were consulted, and repairs were kept
    expect(floors).toBeGreaterThan(0);
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
