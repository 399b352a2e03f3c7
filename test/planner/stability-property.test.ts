/**
 * Properties of more choice and of small changes, over random small fleets on EKS us-east-1:
 * allowing one more GPU model, or relaxing the sharing or capacity policy, never raises the
 * hourly cost; planning with the plan's own output changes nothing; an added workload, planned
 * with the previous plan, drains no node of it when keeping costs at most the tolerance more.
 *
 * The fleets stay within the search's bounds (at most four GPU models with `auto` sharing), where
 * the guarantee holds. The seed is fixed so a failure reproduces.
 */
import * as fc from 'fast-check';
import { diffPlans } from '../../planner/diff';
import { InfeasibleError } from '../../planner/errors';
import { plan } from '../../planner/plan';
import type { Plan } from '../../planner/plan-types';
import { stableJson } from '../../planner/serialize';
import type { GpuId, PlatformSpec, WorkloadSpec } from '../../planner/spec/schema';
import { batch, inference, notebook, platform, ray, training } from '../helpers/platform-builders';
import { loadHighsSolver } from '../../solver/highs';
import type { MipSolver } from '../../planner/optimise/linear-program';
import { KEEP_TOLERANCE } from '../../planner/stability/prefer';

const SEED = 20261201;
const NUM_RUNS = 25;
const EPS = 1e-6;
/** GPU models of EKS us-east-1 the fleets choose from. */
const GPUS: readonly GpuId[] = ['H100-80GB', 'A100-80GB', 'L40S', 'L4', 'A10G'];
const MODELS = ['llama-3.2-1b', 'llama-3.1-8b', 'mistral-7b', 'phi-3-mini'] as const;

type Draft = (name: string) => WorkloadSpec;

const workloadArb: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({ model: fc.constantFrom(...MODELS), replicas: fc.integer({ min: 1, max: 3 }), concurrency: fc.constantFrom(8, 32), zoneSpread: fc.boolean() }).map(
    ({ model, ...o }) =>
      (n: string) =>
        inference(n, 'product', model, o),
  ),
  fc.record({ model: fc.constantFrom(...MODELS), method: fc.constantFrom('lora' as const, 'full' as const), gpus: fc.constantFrom(1, 2, 4) }).map(
    ({ model, ...o }) =>
      (n: string) =>
        training(n, 'research', model, { ...o, command: ['torchrun', 'train.py'] }),
  ),
  fc
    .record({ replicas: fc.integer({ min: 1, max: 6 }), gpu: fc.constantFrom({ memoryGiB: 10 }, { fraction: 0.25 }, { memoryGiB: 20 }) })
    .map((o) => (n: string) => notebook(n, 'research', o)),
  fc
    .record({ replicas: fc.integer({ min: 1, max: 3 }), gpu: fc.constantFrom({ count: 1 }, { count: 1, fraction: 0.5 }) })
    .map((o) => (n: string) => batch(n, 'research', o)),
  fc.record({ replicas: fc.integer({ min: 1, max: 3 }) }).map((o) => (n: string) => ray(n, 'research', { ...o, gpu: { count: 1 } })),
);

interface Fleet {
  readonly workloads: readonly WorkloadSpec[];
  /** Allowed GPU models (one to three) and one more to allow. */
  readonly allowed: readonly GpuId[];
  readonly extra: GpuId;
}

const fleetArb: fc.Arbitrary<Fleet> = fc
  .record({
    drafts: fc.array(workloadArb, { minLength: 1, maxLength: 5 }),
    picked: fc.uniqueArray(fc.constantFrom(...GPUS), { minLength: 2, maxLength: 4 }),
  })
  .map(({ drafts, picked }) => ({
    workloads: drafts.map((d, i) => d(`w${i}`)),
    allowed: picked.slice(1),
    extra: picked[0]!,
  }));

function spec(workloads: readonly WorkloadSpec[], policy: NonNullable<PlatformSpec['spec']['policy']>): PlatformSpec {
  return platform({ name: 'prop', policy, workloads });
}

/** The plan, or undefined when the fleet is infeasible under this policy. */
function tryPlan(s: PlatformSpec, options: Parameters<typeof plan>[1] = {}): Plan | undefined {
  try {
    return plan(s, options);
  } catch (e) {
    if (e instanceof InfeasibleError) return undefined;
    throw e;
  }
}

/** Checks that the relaxed policy's plan exists and costs no more, when the strict one exists. */
function expectNoDearer(strict: PlatformSpec, relaxed: PlatformSpec, options: Parameters<typeof plan>[1] = {}): boolean {
  const a = tryPlan(strict, options);
  if (!a) return false;
  const b = tryPlan(relaxed, options);
  expect(b).toBeDefined();
  expect(b!.search!.exhaustive).toBe(true);
  expect(b!.cost.hourly).toBeLessThanOrEqual(a.cost.hourly + EPS);
  return true;
}

const params = { seed: SEED, numRuns: NUM_RUNS };

describe('more choice never costs more', () => {
  it('allowing one more GPU model never raises the hourly cost', () => {
    let compared = 0;
    fc.assert(
      fc.property(fleetArb, (f) => {
        if (expectNoDearer(spec(f.workloads, { allowedGpus: [...f.allowed] }), spec(f.workloads, { allowedGpus: [...f.allowed, f.extra] }))) compared++;
      }),
      params,
    );
    expect(compared).toBeGreaterThan(NUM_RUNS / 2);
  });

  it('relaxing gpuSharing exclusive or mig to auto never raises the hourly cost', () => {
    fc.assert(
      fc.property(fleetArb, fc.constantFrom('exclusive' as const, 'mig' as const), (f, strict) => {
        const allowedGpus = [...f.allowed, f.extra];
        expectNoDearer(spec(f.workloads, { allowedGpus, gpuSharing: strict }), spec(f.workloads, { allowedGpus, gpuSharing: 'auto' }));
      }),
      params,
    );
  });

  it('relaxing capacity on-demand to spot-with-fallback never raises the hourly cost', () => {
    fc.assert(
      fc.property(fleetArb, (f) => {
        const allowedGpus = [...f.allowed];
        expectNoDearer(spec(f.workloads, { allowedGpus, capacity: 'on-demand' }), spec(f.workloads, { allowedGpus, capacity: 'spot-with-fallback' }));
      }),
      params,
    );
  });
});

describe('more choice never costs more, with the optimiser as the CLI plans', () => {
  // fewer runs: each plan solves column generation; the fleets' at most 20 pods are proven optimal
  const SOLVER_RUNS = 8;
  let solver: MipSolver;
  beforeAll(async () => {
    solver = await loadHighsSolver();
  });

  it('allowing one more GPU model never raises the hourly cost', () => {
    fc.assert(
      fc.property(fleetArb, (f) => {
        expectNoDearer(spec(f.workloads, { allowedGpus: [...f.allowed] }), spec(f.workloads, { allowedGpus: [...f.allowed, f.extra] }), { solver });
      }),
      { seed: SEED, numRuns: SOLVER_RUNS },
    );
  });
});

describe('small changes stay small', () => {
  it('planning with its own plan as --previous changes nothing, byte for byte', () => {
    fc.assert(
      fc.property(fleetArb, (f) => {
        const s = spec(f.workloads, { allowedGpus: [...f.allowed, f.extra] });
        const p = tryPlan(s);
        if (!p) return;
        const previous = JSON.parse(stableJson(p)) as Plan;
        expect(stableJson(plan(s, { previous }))).toBe(stableJson(p));
      }),
      params,
    );
  });

  it('an added workload, planned with the previous plan, drains no node of it whenever keeping is within the tolerance', () => {
    let keptAtDefault = 0;
    let feasible = 0;
    fc.assert(
      fc.property(fleetArb, workloadArb, (f, added) => {
        const policy = { allowedGpus: [...f.allowed, f.extra] };
        const p = tryPlan(spec(f.workloads, policy));
        if (!p) return;
        const previous = JSON.parse(stableJson(p)) as Plan;
        const grown = spec([...f.workloads, added('added')], policy);
        const next = tryPlan(grown, { previous });
        if (!next) return;
        feasible++;
        const s = next.stability;
        const within = s === undefined || s.keepingHourly <= s.freshHourly * (1 + KEEP_TOLERANCE) + EPS;
        // the plan that keeps everything exists, drains nothing and moves nothing, whatever it costs
        const kept = within ? next : plan(grown, { previous, tolerance: 10 });
        const d = diffPlans(previous, kept);
        expect(d.drains.map((x) => `${x.pool}: ${x.detail}`)).toEqual([]);
        expect(d.workloads.moved).toEqual([]);
        // and the planner takes it exactly when it costs at most the tolerance over the fresh plan
        expect(s?.outcome ?? 'kept-previous').toBe(within ? 'kept-previous' : 'replanned');
        if (within) keptAtDefault++;
      }),
      params,
    );
    expect(feasible).toBeGreaterThan(NUM_RUNS / 2);
    // the draws that need more: an added workload forces a larger node whose room also holds what
    // the kept nodes run, so the fresh plan's consolidation saves more than the tolerance
    expect(keptAtDefault).toBeGreaterThanOrEqual(Math.ceil(0.8 * feasible));
  });
});
