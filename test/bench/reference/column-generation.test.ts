import { plan } from '../../../planner';
import { solveReference } from '../../../bench/reference/solve-reference';
import { demandOf, optionsOf } from '../../../bench/reference/demand';
import { karpenterBaseline } from '../../../bench/reference/karpenter-baseline';
import { nodeKinds, podClasses } from '../../../planner/optimise/nodes';
import { cloudContext, resolvePlatform } from '../../../bench/reference/planner-facts';
import { loadSolver, LinearProgram, type Solver } from '../../../bench/reference/solver';
import { batch, inference, platform } from '../../helpers/platform-builders';

let solver: Solver;
beforeAll(async () => {
  solver = await loadSolver();
});

/** Prices of planner/catalogue/instances-aws.ts (us-east-1 on-demand). */
const G6_XLARGE = 0.8048;
const G6_12XLARGE = 4.6016;

describe('the reference solver', () => {
  test('HiGHS solves a small MIP to its known optimum and an LP to its relaxation', () => {
    const lp = new LinearProgram();
    const x = lp.addVar(1, 0, Infinity, true);
    const y = lp.addVar(2, 0, Infinity, true);
    lp.addRow(3.5, Infinity, [
      [x, 1],
      [y, 1],
    ]);
    lp.addRow(-Infinity, 2, [[x, 1]]);
    expect(lp.solve(solver).objective).toBeCloseTo(6); // x = 2, y = 2
    expect(lp.solve(solver, { relax: true }).objective).toBeCloseTo(5); // x = 2, y = 1.5
    expect(solver.version).toMatch(/^1\.15\./);
  });
});

describe('the exact reference on tiny fleets', () => {
  test('options carry the planner’s own sizing: the plan’s choice is one of them', () => {
    const spec = platform({
      policy: { allowedGpus: ['L4', 'L40S', 'H100-80GB'] },
      workloads: [inference('chat', 'p', 'llama-3.1-8b', { maxContextTokens: 8192, concurrency: 32 })],
    });
    const p = plan(spec);
    const w = p.workloads[0]!;
    const pool = p.nodePools.find((n) => n.name === w.nodePool)!;
    const options = optionsOf(spec, spec.spec.workloads[0]!);
    expect(
      options.some(
        (o) => o.gpuModel === pool.gpuModel && o.need.kind === 'whole' && o.need.count === w.perReplica.gpus && o.cpuMilli === w.perReplica.cpuMilli,
      ),
    ).toBe(true);
    // serving a model is never offered a time-sliced share under `auto` (planner/demand/options.ts)
    expect(options.some((o) => o.need.kind === 'share')).toBe(false);
  });

  test('four whole L4 GPUs cost least as four single-GPU nodes, and the optimum is proven', () => {
    const spec = platform({ policy: { allowedGpus: ['L4'], gpuSharing: 'exclusive' }, workloads: [batch('job', 'r', { replicas: 4, gpu: { count: 1 } })] });
    const p = plan(spec);
    const d = demandOf(spec, p);
    const r = solveReference(solver, spec, d, p, { prove: true });
    expect(r.upperBound).toBeCloseTo(4 * G6_XLARGE, 6);
    expect(4 * G6_XLARGE).toBeLessThan(G6_12XLARGE);
    expect(r.proven).toBe(true);
    expect(r.lowerBound).toBeLessThanOrEqual(r.upperBound + 1e-9);
    expect(r.planNodesOutsideModel).toBe(0);
    expect(p.cost.hourly).toBeGreaterThanOrEqual(r.upperBound + d.systemHourly - 1e-9);
  });

  test('zone spread puts the replicas of a spread workload on nodes in different zones', () => {
    const share = (zoneSpread: boolean) =>
      platform({
        policy: { allowedGpus: ['L4'], gpuSharing: 'time-slicing' },
        workloads: [batch('job', 'r', { replicas: 2, gpu: { count: 1, fraction: 0.5 }, zoneSpread })],
      });
    const solve = (zoneSpread: boolean) => {
      const spec = share(zoneSpread);
      const p = plan(spec);
      return solveReference(solver, spec, demandOf(spec, p), p, { prove: true });
    };
    // two half-GPU shares fit one g6.xlarge GPU; spread over two zones they need a node in each
    const together = solve(false);
    const spread = solve(true);
    expect(together.upperBound).toBeCloseTo(G6_XLARGE, 6);
    expect(spread.upperBound).toBeCloseTo(2 * G6_XLARGE, 6);
    expect(spread.nodes.map((n) => n.zone).sort()).toEqual([0, 1]);
    expect(spread.proven && together.proven).toBe(true);
  });

  test('the Karpenter-style baseline opens the cheapest node that fits each new pod, first fit', () => {
    const spec = platform({
      policy: { allowedGpus: ['L4'], gpuSharing: 'time-slicing' },
      workloads: [
        batch('a', 'r', { gpu: { count: 1, fraction: 0.5 } }),
        batch('b', 'r', { gpu: { count: 1, fraction: 0.5 } }),
        batch('c', 'r', { gpu: { count: 1, fraction: 0.6 } }),
      ],
    });
    const p = plan(spec);
    const d = demandOf(spec, p);
    const classes = podClasses(d);
    const kinds = nodeKinds(cloudContext(resolvePlatform(spec)), d, classes);
    const groupOf = new Map(d.groups.flatMap((g, i) => g.workloads.map((w) => [w, i] as const)));
    const base = karpenterBaseline(
      d,
      classes,
      kinds,
      ['a', 'b', 'c'].map((w) => groupOf.get(w)!),
    );
    // a and b share one g6.xlarge GPU; c needs a second node
    expect(base.nodes).toBe(2);
    expect(base.hourly).toBeCloseTo(2 * G6_XLARGE, 6);
  });
});
