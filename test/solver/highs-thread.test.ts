/**
 * HiGHS in its own thread answers as HiGHS in this one: the same solutions, statuses and errors;
 * and the WebAssembly compiled at Liftoff's tier only computes what V8's default tiers compute.
 */
import type { MipModel, MipSolver } from '../../planner/optimise/linear-program';
import { loadHighsSolver } from '../../solver/highs';
import * as path from 'node:path';
import { HighsThread, highsThreadSolver } from '../../solver/highs-thread';

/** HiGHS in this thread, compiled with V8's default tiers (the thread's is compiled by Liftoff only). */
let here: MipSolver;
beforeAll(async () => {
  here = await loadHighsSolver('optimising');
});

/** max x + 2y subject to x + y <= 4, x + 3y <= 6, x, y >= 0 integer. */
const MIP: MipModel = {
  maximize: true,
  colCost: [1, 2],
  colLower: [0, 0],
  colUpper: [Infinity, Infinity],
  integer: [true, true],
  rowLower: [-Infinity, -Infinity],
  rowUpper: [4, 6],
  starts: [0, 2, 4],
  indices: [0, 1, 0, 1],
  values: [1, 1, 1, 3],
};

/** The same rows as an LP, whose duals come back too. */
const LP: MipModel = { ...MIP, integer: undefined };

/** x >= 2 and x <= 1. */
const INFEASIBLE: MipModel = {
  maximize: false,
  colCost: [1],
  colLower: [0],
  colUpper: [Infinity],
  rowLower: [2, -Infinity],
  rowUpper: [Infinity, 1],
  starts: [0, 1, 2],
  indices: [0, 0],
  values: [1, 1],
};

/** A solution without its timing, which differs between any two solves. */
function untimed(s: ReturnType<MipSolver['solve']>): Omit<typeof s, 'seconds'> {
  const { seconds: _seconds, ...rest } = s;
  return rest;
}

describe('highsThreadSolver', () => {
  test('names the same HiGHS', () => {
    const thread = highsThreadSolver();
    expect(thread.name).toBe(here.name);
    expect(thread.version).toBe(here.version);
    expect(highsThreadSolver()).toBe(thread);
  });

  test.each([
    ['a MIP', MIP],
    ['an LP', LP],
    ['an infeasible model', INFEASIBLE],
  ])('solves %s as HiGHS in this thread does', (_what, model) => {
    const thread = highsThreadSolver().solve(model, {});
    expect(untimed(thread)).toEqual(untimed(here.solve(model, {})));
  });

  test('a MIP solution and the LP duals are those expected', () => {
    const mip = highsThreadSolver().solve(MIP, {});
    expect(mip.status).toBe('optimal');
    expect(mip.objective).toBe(5);
    const lp = highsThreadSolver().solve(LP, {});
    expect(lp.objective).toBe(5);
    expect(lp.rowDuals).toEqual([0.5, 0.5]);
  });

  test('each tier loads once per process', async () => {
    expect(loadHighsSolver()).toBe(loadHighsSolver('baseline'));
    expect(await loadHighsSolver('optimising')).toBe(here);
    const baseline = await loadHighsSolver();
    expect(baseline).not.toBe(here);
    expect(untimed(baseline.solve(MIP, {}))).toEqual(untimed(here.solve(MIP, {})));
  });

  test('what HiGHS throws in its thread is thrown to the caller, and the thread answers afterwards', () => {
    const unbounded: MipModel = { ...LP, rowUpper: [Infinity, Infinity] };
    expect(() => highsThreadSolver().solve(unbounded, {})).toThrow(
      expect.objectContaining({ message: expect.stringContaining('HiGHS ended with model status') }),
    );
    expect(highsThreadSolver().solve(MIP, {}).objective).toBe(5);
  });
});

test('a thread that cannot load its module wakes the caller with an error instead of leaving it waiting', () => {
  // the bootstrap marks the thread's end before it loads the entry, so a missing file is an error here
  const thread = new HighsThread(path.join(__dirname, 'no-such-highs-worker.js'));
  expect(() => thread.ask({ kind: 'describe' })).toThrow("HiGHS's thread ended without answering a 'describe' request");
});
