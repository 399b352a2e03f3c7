/**
 * `planOptimised` makes its solver only when the plan's optimiser asks for it, plans once, and
 * gives the bytes of a plan with HiGHS loaded beforehand either way.
 */
import { InfeasibleError } from '../../planner/errors';
import type { MipSolver } from '../../planner/optimise/linear-program';
import { plan } from '../../planner/plan';
import { stableJson } from '../../planner/serialize';
import type { PlatformSpec } from '../../planner/spec/schema';
import { loadHighsSolver } from '../../solver/highs';
import { optimisingPlanner, planOptimised } from '../../solver/plan-optimised';
import { smallFleet } from '../../bench/reference/small-fleets';
import { fleetPastGuidance, notebook, platform } from '../helpers/platform-builders';

let highs: MipSolver;
beforeAll(async () => {
  highs = await loadHighsSolver();
});

/** A solver maker that counts its calls and the solves, and hands out the HiGHS loaded above. */
function countingLoader(): { load: () => MipSolver; calls: () => number; solves: () => number } {
  let calls = 0;
  let solves = 0;
  const counted: MipSolver = {
    name: 'counted',
    version: 'counted',
    solve: (model, limits) => {
      solves++;
      return highs.solve(model, limits);
    },
  };
  return {
    load: () => {
      calls++;
      return { ...counted, name: highs.name, version: highs.version };
    },
    calls: () => calls,
    solves: () => solves,
  };
}

/** How many solves a plan with HiGHS from the start makes. */
function solvesOf(spec: PlatformSpec): number {
  let solves = 0;
  plan(spec, {
    solver: {
      name: highs.name,
      version: highs.version,
      solve: (model, limits) => {
        solves++;
        return highs.solve(model, limits);
      },
    },
  });
  return solves;
}

const preloadedPlans = new Map<PlatformSpec, { json: string; progress: string[] }>();

/** The plan and its progress messages with HiGHS given from the start (planned once per spec). */
function preloaded(spec: PlatformSpec): { json: string; progress: string[] } {
  let known = preloadedPlans.get(spec);
  if (known === undefined) {
    const progress: string[] = [];
    known = { json: stableJson(plan(spec, { solver: highs, onProgress: (m) => progress.push(m) })), progress };
    preloadedPlans.set(spec, known);
  }
  return known;
}

/** A fleet the optimiser solves (GKE, MIG, 25 replicas). */
const SMALL = smallFleet(7);

describe('planOptimised', () => {
  test('a fleet the optimiser solves makes the solver once and plans once, as with it preloaded, each progress message once', async () => {
    const spec = SMALL;
    const loader = countingLoader();
    const progress: string[] = [];
    const p = await planOptimised(spec, { onProgress: (m) => progress.push(m) }, loader.load);
    expect(loader.calls()).toBe(1);
    // every solve reaches the solver made, none repeated
    expect(loader.solves()).toBe(solvesOf(spec));
    expect(loader.solves()).toBeGreaterThan(0);
    expect(p.cost.method.optimiser).not.toBe('above-threshold');
    const expected = preloaded(spec);
    expect(stableJson(p)).toBe(expected.json);
    expect(progress).toEqual(expected.progress);
    expect(progress).toContain('optimising instance types and pools');
  });

  test('a fleet past the optimiser and guidance never loads the solver, and plans as with it preloaded', async () => {
    const spec = fleetPastGuidance();
    const loader = countingLoader();
    const progress: string[] = [];
    const p = await planOptimised(spec, { onProgress: (m) => progress.push(m) }, loader.load);
    expect(loader.calls()).toBe(0);
    expect(p.cost.method.optimiser).toBe('above-threshold');
    const expected = preloaded(spec);
    expect(stableJson(p)).toBe(expected.json);
    expect(progress).toEqual(expected.progress);
  });

  test('a solver that cannot load fails only the plans that need it', async () => {
    const failing = (): MipSolver => {
      throw new Error('no WebAssembly here');
    };
    const big = fleetPastGuidance();
    await expect(planOptimised(big, {}, failing)).resolves.toBeDefined();
    await expect(planOptimised(SMALL, {}, failing)).rejects.toThrow('no WebAssembly here');
  });

  test('an infeasible fleet reports its error without loading the solver', async () => {
    const spec = platform({ workloads: [notebook('nb', 'data', { gpu: { memoryGiB: 100000 } })] });
    const loader = countingLoader();
    await expect(planOptimised(spec, {}, loader.load)).rejects.toBeInstanceOf(InfeasibleError);
    expect(loader.calls()).toBe(0);
  });

  test('by default HiGHS runs in its own thread and the plan is that of HiGHS in this one', async () => {
    const spec = SMALL;
    expect(stableJson(await planOptimised(spec))).toBe(preloaded(spec).json);
  });

  test("HiGHS compiled with V8's default tiers gives the plan of HiGHS compiled by Liftoff only", async () => {
    const optimising = await loadHighsSolver('optimising');
    expect(stableJson(plan(SMALL, { solver: optimising }))).toBe(preloaded(SMALL).json);
  });

  test('optimisingPlanner binds the loaded solver in', async () => {
    const spec = SMALL;
    const planner = await optimisingPlanner(() => Promise.resolve(highs));
    expect(stableJson(planner(spec))).toBe(preloaded(spec).json);
  });
});
