/**
 * The solver of the reference models: HiGHS (University of Edinburgh) compiled to WebAssembly, as
 * the `highs` npm package ships it. It loads from the package's own `.wasm` file, offline.
 *
 * Models are built row by row in a small `LinearProgram` and handed to HiGHS as a sparse
 * row-wise matrix; every solve is one short-lived HiGHS instance, disposed afterwards.
 */
import loadHighs, { type Highs } from 'highs';

/** The loaded solver and its version. */
export interface Solver {
  readonly highs: Highs;
  /** HiGHS version string, e.g. `1.15.0`. */
  readonly version: string;
}

let loaded: Promise<Solver> | undefined;

/** Loads HiGHS once per process. */
export function loadSolver(): Promise<Solver> {
  loaded ??= loadHighs().then((highs) => ({ highs, version: highs.raw.version().string }));
  return loaded;
}

/** One variable of a model. */
interface Column {
  readonly cost: number;
  readonly lower: number;
  readonly upper: number;
  readonly integer: boolean;
}

/** One constraint `lower <= Σ coef × var <= upper`. */
interface Row {
  readonly lower: number;
  readonly upper: number;
  readonly indices: number[];
  readonly values: number[];
}

/** A linear (or mixed-integer) program under construction; minimised unless `maximize` is set. */
export class LinearProgram {
  private readonly cols: Column[] = [];
  private readonly rows: Row[] = [];

  constructor(private readonly maximize = false) {}

  /** Adds a variable and returns its index. */
  addVar(cost: number, lower: number, upper: number, integer = false): number {
    this.cols.push({ cost, lower, upper, integer });
    return this.cols.length - 1;
  }

  /** Adds `lower <= Σ terms <= upper`; terms on the same variable are summed. Returns the row index. */
  addRow(lower: number, upper: number, terms: readonly (readonly [number, number])[]): number {
    const merged = new Map<number, number>();
    for (const [i, v] of terms) if (v !== 0) merged.set(i, (merged.get(i) ?? 0) + v);
    const indices = [...merged.keys()].sort((a, b) => a - b);
    this.rows.push({ lower, upper, indices, values: indices.map((i) => merged.get(i)!) });
    return this.rows.length - 1;
  }

  /** Number of variables. */
  get numCols(): number {
    return this.cols.length;
  }

  /** Number of constraints. */
  get numRows(): number {
    return this.rows.length;
  }

  /** Whether any variable is integer. */
  get isMip(): boolean {
    return this.cols.some((c) => c.integer);
  }

  /**
   * Solves the program (as an LP when `relax` is set, integrality ignored).
   *
   * @throws Error when HiGHS reports neither an optimum nor, under a time limit, a feasible point
   */
  solve(solver: Solver, options: SolveOptions = {}): SolveResult {
    const { highs } = solver;
    const inf = highs.infinity;
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of this.rows) {
      indices.push(...r.indices);
      values.push(...r.values);
      starts.push(indices.length);
    }
    const clamp = (x: number): number => (x === Infinity ? inf : x === -Infinity ? -inf : x);
    const mip = this.isMip && !options.relax;
    const data = {
      numCols: this.cols.length,
      numRows: this.rows.length,
      sense: this.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: this.cols.map((c) => c.cost),
      colLower: this.cols.map((c) => clamp(c.lower)),
      colUpper: this.cols.map((c) => clamp(c.upper)),
      rowLower: this.rows.map((r) => clamp(r.lower)),
      rowUpper: this.rows.map((r) => clamp(r.upper)),
      matrix: { format: 'csr' as const, numRows: this.rows.length, numCols: this.cols.length, starts, indices, values },
      ...(mip ? { integrality: this.cols.map((c) => (c.integer ? highs.constants.variableType.integer : highs.constants.variableType.continuous)) } : {}),
    };
    return highs.withModel(data, (model): SolveResult => {
      model.options.set({
        output_flag: false,
        mip_rel_gap: options.mipRelGap ?? 0,
        mip_abs_gap: 0,
        ...(options.timeLimitSeconds !== undefined ? { time_limit: options.timeLimitSeconds } : {}),
      });
      const t = process.hrtime.bigint();
      model.run();
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      const status = model.getModelStatus();
      const st = highs.constants.modelStatus;
      const optimal = status === st.optimal;
      const sol = model.getSolution();
      const hasPoint = optimal || (mip && sol.colValue.length === this.cols.length && Number.isFinite(model.getObjectiveValue()) && status !== st.infeasible);
      if (status === st.infeasible) return { status: 'infeasible', optimal: false, objective: NaN, values: [], rowDuals: [], bound: NaN, seconds };
      if (!hasPoint) throw new Error(`HiGHS ended with model status ${status} on a ${this.cols.length} x ${this.rows.length} model`);
      const bound = mip ? Number(model.info.get('mip_dual_bound')) : model.getObjectiveValue();
      return {
        status: optimal ? 'optimal' : 'limit',
        optimal,
        objective: model.getObjectiveValue(),
        values: Array.from(sol.colValue),
        rowDuals: Array.from(sol.rowDual),
        bound,
        seconds,
      };
    });
  }
}

/** Options of `LinearProgram.solve`. */
export interface SolveOptions {
  /** Solve the LP relaxation. @default false */
  readonly relax?: boolean;
  /** Stop a MIP at this relative gap. @default 0 (prove optimality) */
  readonly mipRelGap?: number;
  /** Wall-clock limit. @default - none */
  readonly timeLimitSeconds?: number;
}

/** What a solve gives back. */
export interface SolveResult {
  /** `optimal`: proven; `limit`: stopped by the time limit with a feasible point; `infeasible`. */
  readonly status: 'optimal' | 'limit' | 'infeasible';
  readonly optimal: boolean;
  readonly objective: number;
  readonly values: readonly number[];
  /** Row duals of an LP (HiGHS sign convention: for a minimisation, ≥ rows have duals ≥ 0). */
  readonly rowDuals: readonly number[];
  /** Best proven bound (the MIP dual bound; the objective itself for an LP). */
  readonly bound: number;
  readonly seconds: number;
}
