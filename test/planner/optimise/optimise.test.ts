import { plan } from '../../../planner/plan';
import type { Plan } from '../../../planner/plan-types';
import { stableJson } from '../../../planner/serialize';
import type { PlatformSpec } from '../../../planner/spec/schema';
import type { MipSolver } from '../../../planner/optimise/linear-program';
import { instanceTypeSuffix, OPTIMISER_MAX_PODS } from '../../../planner/optimise/optimise';
import { renderPlanText } from '../../../report';
import { zoneOfferings } from '../../../planner/catalogue/zone-offerings';
import { loadHighsSolver } from '../../../solver/highs';
import { smallFleet } from '../../../bench/reference/small-fleets';
import { batch, GKE_US_CENTRAL1, inference, KIND, notebook, platform, shuffleSpec, training } from '../../helpers/platform-builders';

// one HiGHS load for the whole file
let solver: MipSolver;
beforeAll(async () => {
  solver = await loadHighsSolver();
});

const EPS = 1e-6;

/** A TP-4 server of a 70B model and an 8-GPU trainer, both on L40S. */
function serverAndTrainer(): PlatformSpec {
  return platform({
    policy: { allowedGpus: ['L40S'], gpuSharing: 'exclusive' },
    workloads: [
      inference('chat', 'product', 'llama-3.1-70b', { precision: 'fp8', maxContextTokens: 8192, concurrency: 16, gpu: { count: 4 } }),
      training('tune', 'research', 'llama-3.1-8b', { method: 'full', gpus: 8, microBatch: 1, sequenceLength: 2048 }),
    ],
  });
}

/** Small fleets of the benchmark that plan in well under a second each, EKS and GKE. */
const FLEETS: readonly [string, () => PlatformSpec][] = [
  ['EKS, spot-with-fallback, the packer already optimal (small-04)', () => smallFleet(4)],
  ['GKE, MIG (small-07)', () => smallFleet(7)],
  ['GKE, exclusive, spot-with-fallback (small-09)', () => smallFleet(9)],
  ['GKE, MIG, six replicas (small-15)', () => smallFleet(15)],
  ['EKS and L40S: a TP-4 server and an 8-GPU trainer', serverAndTrainer],
];

function pool(p: Plan, name: string) {
  return p.nodePools.find((n) => n.name === name);
}

describe('the optimiser stage', () => {
  test('buys each instance type only in target zones that sell it', () => {
    // g6e (L40S) is sold in use1-az1, -az2, -az4 and -az6, not -az3; p5 (H100) in every zone (planner/catalogue/zone-offerings.ts, SkyPilot catalog)
    const sold = zoneOfferings('eks', 'us-east-1');
    for (const zones of [
      ['use1-az1', 'use1-az3'],
      ['use1-az3', 'use1-az4'],
    ]) {
      const base = serverAndTrainer();
      const spec = platform({
        target: { provider: 'eks', region: 'us-east-1', zones },
        policy: { allowedGpus: ['L40S', 'H100-80GB'], gpuSharing: 'exclusive' },
        workloads: base.spec.workloads,
      });
      const p = plan(spec, { solver });
      for (const n of p.nodePools)
        expect({ pool: n.name, zones: n.zones.filter((z) => !sold[n.instanceType]!.includes(z)) }).toEqual({ pool: n.name, zones: [] });
    }
  });

  test('a TP-4 server and an 8-GPU trainer get a pool each, of the shape that fits them', () => {
    const heuristic = plan(serverAndTrainer());
    const p = plan(serverAndTrainer(), { solver });
    // the packer gives one L40S pool one instance type: the trainer's 8-GPU gang forces g6e.48xlarge on both
    expect(heuristic.nodePools.filter((n) => n.role === 'gpu').map((n) => `${n.name}:${n.instanceType}x${n.nodes}`)).toEqual(['gpu-l40s-whole:g6e.48xlargex2']);
    // the pool that existed keeps its name; the extra shape is suffixed with its instance type
    expect(pool(p, 'gpu-l40s-whole')).toMatchObject({ instanceType: 'g6e.48xlarge', nodes: 1 });
    expect(pool(p, 'gpu-l40s-whole-g6e-12xlarge')).toMatchObject({ instanceType: 'g6e.12xlarge', nodes: 1 });
    expect(p.workloads.map((w) => [w.name, w.nodePool])).toEqual([
      ['chat', 'gpu-l40s-whole-g6e-12xlarge'],
      ['tune', 'gpu-l40s-whole'],
    ]);
    expect(p.cost.hourly).toBeLessThan(heuristic.cost.hourly - 1);
    expect(p.cost.method).toEqual({ plan: 'optimiser', optimiser: 'improved', bound: 'column-generation', boundConverged: true, provenOptimal: true });
    // the optimum here is proven: the bound meets the plan
    expect(p.cost.gapToLowerBound).toBe(0);
    expect(p.decisions.find((d) => d.nodePool === 'gpu-l40s-whole-g6e-12xlarge')!.basis).toBe('optimiser');
    // quotas and flavors follow the new pool
    expect(p.quotas.resourceFlavors.map((f) => f.name)).toContain('gpu-l40s-whole-g6e-12xlarge');
  });

  test.each(FLEETS)('never costs more than the packer alone: %s', (_, spec) => {
    const heuristic = plan(spec());
    const p = plan(spec(), { solver });
    expect(p.cost.hourly).toBeLessThanOrEqual(heuristic.cost.hourly + EPS);
    if (p.cost.method.plan === 'heuristic') expect(stableJson(p.nodePools)).toBe(stableJson(heuristic.nodePools));
    expect(p.placements).toHaveLength(heuristic.placements.length);
  });

  test.each(FLEETS)('bound: at most the plan, at least the volume bound: %s', (_, spec) => {
    const volume = plan(spec()).cost.lowerBoundHourly;
    const p = plan(spec(), { solver });
    expect(p.cost.lowerBoundHourly).toBeLessThanOrEqual(p.cost.hourly + EPS);
    expect(p.cost.lowerBoundHourly).toBeGreaterThanOrEqual(volume - EPS);
    expect(p.cost.method.bound).toBe('column-generation');
    expect(p.cost.boundAssumes.honours).toEqual(expect.arrayContaining(['gpu-gangs', 'cpu-memory-per-node', 'zone-spread']));
    expect(p.cost.boundAssumes.relaxes).toContain('whole-nodes');
  });

  test('the packer already optimal: the heuristic plan is kept, and the bound proves it', () => {
    const p = plan(smallFleet(4), { solver });
    expect(p.cost.method.optimiser).toBe('heuristic-kept');
    expect(p.cost.lowerBoundHourly).toBeCloseTo(p.cost.hourly, 4);
  });

  test.each(FLEETS.slice(1, 3))('same bytes on every run and in any order of teams and workloads: %s', (_, spec) => {
    const once = stableJson(plan(spec(), { solver }));
    expect(stableJson(plan(spec(), { solver }))).toBe(once);
    expect(stableJson(plan(shuffleSpec(spec(), 7), { solver }))).toBe(once);
  });

  test('without a solver the plan is the packer’s, with the volume bound, and says so', () => {
    const p = plan(serverAndTrainer());
    expect(p.cost.method).toEqual({ plan: 'heuristic', optimiser: 'no-solver', bound: 'volume' });
    expect(p.cost.boundAssumes.honours).toEqual([]);
    expect(p.cost.boundAssumes.relaxes).toEqual(expect.arrayContaining(['gpu-gangs', 'zone-spread', 'whole-nodes']));
    expect(renderPlanText(p)).toContain('planned by the packer alone: no solver was given to plan()');
    expect(renderPlanText(p)).toMatch(/bound: each resource priced alone, loose/);
  });

  test('above the pod threshold the optimiser only guides the packer, which keeps its plan where it cannot do better', () => {
    const spec = platform({
      target: GKE_US_CENTRAL1,
      workloads: [batch('etl', 'data', { replicas: OPTIMISER_MAX_PODS + 1, resources: { cpu: 1, memory: '2Gi' } })],
    });
    const p = plan(spec, { solver });
    expect(p.cost.method).toEqual({ plan: 'heuristic', optimiser: 'heuristic-kept', bound: 'volume', scope: 'guidance' });
    expect(stableJson(p.nodePools)).toBe(stableJson(plan(spec).nodePools));
  });

  test('kind has no instance types to choose: not applicable', () => {
    const p = plan(platform({ target: KIND, workloads: [notebook('nb', 'data', { replicas: 2 })] }), { solver });
    expect(p.cost.method.optimiser).toBe('not-applicable');
  });

  test('the text report reads the gap against a bound that says what it assumes', () => {
    const text = renderPlanText(plan(serverAndTrainer(), { solver }));
    expect(text).toMatch(/within 0\.0% of a lower bound of \$[\d.]+\/hour/);
    expect(text).toContain("bound honours a pod's GPUs on one node, CPU and memory per node");
    expect(text).toContain('planned by the optimiser');
    expect(text).toContain('proven the cheapest plan with one pool per workload');
  });

  test.each([
    ['g6.12xlarge', 'g6-12xlarge'],
    ['a2-ultragpu-8g', 'a2-ultragpu-8g'],
    ['p4d.24xlarge', 'p4d-24xlarge'],
  ])('pool suffix of %s is %s', (type, suffix) => {
    expect(instanceTypeSuffix(type)).toBe(suffix);
  });
});
