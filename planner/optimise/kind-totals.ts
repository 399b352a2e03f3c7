/**
 * A lower bound and an instance mix for fleets too large for column generation: one LP over node
 * kinds instead of node configurations.
 *
 *   min Σ_k price_k n_k
 *   Σ_o y[g,o] = workloads of group g                              (each workload picks one option)
 *   Σ_k x[r,k] ≥ pods per workload of row r × y[g(r),o(r)]          (every pod of every row is placed)
 *   per kind k: Σ_r x[r,k] × CPU_r ≤ CPU_k n_k, the same for memory, pods (110 per node), whole
 *     GPUs, time-sliced compute and GPU memory, and MIG instances (each takes at least the share
 *     of a GPU its profile's densest layout gives it)
 *   per kind and resource: Σ_r x[r,k] × f(use_r ÷ a node's, or for shares a GPU's, capacity)
 *     ≤ bins of k, for a few dual-feasible functions f (each counts what items that cannot share
 *     a bin waste)
 *
 * Every plan the platform can deploy gives a feasible point (n: its nodes per kind, x: its pods),
 * so the optimum is a valid lower bound on every plan's cost. Its size grows with the rows
 * (distinct pod shapes × options), not with the pods, and one LP solve replaces the rounds of
 * pricing MIPs. It relaxes what column generation honours node by node: pods must fit the kind's
 * totals, not each node, so it is the weaker bound of the two where both run.
 */
import { MAX_PODS_PER_NODE } from '../packing/allocatable';
import { mostAlone, podsPerWorkload } from './column-generation';
import type { Demand } from './demand';
import { LinearProgram, type MipSolver } from './linear-program';
import { eligible, type NodeKind, type PodClass } from './nodes';

/** A variable and its coefficient in a row. */
type Term = [number, number];

/** Pods of a row on a kind: the variable counting them, pods per unit of it, and one pod's use of a resource. */
interface Use {
  readonly x: number;
  readonly pods: number;
  readonly use: number;
}

/** What the LP over node kinds found. */
export interface KindTotals {
  /** The LP optimum: a valid lower bound on the hourly cost of the workload nodes (system pool excluded). */
  readonly lowerBound: number;
  /** Fractional workloads of each group on each of its options (`[group][option]`). */
  readonly choice: readonly (readonly number[])[];
  /** Fractional nodes per kind (by index into the kinds given). */
  readonly nodes: readonly number[];
}

const MIB = 1024 * 1024;

/**
 * Dual-feasible functions (Fekete and Schepers): any f on [0, 1] with Σ f(sizes) ≤ 1 for every
 * set of sizes that fits one bin. Summed over a kind's pods, Σ f(use ÷ capacity) ≤ bins, which
 * counts what a bin loses to items that cannot share it; plain totals (f = identity) do not.
 * Each entry is one valid cut per kind and resource.
 */
const DUAL_FEASIBLE: readonly ((x: number) => number)[] = [
  // u(k): x where (k+1)x is whole, else ⌊(k+1)x⌋ ÷ k
  ...[1, 2, 3, 4].map(
    (k) =>
      (x: number): number =>
        Number.isInteger((k + 1) * x) ? x : Math.floor((k + 1) * x) / k,
  ),
  // f(ε): items above 1 − ε count whole, below ε nothing, between as they are
  ...[0.1, 0.2, 0.3, 0.4].map(
    (e) =>
      (x: number): number =>
        x > 1 - e ? 1 : x < e ? 0 : x,
  ),
];

/** GPUs one pod of class `c` takes at least on a node of kind `k` (MIG: its profile's densest layout). */
function gpuUse(k: NodeKind, c: PodClass): number {
  const n = c.option.need;
  if (n.kind === 'whole') return n.count;
  if (n.kind === 'share') return n.milli / 1000;
  if (n.kind === 'mig') {
    const most = Math.max(0, ...k.layouts.map((l) => l[n.profile] ?? 0));
    return most > 0 ? 1 / most : Infinity;
  }
  return 0;
}

/**
 * Solves the LP over node kinds; undefined when the solver finds no optimum (then no bound is claimed).
 *
 * @param classes the demand's rows (`podClasses(d)`)
 * @param kinds the node kinds a plan may buy (`nodeKinds`)
 */
export function solveKindTotals(solver: MipSolver, d: Demand, classes: readonly PodClass[], kinds: readonly NodeKind[]): KindTotals | undefined {
  const lp = new LinearProgram(false);
  const y = d.groups.map((g) => g.options.map(() => lp.addVar(0, 0, g.workloads.length)));
  const n = kinds.map((k) => lp.addVar(k.price, 0, Infinity));
  d.groups.forEach((g, gi) =>
    lp.addRow(
      g.workloads.length,
      g.workloads.length,
      y[gi]!.map((v) => [v, 1] as [number, number]),
    ),
  );
  // per kind, the terms of each of its totals
  const totals = kinds.map(() => ({ cpu: [] as Use[], mem: [] as Use[], pods: [] as Use[], gpus: [] as Use[], gpuMem: [] as Use[], perGpu: [] as Use[] }));
  for (const c of classes) {
    const oi = d.groups[c.group]!.options.indexOf(c.option);
    const choose = y[c.group]![oi]!;
    const perWorkload = podsPerWorkload(d, c);
    const hosts = kinds.flatMap((k, ki) => (eligible(k, c) && mostAlone(k, c) > 0 ? [ki] : []));
    if (hosts.length === 0) {
      lp.addRow(0, 0, [[choose, 1]]); // no node holds it: the option is out
      continue;
    }
    // an option pinned to one instance type has one kind: its pods are y × pods, no variable of their own
    const single = hosts.length === 1;
    const cover: Term[] = [];
    for (const ki of hosts) {
      const k = kinds[ki]!;
      const [x, per] = single ? [choose, perWorkload] : [lp.addVar(0, 0, c.maxPods), 1];
      cover.push([x, 1]);
      const t = totals[ki]!;
      t.cpu.push({ x, pods: per, use: c.option.cpuMilli });
      t.mem.push({ x, pods: per, use: c.option.memoryBytes / MIB });
      t.pods.push({ x, pods: per, use: 1 });
      const g = gpuUse(k, c);
      if (g > 0) t.gpus.push({ x, pods: per, use: g });
      if (c.option.need.kind === 'share') {
        t.gpuMem.push({ x, pods: per, use: c.option.need.memoryBytes / MIB });
        // a time-sliced share sits on one GPU: each GPU is a bin of 1000 thousandths
        t.perGpu.push({ x, pods: per, use: c.option.need.milli / 1000 });
      }
    }
    if (!single) lp.addRow(0, Infinity, [...cover, [choose, -perWorkload]]);
  }
  kinds.forEach((k, ki) => {
    const t = totals[ki]!;
    const cap = (uses: Use[], perNode: number): void => {
      if (uses.length > 0) lp.addRow(-Infinity, 0, [...uses.map((u) => [u.x, u.pods * u.use] as Term), [n[ki]!, -perNode]]);
    };
    cap(t.cpu, k.cpuMilli);
    cap(t.mem, k.memoryBytes / MIB);
    cap(t.pods, MAX_PODS_PER_NODE);
    cap(t.gpus, k.gpus);
    cap(t.gpuMem, (k.gpuMemoryBytes / MIB) * k.gpus);
    // bins: each node for CPU, memory and whole GPUs (as fractions of the node), each GPU for shares
    const bins = (uses: Use[], perBin: number, binsPerNode: number): void => {
      if (uses.length === 0 || perBin <= 0) return;
      for (const f of DUAL_FEASIBLE) {
        const cut = uses.map((u) => [u.x, u.pods * f(Math.min(1, u.use / perBin))] as Term).filter(([, v]) => v > 0);
        if (cut.length > 0) lp.addRow(-Infinity, 0, [...cut, [n[ki]!, -binsPerNode]]);
      }
    };
    bins(t.cpu, k.cpuMilli, 1);
    bins(t.mem, k.memoryBytes / MIB, 1);
    if (k.mode === 'exclusive') bins(t.gpus, k.gpus, 1);
    bins(t.perGpu, 1, k.gpus);
  });
  const r = lp.solve(solver);
  if (!r.optimal) return undefined;
  return {
    lowerBound: r.objective,
    choice: y.map((ys) => ys.map((v) => r.values[v]!)),
    nodes: n.map((v) => r.values[v]!),
  };
}
