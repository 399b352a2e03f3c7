/**
 * Linear and mixed-integer programs, built row by row and handed to an injected solver.
 *
 * The planner never loads a solver itself (that is I/O: a WebAssembly file): callers pass one in
 * `PlanOptions.solver`, and the entry points load HiGHS (`solver/highs.ts`). A solver is anything
 * that implements `MipSolver`, so tests and other runtimes can bring their own.
 */

/** A model in the sparse row-wise form solvers read; `±Infinity` marks a missing bound. */
export interface MipModel {
  readonly maximize: boolean;
  readonly colCost: readonly number[];
  readonly colLower: readonly number[];
  readonly colUpper: readonly number[];
  /** Per column, whether it is integer; absent for a pure LP. */
  readonly integer?: readonly boolean[];
  readonly rowLower: readonly number[];
  readonly rowUpper: readonly number[];
  /** Compressed sparse rows: row `i` holds `indices[starts[i]..starts[i+1])`. */
  readonly starts: readonly number[];
  readonly indices: readonly number[];
  readonly values: readonly number[];
}

/** Limits of one solve. Only deterministic limits are used by `plan()`. */
export interface MipLimits {
  /** Stop a MIP at this relative gap. @default 0 (prove optimality) */
  readonly mipRelGap?: number;
  /** Stop a MIP after this many branch-and-bound nodes: a deterministic limit. @default - none */
  readonly mipMaxNodes?: number;
  /** Wall-clock limit: for benchmarks only, never set by `plan()` (it would make plans depend on load). @default - none */
  readonly timeLimitSeconds?: number;
}

/** What a solver gives back. */
export interface MipSolution {
  /** `optimal`: proven; `limit`: stopped by a limit with a feasible point; `infeasible`. */
  readonly status: 'optimal' | 'limit' | 'infeasible';
  readonly objective: number;
  readonly values: readonly number[];
  /** Row duals of an LP (for a minimisation, ≥ rows have duals ≥ 0). */
  readonly rowDuals: readonly number[];
  /** Best proven bound (the MIP dual bound; the objective itself for an LP). */
  readonly bound: number;
  /** Seconds the solve took, where the solver measures it (0 otherwise). */
  readonly seconds: number;
}

/**
 * A solver of linear and mixed-integer programs. Implementations must be deterministic: the same
 * model and limits give the same solution (single thread, fixed seed).
 */
export interface MipSolver {
  /** Name and version, e.g. `HiGHS 1.15.1`. */
  readonly name: string;
  /** Version string of the solver, e.g. `1.15.1`. */
  readonly version: string;
  /**
   * Solves `model`.
   *
   * @throws Error when the solver ends with neither an optimum, a feasible point under a limit, nor infeasibility
   */
  solve(model: MipModel, limits: MipLimits): MipSolution;
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

/** Options of `LinearProgram.solve`. */
export interface SolveOptions extends MipLimits {
  /** Solve the LP relaxation. @default false */
  readonly relax?: boolean;
}

/** What `LinearProgram.solve` gives back. */
export interface SolveResult extends MipSolution {
  readonly optimal: boolean;
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

  /** The model in the form a `MipSolver` reads (integrality dropped when `relax` is set). */
  model(relax = false): MipModel {
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of this.rows) {
      for (let i = 0; i < r.indices.length; i++) {
        indices.push(r.indices[i]!);
        values.push(r.values[i]!);
      }
      starts.push(indices.length);
    }
    const mip = this.isMip && !relax;
    return {
      maximize: this.maximize,
      colCost: this.cols.map((c) => c.cost),
      colLower: this.cols.map((c) => c.lower),
      colUpper: this.cols.map((c) => c.upper),
      ...(mip ? { integer: this.cols.map((c) => c.integer) } : {}),
      rowLower: this.rows.map((r) => r.lower),
      rowUpper: this.rows.map((r) => r.upper),
      starts,
      indices,
      values,
    };
  }

  /**
   * Solves the program (as an LP when `relax` is set, integrality ignored).
   *
   * @throws Error when the solver reports neither an optimum, a feasible point under a limit, nor infeasibility
   */
  solve(solver: MipSolver, options: SolveOptions = {}): SolveResult {
    const { relax, ...limits } = options;
    const r = solver.solve(this.model(relax ?? false), { mipRelGap: 0, ...limits });
    return { ...r, optimal: r.status === 'optimal' };
  }
}
