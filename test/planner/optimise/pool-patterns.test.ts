import * as fc from 'fast-check';
import { MAX_PODS_PER_NODE } from '../../../planner/packing/allocatable';
import type { PackItem } from '../../../planner/packing/items';
import { FillStrategy, packItems, type NodeShape, type PackResult } from '../../../planner/packing/pack';
import type { MipSolver } from '../../../planner/optimise/linear-program';
import { repackByPatterns } from '../../../planner/optimise/pool-patterns';
import { loadHighsSolver } from '../../../solver/highs';

// one HiGHS load for the whole file
let solver: MipSolver;
beforeAll(async () => {
  solver = await loadHighsSolver();
});

const GIB = 2 ** 30;
const ZONES = ['a', 'b', 'c'];

/** The packer's packing as a pool gets it: the better of its two fill strategies. */
function packerNodes(items: readonly PackItem[], shape: NodeShape): PackResult {
  const results = [FillStrategy.MATCH_ROOM, FillStrategy.BALANCE].map((s) => packItems(items, shape, ZONES, s));
  const ok = results.flatMap((r) => (r.ok ? [r.result] : []));
  if (ok.length !== 2) throw new Error('unexpected unfit item');
  return ok[1]!.nodes.length < ok[0]!.nodes.length ? ok[1]! : ok[0]!;
}

/** Every item placed once, on a node whose GPUs, CPU, memory and pod limit it fits, with the node's totals right. */
function expectValid(r: PackResult, items: readonly PackItem[], shape: NodeShape): void {
  const seen = new Set<number>();
  r.nodes.forEach((n, k) => {
    let cpu = 0;
    let mem = 0;
    const gpus = new Set<number>();
    for (const i of n.items) {
      expect(seen.has(i)).toBe(false);
      seen.add(i);
      const it = items[i]!;
      const p = r.placements[i]!;
      expect(p.node).toBe(k);
      expect(p.gpus).toHaveLength(it.gpu.kind === 'whole' ? it.gpu.count : 0);
      for (const g of p.gpus) {
        expect(g).toBeGreaterThanOrEqual(0);
        expect(g).toBeLessThan(shape.gpus);
        expect(gpus.has(g)).toBe(false);
        gpus.add(g);
        expect(n.gpuMilliUsed[g]).toBe(1000);
      }
      cpu += it.cpuMilli;
      mem += it.memoryBytes;
    }
    expect(n.cpuMilliUsed).toBe(cpu);
    expect(n.memoryBytesUsed).toBe(mem);
    expect(cpu).toBeLessThanOrEqual(shape.cpuMilli);
    expect(mem).toBeLessThanOrEqual(shape.memoryBytes);
    expect(n.items.length).toBeLessThanOrEqual(MAX_PODS_PER_NODE);
    expect(n.gpuMilliUsed.filter((u) => u > 0)).toHaveLength(gpus.size);
    expect(ZONES).toContain(n.zone);
  });
  expect(seen.size).toBe(items.length);
}

describe('repackByPatterns', () => {
  // CPU-only node of 10 cores; replicas of 5, 4, 3, 3, 3 and 2 cores fill exactly two nodes
  // (5 + 3 + 2 and 4 + 3 + 3), while the packer puts 4 beside 5 and needs a third node for 2
  const tenCores: NodeShape = { gpus: 0, gpuMemoryBytes: 0, cpuMilli: 10_000, memoryBytes: 64 * GIB };
  const crafted: PackItem[] = [5, 4, 3, 3, 3, 2].map((cores, i) => ({
    workload: `w${i}`,
    replica: 0,
    gpu: { kind: 'none' },
    cpuMilli: cores * 1000,
    memoryBytes: GIB,
  }));

  test('a pool the packer leaves a node short of full takes the fewest nodes', () => {
    const packed = packerNodes(crafted, tenCores);
    expect(packed.nodes).toHaveLength(3);
    const r = repackByPatterns(crafted, tenCores, ZONES, packed, solver);
    expect(r?.nodes).toHaveLength(2);
    expectValid(r!, crafted, tenCores);
    expect(r!.nodes.map((n) => n.items.map((i) => crafted[i]!.cpuMilli / 1000).sort((a, b) => b - a))).toEqual(
      expect.arrayContaining([
        [5, 3, 2],
        [4, 3, 3],
      ]),
    );
  });

  test('the same pool gives the same packing twice', () => {
    const packed = packerNodes(crafted, tenCores);
    expect(repackByPatterns(crafted, tenCores, ZONES, packed, solver)).toEqual(repackByPatterns(crafted, tenCores, ZONES, packed, solver));
  });

  // each pool differs from one the patterns repack in one replica only: what rules it out is that change
  const oneGpu: NodeShape = { ...tenCores, gpus: 1, gpuMemoryBytes: 16 * GIB };
  test.each([
    ['time-sliced shares', oneGpu, { gpu: { kind: 'whole', count: 1 } }, { gpu: { kind: 'share', milli: 500, memoryBytes: GIB } }],
    ['a zone pinned', tenCores, {}, { zone: 'a' }],
    ['replicas kept apart', tenCores, {}, { distinctNodes: true }],
  ] as [string, NodeShape, Partial<PackItem>, Partial<PackItem>][])('a pool with %s is left to the packer', (_, shape, qualifying, change) => {
    const withFirst = (c: Partial<PackItem>): PackItem[] => crafted.map((it, i) => (i === 0 ? { ...it, ...c } : it));
    const base = withFirst(qualifying);
    expect(repackByPatterns(base, shape, ZONES, packerNodes(base, shape), solver)?.nodes).toHaveLength(2);
    const items = withFirst(change);
    expect(repackByPatterns(items, shape, ZONES, packerNodes(items, shape), solver)).toBeUndefined();
  });

  test('never more nodes than the packer, every node within its allocatable (property)', () => {
    const node8: NodeShape = { gpus: 8, gpuMemoryBytes: 16 * GIB, cpuMilli: 95_000, memoryBytes: 380 * GIB };
    const kinds = fc.record({
      gpus: fc.constantFrom(0, 1, 1, 1, 2, 4),
      cpuMilli: fc.integer({ min: 500, max: 48_000 }),
      memoryBytes: fc.integer({ min: 1, max: 200 }).map((g) => g * GIB),
      count: fc.integer({ min: 1, max: 12 }),
    });
    let fewer = 0;
    fc.assert(
      fc.property(fc.array(kinds, { minLength: 1, maxLength: 8 }), (ks) => {
        let w = 0;
        const items: PackItem[] = ks.flatMap((k) =>
          Array.from({ length: k.count }, (): PackItem => ({
            workload: `w${String(w++).padStart(3, '0')}`,
            replica: 0,
            gpu: k.gpus > 0 ? { kind: 'whole', count: k.gpus } : { kind: 'none' },
            cpuMilli: k.cpuMilli,
            memoryBytes: k.memoryBytes,
          })),
        );
        const packed = packerNodes(items, node8);
        const r = repackByPatterns(items, node8, ZONES, packed, solver);
        if (r) {
          fewer++;
          expect(r.nodes.length).toBeLessThan(packed.nodes.length);
          expectValid(r, items, node8);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
    // the property must have seen pools where the patterns win, or it tests nothing of them
    expect(fewer).toBeGreaterThan(0);
  });
});
