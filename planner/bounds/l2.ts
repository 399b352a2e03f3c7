/**
 * Lower bounds on the number of bins (GPUs) any packing needs.
 *
 * @see Martello & Toth, Knapsack Problems (1990), the L2 bound for one-dimensional bin packing.
 */

/**
 * Trivial volume bound: ⌈Σ size / capacity⌉.
 */
export function volumeBound(sizes: readonly number[], capacity: number): number {
  let s = 0;
  for (const x of sizes) s += x;
  return Math.ceil(s / capacity - 1e-9);
}

/**
 * Martello–Toth L2: for every α in [0, C/2], items above C − α each need a bin of their own,
 * items in (C/2, C − α] each need one too, and items in [α, C/2] can only fill the room those
 * leave or open bins of their own. The maximum over α is a valid bound, never below the volume bound.
 *
 * Integer sizes (e.g. thousandths of a GPU) keep the arithmetic exact. O(n log n).
 */
export function martelloTothL2(sizes: readonly number[], capacity: number): number {
  const s = sizes.filter((x) => x > 0).sort((a, b) => b - a);
  const n = s.length;
  if (n === 0) return 0;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + s[i]!;
  // index of the first item with size <= v (sizes sorted descending)
  const firstAtMost = (v: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! <= v) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  // index of the first item with size < v
  const firstBelow = (v: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! < v) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const half = capacity / 2;
  const alphas = new Set<number>([0]);
  for (const x of s) if (x <= half) alphas.add(x);
  let best = volumeBound(s, capacity);
  for (const alpha of alphas) {
    const j1End = firstAtMost(capacity - alpha); // sizes > C - α
    const j2End = firstAtMost(half); // sizes > C/2
    const j3End = firstBelow(alpha); // sizes >= α
    const n1 = j1End;
    const n2 = Math.max(0, j2End - j1End);
    const sumJ2 = prefix[Math.max(j1End, j2End)]! - prefix[j1End]!;
    const sumJ3 = prefix[Math.max(j2End, j3End)]! - prefix[j2End]!;
    const room = n2 * capacity - sumJ2;
    const extra = Math.max(0, Math.ceil((sumJ3 - room) / capacity - 1e-9));
    best = Math.max(best, n1 + n2 + extra);
  }
  return best;
}
