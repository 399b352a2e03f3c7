/**
 * Repacking one pool the LP over node kinds chose, by node patterns: a cutting-stock model over
 * the pool's few distinct replica shapes, solved with the injected solver.
 *
 *   min Σ_p x_p                      (every node of a pool costs the same)
 *   Σ_p a[t,p] x_p ≥ replicas of t   (every replica of every shape t is placed)
 *
 * A pattern p is one node's contents (a[t,p] replicas of each shape t) within the node's GPUs,
 * allocatable CPU and memory and pod limit. Column generation starts from the packer's own nodes
 * (and each shape at its most on a node) and prices new patterns by a bounded knapsack over the
 * shapes, solved by branch and bound; the LP's patterns, rounded
 * down, become nodes, and the replicas they leave are packed by the packer. The result is kept
 * only when it has fewer nodes than the packer's, so a pool is never packed worse.
 *
 * The packer fills one node at a time and cannot see that the pool's last nodes will be filled
 * with whatever shapes are left; the pattern LP sees the whole pool at once, which is what
 * closes most of the gap between its node counts and the LP over node kinds' totals.
 *
 * Only pools whose nodes are interchangeable qualify: replicas of whole GPUs (any free GPU of a
 * node serves) or none, no zone pinned, no replicas kept apart, no MIG layout. Every limit is
 * deterministic (rounds, branch-and-bound nodes); none is a clock.
 */
import { MAX_PODS_PER_NODE } from '../packing/allocatable';
import type { PackItem } from '../packing/items';
import { FillStrategy, packItems, type ItemPlacement, type NodeShape, type PackedNode, type PackResult } from '../packing/pack';
import { sumDemand, volumeBoundNodes } from '../pools/build-pool';
import { MILLI_PER_GPU } from '../resolve/quantity';
import { LinearProgram, type MipSolver } from './linear-program';

/** Most distinct replica shapes of a pool the pattern model takes (the trace's largest pool has 69). */
export const PATTERN_MAX_SHAPES = 200;
/** Rounds of column generation per pool: a deterministic limit (more rounds only tighten the LP). */
export const PATTERN_MAX_ROUNDS = 150;
/** Branch-and-bound nodes of one pricing knapsack: a deterministic limit (the best pattern found by then is used). */
export const PATTERN_PRICING_MAX_NODES = 5000;

/** Columns one pricing round adds at most: the best pattern and those it improved on. */
export const PATTERN_COLUMNS_PER_ROUND = 8;

/** Replicas with one demand: whole GPUs, CPU and memory. */
interface Shape {
  readonly gpus: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** Indices of its replicas into the pool's items, in the packer's order (name, then replica). */
  readonly items: number[];
}

/** A node's contents: replicas of each shape, by index into the shapes. */
type Pattern = readonly number[];

/** Tolerance of reduced costs and LP values. */
const EPS = 1e-6;

/**
 * Packs `items` on nodes of `shape` by patterns; undefined when the pool does not qualify, the
 * solver finds nothing, or the result has no fewer nodes than `packed` (the packer's packing).
 */
export function repackByPatterns(
  items: readonly PackItem[],
  shape: NodeShape,
  zones: readonly string[],
  packed: PackResult,
  solver: MipSolver,
): PackResult | undefined {
  const shapes = shapesOf(items, shape);
  if (!shapes || shapes.length > PATTERN_MAX_SHAPES || zones.length === 0) return undefined;
  // the packer is already optimal where it meets the volume bound (the pod limit counted too)
  const floor = Math.max(volumeBoundNodes(sumDemand(items), shape), Math.ceil(items.length / MAX_PODS_PER_NODE));
  if (packed.nodes.length <= floor) return undefined;
  const patterns = generatePatterns(shapes, shape, seedPatterns(shapes, items, packed, shape), solver);
  if (!patterns) return undefined;
  const result = nodesOf(patterns, shapes, items, shape, zones);
  if (!result || result.nodes.length >= packed.nodes.length) return undefined;
  return result;
}

/** The pool's replicas grouped by demand, or undefined when a replica rules the pattern model out. */
function shapesOf(items: readonly PackItem[], node: NodeShape): Shape[] | undefined {
  if (node.migLayout) return undefined;
  const byKey = new Map<string, Shape>();
  const out: Shape[] = [];
  const order = items.map((_, i) => i).sort((a, b) => byNameThenReplica(items, a, b));
  for (const i of order) {
    const it = items[i]!;
    if (it.zone !== undefined || it.distinctNodes || (it.gpu.kind !== 'none' && it.gpu.kind !== 'whole')) return undefined;
    const gpus = it.gpu.kind === 'whole' ? it.gpu.count : 0;
    const key = `${gpus}|${it.cpuMilli}|${it.memoryBytes}`;
    let s = byKey.get(key);
    if (!s) {
      s = { gpus, cpuMilli: it.cpuMilli, memoryBytes: it.memoryBytes, items: [] };
      byKey.set(key, s);
      out.push(s);
    }
    s.items.push(i);
  }
  return out;
}

function byNameThenReplica(items: readonly PackItem[], a: number, b: number): number {
  const x = items[a]!;
  const y = items[b]!;
  return (x.workload < y.workload ? -1 : x.workload > y.workload ? 1 : 0) || x.replica - y.replica || a - b;
}

/** The packer's nodes as patterns, each once: a feasible start that covers every replica. */
function seedPatterns(shapes: readonly Shape[], items: readonly PackItem[], packed: PackResult, node: NodeShape): Pattern[] {
  const shapeOf = new Array<number>(items.length);
  shapes.forEach((s, si) => s.items.forEach((i) => (shapeOf[i] = si)));
  const seen = new Set<string>();
  const out: Pattern[] = [];
  for (const n of packed.nodes) {
    const counts = new Array<number>(shapes.length).fill(0);
    for (const i of n.items) counts[shapeOf[i]!]!++;
    const key = counts.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(counts);
  }
  // and each shape at its most on a node, the room filled by the largest other shapes that fit
  const bySize = shapes.map((_, si) => si).sort((a, b) => relativeSize(shapes[b]!, node) - relativeSize(shapes[a]!, node) || a - b);
  for (let first = 0; first < shapes.length; first++) {
    const counts = new Array<number>(shapes.length).fill(0);
    const room = [node.gpus, node.cpuMilli, node.memoryBytes, MAX_PODS_PER_NODE];
    for (const si of [first, ...bySize]) {
      const s = shapes[si]!;
      const u = [s.gpus, s.cpuMilli, s.memoryBytes, 1];
      let most = s.items.length - counts[si]!;
      for (let r = 0; r < 4; r++) if (u[r]! > 0) most = Math.min(most, Math.floor(room[r]! / u[r]!));
      counts[si]! += most;
      for (let r = 0; r < 4; r++) room[r]! -= most * u[r]!;
    }
    const key = counts.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(counts);
  }
  return out;
}

/** A shape's use of a node: the sum of its shares of each resource. */
function relativeSize(s: Shape, node: NodeShape): number {
  const share = (u: number, cap: number): number => (cap > 0 ? u / cap : 0);
  return share(s.gpus, node.gpus) + share(s.cpuMilli, node.cpuMilli) + share(s.memoryBytes, node.memoryBytes) + share(1, MAX_PODS_PER_NODE);
}

/**
 * Column generation: solves the pattern LP, prices a better pattern from its duals, and repeats
 * until none prices above one node or the rounds run out; then rounds the LP.
 *
 * @returns nodes per pattern (whole numbers) with the patterns, or undefined when the first LP fails
 */
function generatePatterns(
  shapes: readonly Shape[],
  node: NodeShape,
  seeds: Pattern[],
  solver: MipSolver,
): { readonly patterns: readonly Pattern[]; readonly counts: readonly number[] } | undefined {
  const patterns = [...seeds];
  const seen = new Set(patterns.map((p) => p.join(',')));
  let lp = solveMaster(shapes, patterns, solver);
  if (!lp) return undefined;
  for (let round = 0; round < PATTERN_MAX_ROUNDS; round++) {
    const priced = pricePattern(shapes, node, lp.duals, solver);
    if (priced.length === 0 || priced[0]!.value <= 1 + EPS) break;
    // Farley's bound (the LP optimum is at least its value over the best pattern's) rounds up as the LP does: more rounds cannot lower
    // the nodes it promises. The pricing stops at a node limit, so this is a reason to stop, not a bound the plan claims
    if (Math.ceil(lp.objective / priced[0]!.value - EPS) >= Math.ceil(lp.objective - EPS)) break;
    let added = 0;
    for (const { pattern, value } of priced) {
      const key = pattern.join(',');
      if (value <= 1 + EPS || seen.has(key)) continue;
      seen.add(key);
      patterns.push(pattern);
      added++;
    }
    if (added === 0) break; // the pricing repeats itself: the LP is as good as it gets here
    const next = solveMaster(shapes, patterns, solver);
    if (!next) break; // keep the last LP solved: its patterns still cover every replica
    lp = next;
  }
  return { patterns, counts: lp.values.map((x) => Math.floor(x + EPS)) };
}

/** The pattern LP's optimum: nodes per pattern (fractional) and the duals of the shapes' rows. */
function solveMaster(
  shapes: readonly Shape[],
  patterns: readonly Pattern[],
  solver: MipSolver,
): { readonly objective: number; readonly values: readonly number[]; readonly duals: readonly number[] } | undefined {
  const lp = new LinearProgram(false);
  const x = patterns.map(() => lp.addVar(1, 0, Infinity));
  shapes.forEach((s, si) =>
    lp.addRow(
      s.items.length,
      Infinity,
      patterns.flatMap((p, pi) => (p[si]! > 0 ? [[x[pi]!, p[si]!] as [number, number]] : [])),
    ),
  );
  const r = lp.solve(solver);
  if (!r.optimal) return undefined;
  return { objective: r.objective, values: x.map((v) => r.values[v]!), duals: shapes.map((_, si) => Math.max(0, r.rowDuals[si] ?? 0)) };
}

/**
 * The pattern of most dual value that fits one node: a bounded knapsack in four resources (GPUs,
 * CPU, memory, pods), solved by depth-first branch and bound over the shapes of positive dual,
 * densest first (value per unit of the resources summed with `surrogateWeights`), each taken as
 * often as fits before fewer. A node's bound is its value plus the least of: every shape left at
 * its count; per resource, its room times the best value per unit of it among the shapes left;
 * the surrogate knapsack of the shapes left, taken fractionally. Stops after
 * `PATTERN_PRICING_MAX_NODES` nodes with the best found.
 */
function pricePattern(
  shapes: readonly Shape[],
  node: NodeShape,
  duals: readonly number[],
  solver: MipSolver,
): { readonly pattern: Pattern; readonly value: number }[] {
  const caps = [node.gpus, node.cpuMilli, node.memoryBytes, MAX_PODS_PER_NODE];
  const use = (s: Shape): number[] => [s.gpus, s.cpuMilli, s.memoryBytes, 1];
  const weights = surrogateWeights(shapes, duals, caps, use, solver);
  const size = (s: Shape): number => use(s).reduce((t, u, r) => t + weights[r]! * u, 0);
  const order = shapes
    .map((s, si) => ({ si, s, dual: duals[si]!, density: duals[si]! / size(s) }))
    .filter((c) => c.dual > EPS)
    .sort((a, b) => b.density - a.density || a.si - b.si);
  if (order.length === 0) return [];
  const uses = order.map((c) => use(c.s));
  // best value per unit of each resource among the shapes from k on (Infinity where one uses none of it)
  const best = order.map(() => caps.map(() => 0));
  for (let k = order.length - 1; k >= 0; k--)
    for (let r = 0; r < caps.length; r++) {
      const per = uses[k]![r]! > 0 ? order[k]!.dual / uses[k]![r]! : Infinity;
      best[k]![r] = Math.max(per, k + 1 < order.length ? best[k + 1]![r]! : 0);
    }
  // the value of every shape from k on at its count: a bound too
  const all = order.map(() => 0);
  for (let k = order.length - 1; k >= 0; k--) all[k] = order[k]!.dual * order[k]!.s.items.length + (k + 1 < order.length ? all[k + 1]! : 0);
  const room = [...caps];
  const counts = order.map(() => 0);
  let bestValue = 0;
  // every pattern that improved on the best so far, last (best) first: each becomes a column
  const found: { counts: number[]; value: number }[] = [];
  let steps = 0;
  const sizes = order.map((c) => size(c.s));
  const bound = (k: number, value: number): number => {
    if (k >= order.length) return value;
    let b = all[k]!;
    // the surrogate knapsack (resources summed with the weights) taken fractionally in density order
    let left = room.reduce((t, x, r) => t + weights[r]! * x, 0);
    let sur = 0;
    for (let j = k; j < order.length && left > 0; j++) {
      const take = Math.min(order[j]!.s.items.length, left / sizes[j]!);
      sur += take * order[j]!.dual;
      left -= take * sizes[j]!;
    }
    b = Math.min(b, sur);
    for (let r = 0; r < caps.length; r++) b = Math.min(b, room[r]! * best[k]![r]!);
    return value + b;
  };
  const search = (k: number, value: number): void => {
    if (value > bestValue + EPS) {
      bestValue = value;
      found.push({ counts: [...counts], value });
    }
    if (k >= order.length || steps >= PATTERN_PRICING_MAX_NODES || bound(k, value) <= bestValue + EPS) return;
    steps++;
    const u = uses[k]!;
    let most = order[k]!.s.items.length;
    for (let r = 0; r < caps.length; r++) if (u[r]! > 0) most = Math.min(most, Math.floor(room[r]! / u[r]!));
    for (let c = most; c >= 0; c--) {
      for (let r = 0; r < caps.length; r++) room[r]! -= c * u[r]!;
      counts[k] = c;
      search(k + 1, value + c * order[k]!.dual);
      counts[k] = 0;
      for (let r = 0; r < caps.length; r++) room[r]! += c * u[r]!;
      if (steps >= PATTERN_PRICING_MAX_NODES) break;
    }
  };
  search(0, 0);
  return found
    .slice(-PATTERN_COLUMNS_PER_ROUND)
    .reverse()
    .map(({ counts: c, value }) => {
      const pattern = shapes.map(() => 0);
      c.forEach((n, k) => (pattern[order[k]!.si] = n));
      return { pattern, value };
    });
}

/**
 * The nodes of the rounded patterns, filled with each shape's replicas in order (a pattern's
 * place for a shape whose replicas are all placed stays empty), then the packer's nodes for the
 * replicas left; undefined when the packer cannot place those.
 */
function nodesOf(
  solved: { readonly patterns: readonly Pattern[]; readonly counts: readonly number[] },
  shapes: readonly Shape[],
  items: readonly PackItem[],
  node: NodeShape,
  zones: readonly string[],
): PackResult | undefined {
  const taken = new Array<number>(shapes.length).fill(0);
  const contents: number[][] = [];
  solved.patterns.forEach((p, pi) => {
    for (let k = 0; k < solved.counts[pi]!; k++) {
      const on: number[] = [];
      p.forEach((c, si) => {
        const s = shapes[si]!;
        for (let j = 0; j < c && taken[si]! < s.items.length; j++) on.push(s.items[taken[si]!++]!);
      });
      if (on.length > 0) contents.push(on);
    }
  });
  const rest: number[] = [];
  shapes.forEach((s, si) => rest.push(...s.items.slice(taken[si]!)));
  rest.sort((a, b) => a - b);
  const nodes: PackedNode[] = [];
  const placements: ItemPlacement[] = new Array(items.length);
  for (const on of contents) {
    const zone = zones[nodes.length % zones.length]!;
    nodes.push(placeOnNode(on, items, node, zone, nodes.length, placements));
  }
  if (rest.length > 0) {
    const restItems = rest.map((i) => items[i]!);
    // the packer's zones continue the round: each of its nodes takes the next zone in turn
    const offset = nodes.length % zones.length;
    const turned = [...zones.slice(offset), ...zones.slice(0, offset)];
    const tail = packItems(restItems, node, turned, FillStrategy.MATCH_ROOM);
    const tailBalanced = packItems(restItems, node, turned, FillStrategy.BALANCE);
    const best = tail.ok && tailBalanced.ok && tailBalanced.result.nodes.length < tail.result.nodes.length ? tailBalanced : tail;
    if (!best.ok) return undefined;
    const base = nodes.length;
    for (const n of best.result.nodes) nodes.push({ ...n, items: n.items.map((j) => rest[j]!).sort((a, b) => a - b) });
    best.result.placements.forEach((pl, j) => (placements[rest[j]!] = { node: base + pl.node, gpus: pl.gpus }));
  }
  return { nodes, placements };
}

/** One node holding `on` (whole GPUs taken in index order), recording each replica's placement. */
function placeOnNode(on: readonly number[], items: readonly PackItem[], node: NodeShape, zone: string, index: number, placements: ItemPlacement[]): PackedNode {
  const sorted = [...on].sort((a, b) => a - b);
  const gpuMilliUsed = new Array<number>(node.gpus).fill(0);
  let nextGpu = 0;
  let cpu = 0;
  let mem = 0;
  for (const i of sorted) {
    const it = items[i]!;
    const count = it.gpu.kind === 'whole' ? it.gpu.count : 0;
    const gpus: number[] = [];
    for (let g = 0; g < count; g++) {
      gpuMilliUsed[nextGpu] = MILLI_PER_GPU;
      gpus.push(nextGpu++);
    }
    cpu += it.cpuMilli;
    mem += it.memoryBytes;
    placements[i] = { node: index, gpus };
  }
  return { zone, items: sorted, gpuMilliUsed, migUsed: gpuMilliUsed.map(() => ({})), cpuMilliUsed: cpu, memoryBytesUsed: mem };
}

/**
 * Weights of the resources for the pricing's surrogate bound: the duals of the knapsack's LP
 * relaxation (any non-negative weights give a valid bound; these give the LP's own at the root),
 * else each resource per unit of capacity.
 */
function surrogateWeights(
  shapes: readonly Shape[],
  duals: readonly number[],
  caps: readonly number[],
  use: (s: Shape) => number[],
  solver: MipSolver,
): number[] {
  const lp = new LinearProgram(true);
  const a = shapes.map((s, si) => lp.addVar(duals[si]!, 0, s.items.length));
  const rows = caps.map((cap, r) =>
    lp.addRow(
      -Infinity,
      cap,
      shapes.map((s, si) => [a[si]!, use(s)[r]!] as [number, number]),
    ),
  );
  const res = lp.solve(solver);
  const w = rows.map((row) => Math.abs(res.rowDuals[row] ?? 0));
  return res.optimal && w.some((x) => x > EPS) ? w : caps.map((c) => (c > 0 ? 1 / c : 0));
}
