/**
 * The `MipSolver` the entry points give `plan()`: HiGHS (University of Edinburgh) compiled to
 * WebAssembly, as the `highs` npm package ships it. It loads from the package's own `.wasm` file,
 * offline, once per process.
 *
 * Every solve is one short-lived HiGHS instance, disposed afterwards, with a fixed random seed.
 * The WebAssembly build is single-threaded (the package rejects the `threads` option: highs
 * 1.15.3 `types.d.ts`), so the same model gives the same solution on every machine.
 */
import loadHighs, { type Highs } from 'highs';
import { setFlagsFromString } from 'node:v8';

import type { MipLimits, MipModel, MipSolution, MipSolver } from '../planner/optimise/linear-program';

/** HiGHS's default seed, set explicitly: runs must not depend on a default that could change. */
const RANDOM_SEED = 0;

/**
 * How V8 compiles HiGHS's WebAssembly. `baseline`: Liftoff only, the cheaper one for the short
 * solves of a plan; `optimising`: V8's default, which recompiles the hot functions with TurboFan
 * and pays off on solves of minutes (the benchmark's reference optimiser).
 */
export type HighsTier = 'baseline' | 'optimising';

const loaded = new Map<HighsTier, Promise<MipSolver>>();

/** The compile under way, if any: the Liftoff flag is one of the whole process, so loads take turns. */
let compiling: Promise<unknown> = Promise.resolve();

/**
 * Loads HiGHS once per process and tier (about 100 ms) and returns it as a `MipSolver`. Both tiers
 * compute the same solutions; they differ in CPU time only.
 *
 * @param tier - how V8 compiles the WebAssembly; `baseline` for plans
 */
export function loadHighsSolver(tier: HighsTier = 'baseline'): Promise<MipSolver> {
  let solver = loaded.get(tier);
  if (solver === undefined) {
    const load = (): Promise<Highs> => (tier === 'baseline' ? compiledByLiftoffOnly(loadHighs) : loadHighs());
    const highs = compiling.then(load, load);
    compiling = highs.catch(() => undefined);
    solver = highs.then(highsSolver);
    loaded.set(tier, solver);
  }
  return solver;
}

/**
 * Runs `compile` with V8's WebAssembly code kept at its baseline tier (Liftoff), then restores the
 * default for whatever compiles later. HiGHS's module is 3.4 MB: by default V8 compiles all of it
 * with Liftoff and then recompiles the functions a solve runs hot with TurboFan, in background
 * threads whose CPU a plan pays. On the plans `cnai` makes the solves are short, and the
 * recompiling cost more than it saved: a 1,000-workload guided plan took about 1 s less CPU with
 * Liftoff only, the reference example about 2 s less, and the solutions are the same (the tier
 * changes how fast the code runs, never what it computes). Restoring the flag once the module is
 * ready kept the whole gain (measured on Node 20), so WebAssembly compiled later keeps V8's
 * default (docs/decisions/0065-one-plan-run-and-highs-in-its-own-thread.md).
 */
async function compiledByLiftoffOnly<T>(compile: () => Promise<T>): Promise<T> {
  setFlagsFromString('--liftoff-only');
  try {
    return await compile();
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}

/** A `MipSolver` over a loaded HiGHS runtime. */
export function highsSolver(highs: Highs): MipSolver {
  const version = highs.raw.version().string;
  return { name: `HiGHS ${version}`, version, solve: (model, limits) => solveWith(highs, model, limits) };
}

function solveWith(highs: Highs, m: MipModel, limits: MipLimits): MipSolution {
  const inf = highs.infinity;
  const clamp = (x: number): number => (x === Infinity ? inf : x === -Infinity ? -inf : x);
  const mip = m.integer !== undefined;
  const numCols = m.colCost.length;
  const numRows = m.rowLower.length;
  const data = {
    numCols,
    numRows,
    sense: m.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: [...m.colCost],
    colLower: m.colLower.map(clamp),
    colUpper: m.colUpper.map(clamp),
    rowLower: m.rowLower.map(clamp),
    rowUpper: m.rowUpper.map(clamp),
    matrix: { format: 'csr' as const, numRows, numCols, starts: [...m.starts], indices: [...m.indices], values: [...m.values] },
    ...(mip ? { integrality: m.integer!.map((i) => (i ? highs.constants.variableType.integer : highs.constants.variableType.continuous)) } : {}),
  };
  return highs.withModel(data, (model): MipSolution => {
    model.options.set({
      output_flag: false,
      random_seed: RANDOM_SEED,
      mip_rel_gap: limits.mipRelGap ?? 0,
      mip_abs_gap: 0,
      ...(limits.mipMaxNodes !== undefined ? { mip_max_nodes: limits.mipMaxNodes } : {}),
      ...(limits.timeLimitSeconds !== undefined ? { time_limit: limits.timeLimitSeconds } : {}),
    });
    const t = process.hrtime.bigint();
    model.run();
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const status = model.getModelStatus();
    const st = highs.constants.modelStatus;
    const optimal = status === st.optimal;
    if (status === st.infeasible) return { status: 'infeasible', objective: NaN, values: [], rowDuals: [], bound: NaN, seconds };
    const sol = model.getSolution();
    const hasPoint = optimal || (mip && sol.colValue.length === numCols && Number.isFinite(model.getObjectiveValue()));
    if (!hasPoint) throw new Error(`HiGHS ended with model status ${status} on a ${numCols} x ${numRows} model`);
    const bound = mip ? Number(model.info.get('mip_dual_bound')) : model.getObjectiveValue();
    return {
      status: optimal ? 'optimal' : 'limit',
      objective: model.getObjectiveValue(),
      values: Array.from(sol.colValue),
      rowDuals: Array.from(sol.rowDual ?? []),
      bound,
      seconds,
    };
  });
}
