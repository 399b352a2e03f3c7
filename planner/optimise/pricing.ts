/**
 * The pricing problem of column generation: the most valuable contents of one node of a kind,
 * given a value per pod class (the master's duals), as a MIP solved by HiGHS.
 *
 * Exact node contents: CPU, memory and the pod limit of the node; whole GPUs counted; MIG as a
 * number of GPUs per placeable layout, each layout bounding its profiles' instances; time-sliced
 * shares GPU by GPU (compute thousandths and memory per GPU), with the GPUs ordered by load so
 * that equivalent assignments are not explored twice.
 */
import { MAX_PODS_PER_NODE } from '../packing/allocatable';
import { LinearProgram, type MipSolver } from './linear-program';
import type { NodeKind, PodClass } from './nodes';
import { eligible } from './nodes';

const MIB = 1024 * 1024;

/** The best contents found for a node kind. */
export interface PricedPattern {
  /** Pods per class row. */
  readonly counts: ReadonlyMap<number, number>;
  /** Σ value × pods of the contents. */
  readonly value: number;
  /** Proven upper bound on the value of any contents (equal to `value` when solved to optimality). */
  readonly valueBound: number;
}

/** Options of `priceNode`. */
export interface PricingOptions {
  /**
   * `per-gpu` assigns each share to a GPU (exact); `node` bounds the node's total share only
   * (a relaxation: quicker, still a valid bound, but a result may not fit GPU by GPU).
   * @default 'per-gpu'
   */
  readonly shares?: 'per-gpu' | 'node';
  /** Branch-and-bound nodes of one pricing MIP: a deterministic limit (the bound uses the proven dual bound, so it stays valid). @default - none */
  readonly mipMaxNodes?: number;
  /** Wall-clock limit of one pricing MIP (benchmarks only). @default - none */
  readonly timeLimitSeconds?: number;
  /**
   * Relative gap at which a pricing MIP stops; the bound uses HiGHS's proven dual bound, so it
   * stays valid. @default 0
   */
  readonly mipRelGap?: number;
}

/**
 * The most valuable contents of a node of kind `k`: max Σ value[row] × pods[row].
 *
 * @param value value per class row (duals); rows of value 0 or not eligible are left out
 * @returns undefined when no class with a positive value fits the kind
 */
export function priceNode(
  solver: MipSolver,
  k: NodeKind,
  classes: readonly PodClass[],
  value: readonly number[],
  zone: number,
  options: PricingOptions = {},
): PricedPattern | undefined {
  const rows = classes.filter((c) => value[c.row]! > 1e-12 && (c.zone === -1 || c.zone === zone) && eligible(k, c));
  if (rows.length === 0) return undefined;
  const quick = quickBound(k, rows, value);
  // nothing this kind holds can pay for it: skip the MIP (the bound still enters the Lagrangian)
  if (quick <= k.price * (1 + 1e-9)) return { counts: new Map(), value: 0, valueBound: quick };
  const lp = new LinearProgram(true);
  const perGpu = k.mode === 'time-slicing' && (options.shares ?? 'per-gpu') === 'per-gpu';
  // vars[i][j]: pods of rows[i] (on GPU j for per-GPU shares; j = 0 otherwise)
  const vars: number[][] = rows.map((c) => {
    const maxByCpu = Math.floor(k.cpuMilli / Math.max(1, c.option.cpuMilli));
    const maxByMem = Math.floor(k.memoryBytes / Math.max(1, c.option.memoryBytes));
    const ub = Math.min(c.maxPods, maxByCpu, maxByMem, MAX_PODS_PER_NODE);
    const n = perGpu ? k.gpus : 1;
    return Array.from({ length: n }, () => lp.addVar(value[c.row]!, 0, ub, true));
  });
  const all = (coef: (c: PodClass) => number): [number, number][] => rows.flatMap((c, i) => vars[i]!.map((v) => [v, coef(c)] as [number, number]));
  lp.addRow(
    -Infinity,
    k.cpuMilli,
    all((c) => c.option.cpuMilli),
  );
  lp.addRow(
    -Infinity,
    k.memoryBytes / MIB,
    all((c) => c.option.memoryBytes / MIB),
  );
  lp.addRow(
    -Infinity,
    MAX_PODS_PER_NODE,
    all(() => 1),
  );
  rows.forEach((c, i) => {
    if (vars[i]!.length > 1)
      lp.addRow(
        -Infinity,
        c.maxPods,
        vars[i]!.map((v) => [v, 1] as [number, number]),
      );
  });
  if (k.mode === 'exclusive') {
    lp.addRow(
      -Infinity,
      k.gpus,
      all((c) => (c.option.need.kind === 'whole' ? c.option.need.count : 0)),
    );
  } else if (k.mode === 'mig') {
    const layoutVars = k.layouts.map(() => lp.addVar(0, 0, k.gpus, true));
    lp.addRow(
      -Infinity,
      k.gpus,
      layoutVars.map((v) => [v, 1] as [number, number]),
    );
    const profiles = [...new Set(rows.map((c) => (c.option.need.kind === 'mig' ? c.option.need.profile : '')))].sort();
    for (const p of profiles) {
      const terms: [number, number][] = rows.flatMap((c, i) =>
        c.option.need.kind === 'mig' && c.option.need.profile === p ? [[vars[i]![0]!, 1] as [number, number]] : [],
      );
      k.layouts.forEach((l, li) => terms.push([layoutVars[li]!, -(l[p] ?? 0)]));
      lp.addRow(-Infinity, 0, terms);
    }
  } else if (k.mode === 'time-slicing') {
    const milli = (c: PodClass): number => (c.option.need.kind === 'share' ? c.option.need.milli : 0);
    const mem = (c: PodClass): number => (c.option.need.kind === 'share' ? c.option.need.memoryBytes / MIB : 0);
    if (perGpu) {
      for (let j = 0; j < k.gpus; j++) {
        lp.addRow(
          -Infinity,
          1000,
          rows.map((c, i) => [vars[i]![j]!, milli(c)] as [number, number]),
        );
        lp.addRow(
          -Infinity,
          k.gpuMemoryBytes / MIB,
          rows.map((c, i) => [vars[i]![j]!, mem(c)] as [number, number]),
        );
        if (j + 1 < k.gpus) {
          const terms: [number, number][] = rows.flatMap((c, i) => [
            [vars[i]![j]!, milli(c)] as [number, number],
            [vars[i]![j + 1]!, -milli(c)] as [number, number],
          ]);
          lp.addRow(0, Infinity, terms);
        }
      }
    } else {
      lp.addRow(-Infinity, 1000 * k.gpus, all(milli));
      lp.addRow(-Infinity, (k.gpuMemoryBytes / MIB) * k.gpus, all(mem));
    }
  }
  const r = lp.solve(solver, {
    mipRelGap: options.mipRelGap ?? 0,
    ...(options.mipMaxNodes !== undefined ? { mipMaxNodes: options.mipMaxNodes } : {}),
    ...(options.timeLimitSeconds !== undefined ? { timeLimitSeconds: options.timeLimitSeconds } : {}),
  });
  if (r.status === 'infeasible') return undefined;
  const counts = new Map<number, number>();
  rows.forEach((c, i) => {
    const n = vars[i]!.reduce((s, v) => s + Math.round(r.values[v]!), 0);
    if (n > 0) counts.set(c.row, n);
  });
  let v = 0;
  for (const [row, n] of counts) v += value[row]! * n;
  return { counts, value: v, valueBound: Math.max(v, r.bound) };
}

/**
 * An upper bound on the value of one node's contents, without a solve: every resource of the node
 * filled with the class of the best value per unit of it (a fractional knapsack per resource).
 */
function quickBound(k: NodeKind, rows: readonly PodClass[], value: readonly number[]): number {
  const gpuUse = (c: PodClass): number => {
    const n = c.option.need;
    if (n.kind === 'whole') return n.count;
    if (n.kind === 'share') return n.milli / 1000;
    if (n.kind === 'mig') {
      const perGpu = Math.max(...k.layouts.map((l) => l[n.profile] ?? 0));
      return perGpu > 0 ? 1 / perGpu : Infinity;
    }
    return 0;
  };
  const dims: [(c: PodClass) => number, number][] = [
    [(c) => c.option.cpuMilli, k.cpuMilli],
    [(c) => c.option.memoryBytes, k.memoryBytes],
    [() => 1, MAX_PODS_PER_NODE],
  ];
  if (k.gpus > 0) dims.push([gpuUse, k.gpus]);
  let best = rows.reduce((s, c) => s + value[c.row]! * c.maxPods, 0);
  for (const [use, cap] of dims) {
    let ratio = 0;
    let zeroUse = 0;
    for (const c of rows) {
      const u = use(c);
      if (u > 0) ratio = Math.max(ratio, value[c.row]! / u);
      else zeroUse += value[c.row]! * c.maxPods;
    }
    best = Math.min(best, cap * ratio + zeroUse);
  }
  return best;
}
