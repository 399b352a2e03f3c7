import { plan } from '../../../planner';
import { solveReference } from '../../../bench/reference/solve-reference';
import { demandOf } from '../../../bench/reference/demand';
import { enumerateMaximal } from '../../../planner/optimise/enumerate';
import { fitsNode, nodeKinds, podClasses } from '../../../planner/optimise/nodes';
import { cloudContext, resolvePlatform } from '../../../bench/reference/planner-facts';
import { loadSolver, type Solver } from '../../../bench/reference/solver';
import { batch, platform } from '../../helpers/platform-builders';

let solver: Solver;
beforeAll(async () => {
  solver = await loadSolver();
});

/** g6.xlarge on-demand in us-east-1 (planner/catalogue/instances-aws.ts). */
const G6_XLARGE = 0.8048;

/** Six time-sliced shares of 0.6 of an L4: no two fit one GPU. */
function sixShares() {
  return platform({
    policy: { allowedGpus: ['L4'], gpuSharing: 'time-slicing' },
    workloads: [batch('job', 'r', { replicas: 6, gpu: { count: 1, fraction: 0.6 } })],
  });
}

describe('bounds and configurations of the reference optimiser', () => {
  test('maximal contents are enumerated exactly: 600 + 400 and 400 + 400 on one GPU, never 600 alone', () => {
    const spec = platform({
      policy: { allowedGpus: ['L4'], gpuSharing: 'time-slicing' },
      workloads: [batch('a', 'r', { replicas: 2, gpu: { count: 1, fraction: 0.6 } }), batch('b', 'r', { replicas: 2, gpu: { count: 1, fraction: 0.4 } })],
    });
    const d = demandOf(spec, plan(spec));
    const classes = podClasses(d);
    const kind = nodeKinds(cloudContext(resolvePlatform(spec)), d, classes).find((k) => k.type.name === 'g6.xlarge')!;
    const pi = classes.map(() => 1);
    const found = enumerateMaximal(kind, classes, pi, -1, 0);
    const milli = (row: number) => (classes[row]!.option.need as { milli: number }).milli;
    const shapes = found.patterns.map((p) => [...p].flatMap(([row, n]) => new Array<number>(n).fill(milli(row))).sort()).sort();
    expect(found.complete).toBe(true);
    expect(shapes).toEqual([
      [400, 400],
      [400, 600],
    ]);
  });

  test('a bound computed per node (shares not split by GPU) stays below the exact optimum, and the plan still fits GPU by GPU', () => {
    const spec = sixShares();
    const p = plan(spec);
    const d = demandOf(spec, p);
    const relaxed = solveReference(solver, spec, d, p, { pricing: { shares: 'node' } });
    const exact = solveReference(solver, spec, d, p, { prove: true });
    // each 0.6 share needs a GPU of its own: six single-GPU nodes
    expect(exact.upperBound).toBeCloseTo(6 * G6_XLARGE, 6);
    expect(exact.proven).toBe(true);
    expect(relaxed.lowerBound).toBeLessThanOrEqual(exact.upperBound + 1e-9);
    expect(relaxed.upperBound).toBeCloseTo(exact.upperBound, 6);
  });

  test('the bound of a column generation stopped after one round is still below the optimum', () => {
    const spec = sixShares();
    const p = plan(spec);
    const d = demandOf(spec, p);
    const early = solveReference(solver, spec, d, p, { maxRounds: 1, smoothing: 0 });
    expect(early.lowerBound).toBeGreaterThan(0);
    expect(early.lowerBound).toBeLessThanOrEqual(6 * G6_XLARGE + 1e-9);
  });

  test('a node holding 0.6 + 0.6 on one GPU does not fit', () => {
    const spec = sixShares();
    const d = demandOf(spec, plan(spec));
    const classes = podClasses(d);
    const kind = nodeKinds(cloudContext(resolvePlatform(spec)), d, classes).find((k) => k.type.name === 'g6.12xlarge')!;
    expect(fitsNode(kind, classes, new Map([[0, 4]]))).toBe(true);
    expect(fitsNode(kind, classes, new Map([[0, 5]]))).toBe(false);
  });
});
