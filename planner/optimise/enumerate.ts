/**
 * Proof of optimality for small fleets: every node configuration that could appear in a plan
 * cheaper than the best one found.
 *
 * With duals π that price every configuration at a reduced cost ≥ 0 (column generation has
 * converged), any plan costs at least LP + Σ (reduced cost of its nodes). So a plan cheaper than
 * the best found (UB) uses only configurations of reduced cost below UB − LP. Enumerating all of
 * them (the maximal ones suffice: pods are covered with ≥) and solving the MIP over them gives the
 * exact optimum of the model.
 */
import { eligible, fitsNode, type NodeKind, type PodClass } from './nodes';

/** What an enumeration found; `complete` is false when it stopped at the cap. */
export interface Enumerated {
  readonly patterns: readonly ReadonlyMap<number, number>[];
  readonly complete: boolean;
}

/**
 * Every maximal contents of one node of kind `k` (in `zone`, or any zone for -1) whose value under
 * `pi` is at least `minValue`.
 *
 * @param cap most search steps before giving up (then `complete` is false)
 */
export function enumerateMaximal(k: NodeKind, classes: readonly PodClass[], pi: readonly number[], zone: number, minValue: number, cap = 200_000): Enumerated {
  const rows = classes.filter((c) => (c.zone === -1 || c.zone === zone) && eligible(k, c)).sort((a, b) => pi[b.row]! - pi[a.row]! || a.row - b.row);
  const memo = new Map<string, number>();
  const counts = new Map<number, number>();
  const fits = (): boolean => fitsNode(k, classes, counts, memo);
  const ub = rows.map((c) => {
    let n = 0;
    counts.clear();
    while (n < c.maxPods) {
      counts.set(c.row, n + 1);
      if (!fits()) break;
      n++;
    }
    return n;
  });
  counts.clear();
  // optimistic value of rows i.. : each at its own most
  const rest = new Array<number>(rows.length + 1).fill(0);
  for (let i = rows.length - 1; i >= 0; i--) rest[i] = rest[i + 1]! + pi[rows[i]!.row]! * ub[i]!;
  const out: Map<number, number>[] = [];
  let steps = 0;
  let complete = true;
  const maximal = (): boolean =>
    rows.every((c, i) => {
      const n = counts.get(c.row) ?? 0;
      if (n >= ub[i]!) return true;
      counts.set(c.row, n + 1);
      const more = fits();
      if (n === 0) counts.delete(c.row);
      else counts.set(c.row, n);
      return !more;
    });
  const visit = (i: number, value: number): void => {
    if (!complete) return;
    if (++steps > cap) {
      complete = false;
      return;
    }
    if (value + rest[i]! < minValue) return;
    if (i === rows.length) {
      if (maximal()) out.push(new Map(counts));
      return;
    }
    const c = rows[i]!;
    let most = 0;
    while (most < ub[i]!) {
      counts.set(c.row, most + 1);
      if (!fits()) break;
      most++;
    }
    for (let n = most; n >= 0; n--) {
      if (n > 0) counts.set(c.row, n);
      else counts.delete(c.row);
      visit(i + 1, value + n * pi[c.row]!);
    }
    counts.delete(c.row);
  };
  visit(0, 0);
  return { patterns: out, complete };
}
