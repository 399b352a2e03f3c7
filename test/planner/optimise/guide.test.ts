import { plan } from '../../../planner/plan';
import type { Plan } from '../../../planner/plan-types';
import { stableJson } from '../../../planner/serialize';
import type { PlatformSpec, WorkloadSpec } from '../../../planner/spec/schema';
import type { MipSolver } from '../../../planner/optimise/linear-program';
import { OPTIMISER_MAX_PODS } from '../../../planner/optimise/optimise';
import { GUIDE_MAX_SHAPES, roundChoice } from '../../../planner/optimise/guide';
import { solveKindTotals } from '../../../planner/optimise/kind-totals';
import { nodeKinds, podClasses } from '../../../planner/optimise/nodes';
import { plannerDemand } from '../../../planner/optimise/planner-demand';
import { cloudContext } from '../../../planner/options/context';
import { resolvePlatform } from '../../../planner/resolve/resolve';
import { searchPlans } from '../../../planner/search/search';
import { smallFleet } from '../../../bench/reference/small-fleets';
import { renderPlanText } from '../../../report';
import { parseAllDocuments } from 'yaml';
import { renderManifests, type ManifestObject } from '../../../constructs/platform/render';
import { verifyObjects } from '../../../verify/verify';
import { loadHighsSolver } from '../../../solver/highs';
import { batch, GKE_US_CENTRAL1, platform, seededRandom, shuffleSpec } from '../../helpers/platform-builders';

// one HiGHS load for the whole file
let solver: MipSolver;
beforeAll(async () => {
  solver = await loadHighsSolver();
});

const EPS = 1e-6;

/** One single-pod batch workload per entry, as the Alibaba trace plans its pods: `count` of each shape. */
function podsOf(shapes: readonly { count: number; cpu: number; memoryGiB: number; gpu?: number }[]): WorkloadSpec[] {
  let i = 0;
  return shapes.flatMap((s) =>
    Array.from({ length: s.count }, () =>
      batch(`pod-${String(i++).padStart(4, '0')}`, 'jobs', {
        resources: { cpu: s.cpu, memory: `${s.memoryGiB}Gi` },
        ...(s.gpu === undefined ? {} : { gpu: s.gpu >= 1 ? { count: s.gpu } : { count: 1, fraction: s.gpu } }),
      }),
    ),
  );
}

/** A trace-like fleet above the optimiser's pod threshold: whole GPUs, time-sliced shares and CPU pods. */
function traceLike(): PlatformSpec {
  return platform({
    policy: { gpuSharing: 'time-slicing' },
    teams: [{ name: 'jobs' }],
    workloads: podsOf([
      { count: 130, cpu: 12, memoryGiB: 16, gpu: 1 },
      { count: 90, cpu: 6, memoryGiB: 12, gpu: 0.81 },
      { count: 60, cpu: 4, memoryGiB: 8, gpu: 0.47 },
      { count: 50, cpu: 8, memoryGiB: 32 },
    ]),
  });
}

/** A random fleet above the pod threshold, from a seed: a few shapes, many pods of each. */
function randomFleet(seed: number): PlatformSpec {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const shapes = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => ({
    count: 60 + Math.floor(rnd() * 60),
    cpu: pick([1, 2, 4, 6, 12]),
    memoryGiB: pick([2, 8, 16, 24]),
    ...(rnd() < 0.75 ? { gpu: pick([0.25, 0.47, 0.81, 1, 2]) } : {}),
  }));
  return platform({ policy: { gpuSharing: 'time-slicing' }, teams: [{ name: 'jobs' }], workloads: podsOf(shapes) });
}

/** Pods of the plan, and whether every node holds its pods' CPU, memory and whole GPUs. */
function nodesHonoured(p: Plan): { pods: number; overfull: string[] } {
  const perReplica = new Map(p.workloads.map((w) => [w.name, w.perReplica] as const));
  const pools = new Map(p.nodePools.map((n) => [n.name, n] as const));
  const used = new Map<string, { cpu: number; mem: number; gpus: Set<number>; whole: number }>();
  for (const pl of p.placements) {
    const key = `${pl.nodePool}/${pl.node}`;
    const r = perReplica.get(pl.workload)!;
    const u = used.get(key) ?? { cpu: 0, mem: 0, gpus: new Set<number>(), whole: 0 };
    u.cpu += r.cpuMilli;
    u.mem += r.memoryBytes;
    if (pl.share === undefined) u.whole += pl.gpus.length;
    pl.gpus.forEach((g) => u.gpus.add(g));
    used.set(key, u);
  }
  const overfull = [...used].flatMap(([key, u]) => {
    const pool = pools.get(key.split('/')[0]!)!;
    const ok =
      u.cpu <= pool.allocatable.cpuMilli &&
      u.mem <= pool.allocatable.memoryBytes &&
      u.whole <= pool.gpusPerNode &&
      [...u.gpus].every((g) => g < pool.gpusPerNode);
    return ok ? [] : [key];
  });
  return { pods: p.placements.length, overfull };
}

/** The LP over node kinds of a platform, as `plan()` builds it, plus the system pool: the bound before it is capped at the plan's cost. */
function kindTotalsBound(spec: PlatformSpec): number {
  const r = resolvePlatform(spec);
  const ctx = cloudContext(r);
  const searched = searchPlans(r, ctx);
  const base = searched.unrestricted ?? searched.best;
  const planned = base.planned.filter((p) => p.role !== 'system');
  const system = base.pools.filter((p) => p.key.role === 'system').reduce((s, p) => s + p.hourlyCost, 0);
  const pd = plannerDemand(planned, ctx);
  const classes = podClasses(pd.demand);
  return solveKindTotals(solver, pd.demand, classes, nodeKinds(ctx, pd.demand, classes))!.lowerBound + system;
}

describe('guidance on fleets above the optimiser’s pod threshold', () => {
  test('an LP over node kinds picks the instance mix: cheaper than the packer, at or above its own bound', () => {
    const spec = traceLike();
    const packer = plan(spec);
    const guided = plan(spec, { solver });
    expect(guided.placements.length).toBeGreaterThan(OPTIMISER_MAX_PODS);
    expect(guided.cost.method).toEqual({ plan: 'optimiser', optimiser: 'improved', bound: 'kind-totals', scope: 'guidance' });
    expect(guided.cost.hourly).toBeLessThan(packer.cost.hourly - 1);
    expect(guided.cost.lowerBoundHourly).toBeLessThanOrEqual(guided.cost.hourly + EPS);
    // the LP honours whole instance types, so it is tighter than the volume bound of the packer's plan
    expect(guided.cost.lowerBoundHourly).toBeGreaterThan(packer.cost.lowerBoundHourly);
    expect(guided.cost.boundAssumes).toEqual({
      honours: ['node-shapes'],
      relaxes: expect.arrayContaining(['cpu-memory-per-node', 'whole-nodes', 'gpu-by-gpu-shares']),
    });
    // several instance types for one (GPU model, sharing, capacity): suffixed pool names
    expect(guided.nodePools.some((n) => n.name.startsWith('gpu-t4-') && n.name.endsWith(n.instanceType.replace('.', '-')))).toBe(true);
    const text = renderPlanText(guided);
    expect(text).toContain("planned on the optimiser's instance mix");
    expect(text).toContain('bound: an LP over node kinds');
  });

  test('the guided plan keeps every pod and overfills no node (CPU, memory, whole GPUs)', () => {
    const guided = plan(traceLike(), { solver });
    const { pods, overfull } = nodesHonoured(guided);
    expect(pods).toBe(330);
    expect(overfull).toEqual([]);
  });

  test('the guided plan’s manifests verify clean: every pod admitted and scheduled on its suffixed pools', () => {
    const guided = plan(traceLike(), { solver });
    const objects = Object.values(renderManifests(guided)).flatMap((text) => parseAllDocuments(text).map((d) => d.toJS() as ManifestObject));
    const failing = verifyObjects(guided, objects)
      .workloads.filter((w) => w.reason !== '')
      .map((w) => `${w.workload}: ${w.reason}`);
    expect(failing).toEqual([]);
  });

  test('same bytes on every run and in any order of teams and workloads', () => {
    const once = stableJson(plan(traceLike(), { solver }));
    expect(stableJson(plan(traceLike(), { solver }))).toBe(once);
    expect(stableJson(plan(shuffleSpec(traceLike(), 11), { solver }))).toBe(once);
  });

  test.each([1, 2, 3, 4])('random fleet %i: the bound is at most the plan, the plan at most the packer’s, every node within its resources', (seed) => {
    const spec = randomFleet(seed);
    const guided = plan(spec, { solver });
    const packer = plan(spec);
    expect(guided.placements.length).toBeGreaterThan(OPTIMISER_MAX_PODS);
    expect(guided.cost.method.scope).toBe('guidance');
    expect(kindTotalsBound(spec)).toBeLessThanOrEqual(guided.cost.hourly + EPS);
    expect(guided.cost.hourly).toBeLessThanOrEqual(packer.cost.hourly + EPS);
    expect(nodesHonoured(guided).overfull).toEqual([]);
  });

  test('a fleet with more pod shapes than guidance takes is the packer’s, and the plan says why', () => {
    const spec = platform({
      target: GKE_US_CENTRAL1,
      workloads: Array.from({ length: GUIDE_MAX_SHAPES + 1 }, (_, i) => batch(`etl-${i}`, 'data', { resources: { cpu: `${1000 + i}m`, memory: '2Gi' } })),
    });
    const p = plan(spec, { solver });
    expect(p.cost.method).toEqual({ plan: 'heuristic', optimiser: 'above-threshold', bound: 'volume', scope: 'guidance' });
    expect(stableJson(p.nodePools)).toBe(stableJson(plan(spec).nodePools));
    expect(renderPlanText(p)).toContain('more distinct pod shapes than the optimiser takes');
  });
});

describe('the LP over node kinds is a valid bound', () => {
  // small fleets whose plan is proven the cheapest with one pool per workload (bench/results.md): no plan is cheaper, so neither may the bound be
  test.each([4, 7, 9, 10, 15, 20])('at most the proven optimum of small-%i, and below it by at most a third', (i) => {
    const spec = smallFleet(i);
    const optimum = plan(spec, { solver });
    expect(optimum.cost.method.provenOptimal).toBe(true);
    const bound = kindTotalsBound(spec);
    expect(bound).toBeLessThanOrEqual(optimum.cost.hourly + EPS);
    expect(bound).toBeGreaterThan(optimum.cost.hourly * 0.66);
  });
});

describe('roundChoice', () => {
  test('keeps every workload: floors, then the largest remainders, the first option on a tie', () => {
    expect(roundChoice([2.5, 1.5, 1], 5)).toEqual([3, 1, 1]);
    expect(roundChoice([0.3, 0.3, 0.4], 1)).toEqual([0, 0, 1]);
    expect(roundChoice([3, 0, 0], 3)).toEqual([3, 0, 0]);
    expect(roundChoice([1.2, 1.2, 0.6], 3)).toEqual([1, 1, 1]);
  });
});
