import * as fc from 'fast-check';
import type { PackItem } from '../../../planner/packing/items';
import { FillStrategy, groupReplicas, packItems, whyItemDoesNotFit, type NodeShape } from '../../../planner/packing/pack';

const GIB = 2 ** 30;
const node8: NodeShape = { gpus: 8, gpuMemoryBytes: 80 * GIB, cpuMilli: 96000, memoryBytes: 512 * GIB };

function item(workload: string, replica: number, gpu: PackItem['gpu'], cpuMilli = 1000, memoryBytes = GIB, zone?: string): PackItem {
  return { workload, replica, gpu, cpuMilli, memoryBytes, zone };
}

function pack(items: PackItem[], shape = node8, zones = ['a', 'b'], strategy = FillStrategy.MATCH_ROOM) {
  const r = packItems(items, shape, zones, strategy);
  if (!r.ok) throw new Error(`unexpected unfit: ${JSON.stringify(r.unfit)}`);
  return r.result;
}

describe('packItems', () => {
  test.each([
    ['replicas that may not share a node take one node each, in one zone', ['a'], 3, ['a', 'a', 'a']],
    ['over two zones they still never share', ['a', 'b'], 4, ['a', 'b', 'a', 'b']],
  ])('%s', (_, zones, replicas, nodeZones) => {
    const small = { cpuMilli: 100, memoryBytes: GIB };
    const items = Array.from({ length: replicas }, (_, i) => ({ ...item('ops', i, { kind: 'none' }, small.cpuMilli, small.memoryBytes), distinctNodes: true }));
    const r = pack(items, { ...node8, gpus: 0 }, zones);
    expect(r.nodes.map((n) => n.zone)).toEqual(nodeZones);
    expect(r.nodes.map((n) => n.items.length)).toEqual(nodeZones.map(() => 1));
    // other work with the same demand still fills those nodes
    const mixed = pack(
      [...items, ...Array.from({ length: 6 }, (_, i) => item('etl', i, { kind: 'none' }, small.cpuMilli, small.memoryBytes))],
      { ...node8, gpus: 0 },
      zones,
    );
    expect(mixed.nodes).toHaveLength(replicas);
    for (const n of mixed.nodes) expect(n.items.filter((i) => i < replicas)).toHaveLength(1);
  });

  test('whole-GPU replicas take distinct GPUs of one node', () => {
    const r = pack([item('a', 0, { kind: 'whole', count: 4 }), item('b', 0, { kind: 'whole', count: 4 })]);
    expect(r.nodes).toHaveLength(1);
    const gpus = r.placements.flatMap((p) => p.gpus);
    expect(new Set(gpus).size).toBe(8);
  });

  test('a multi-GPU replica never spans nodes', () => {
    const items = [0, 1, 2].map((i) => item('tp', i, { kind: 'whole', count: 3 }));
    const r = pack(items);
    for (const p of r.placements) expect(p.gpus).toHaveLength(3);
    expect(r.nodes).toHaveLength(2); // 3 + 3 on one node, the third on another
  });

  test('time-sliced shares fill a GPU up to 1000 thousandths and its memory', () => {
    const shares = Array.from({ length: 4 }, (_, i) => item('s', i, { kind: 'share', milli: 500, memoryBytes: 30 * GIB }));
    const r = pack(shares, { ...node8, gpus: 1 });
    // two shares of 500 fit the compute of one GPU and 60 of its 80 GiB
    expect(r.nodes).toHaveLength(2);
    for (const n of r.nodes) expect(n.gpuMilliUsed[0]).toBe(1000);
  });

  test('GPU memory limits shares even when compute is left', () => {
    const shares = Array.from({ length: 3 }, (_, i) => item('m', i, { kind: 'share', milli: 100, memoryBytes: 50 * GIB }));
    const r = pack(shares, { ...node8, gpus: 1 });
    expect(r.nodes).toHaveLength(3);
  });

  test('CPU binds before GPUs when replicas ask for more CPU than the node has per GPU', () => {
    const items = Array.from({ length: 8 }, (_, i) => item('cpu-heavy', i, { kind: 'whole', count: 1 }, 40000));
    const r = pack(items);
    expect(r.nodes).toHaveLength(4); // two per node by CPU (96 cores)
    for (const n of r.nodes) expect(n.cpuMilliUsed).toBeLessThanOrEqual(node8.cpuMilli);
  });

  test('MIG instances are placed into the layout of each GPU', () => {
    const shape = { ...node8, gpus: 1, migLayout: { '3g.40gb': 1, '1g.10gb': 4 } };
    const items = [
      item('big', 0, { kind: 'mig', profile: '3g.40gb' }),
      ...Array.from({ length: 5 }, (_, i) => item('small', i, { kind: 'mig', profile: '1g.10gb' })),
    ];
    const r = pack(items, shape);
    expect(r.nodes).toHaveLength(2);
    expect(r.nodes[0]!.migUsed[0]).toEqual({ '1g.10gb': 4, '3g.40gb': 1 });
  });

  test('zone-bound replicas land in their zone', () => {
    const items = [0, 1, 2, 3].map((i) => item('spread', i, { kind: 'whole', count: 1 }, 1000, GIB, i % 2 === 0 ? 'a' : 'b'));
    const r = pack(items);
    r.placements.forEach((p, i) => expect(r.nodes[p.node]!.zone).toBe(items[i]!.zone));
  });

  test('an item that fits no empty node is reported with every reason', () => {
    const bad = item('huge', 0, { kind: 'whole', count: 16 }, 200000, 1024 * GIB);
    const r = packItems([bad], node8, ['a']);
    expect(r.ok).toBe(false);
    const reason = whyItemDoesNotFit(bad, node8)!;
    expect(reason).toContain('16 GPUs requested, 8 per node');
    expect(reason).toContain('200000m CPU requested');
    expect(reason).toContain('memory requested');
  });

  test('every item is placed and no node or GPU is over capacity (property)', () => {
    const gpuDemand = fc.oneof(
      fc.record({ kind: fc.constant('whole' as const), count: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('share' as const), milli: fc.integer({ min: 1, max: 1000 }), memoryBytes: fc.integer({ min: 0, max: 80 * GIB }) }),
    );
    const arbItem = fc.record({ gpu: gpuDemand, cpuMilli: fc.integer({ min: 0, max: 96000 }), memoryBytes: fc.integer({ min: 0, max: 512 * GIB }) });
    fc.assert(
      fc.property(fc.array(arbItem, { minLength: 1, maxLength: 40 }), fc.constantFrom(FillStrategy.MATCH_ROOM, FillStrategy.BALANCE), (raw, strategy) => {
        const items = raw.map((r, i) => ({ workload: `w${i}`, replica: 0, ...r }));
        const r = pack(items, node8, ['a', 'b', 'c'], strategy);
        expect(r.placements.filter(Boolean)).toHaveLength(items.length);
        r.nodes.forEach((n, k) => {
          expect(n.cpuMilliUsed).toBeLessThanOrEqual(node8.cpuMilli);
          expect(n.memoryBytesUsed).toBeLessThanOrEqual(node8.memoryBytes);
          for (const used of n.gpuMilliUsed) expect(used).toBeLessThanOrEqual(1000);
          const mem = new Array(8).fill(0);
          const whole = new Set<number>();
          n.items.forEach((i) => {
            const it = items[i]!;
            const p = r.placements[i]!;
            expect(p.node).toBe(k);
            if (it.gpu.kind === 'share') mem[p.gpus[0]!] += it.gpu.memoryBytes;
            if (it.gpu.kind === 'whole')
              for (const g of p.gpus) {
                expect(whole.has(g)).toBe(false);
                whole.add(g);
              }
          });
          for (const m of mem) expect(m).toBeLessThanOrEqual(node8.gpuMemoryBytes);
        });
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  test('the same items in any order give the same packing', () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      item(`w${i % 7}`, i, { kind: 'share', milli: 100 + ((i * 37) % 800), memoryBytes: GIB }, 1000 + ((i * 911) % 9000)),
    );
    const a = pack(items);
    const shuffled = [...items].reverse();
    const b = pack(shuffled);
    const key = (r: ReturnType<typeof pack>, its: PackItem[]) =>
      its.map((it, i) => `${it.workload}/${it.replica}@${r.placements[i]!.node}:${r.placements[i]!.gpus.join(',')}`).sort();
    expect(key(b, shuffled)).toEqual(key(a, items));
  });

  test('replicas grouped once pack as they do ungrouped, on every shape and strategy', () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      item(
        `w${(i * 13) % 9}`,
        i,
        i % 3 === 0 ? { kind: 'whole', count: 1 + (i % 2) } : { kind: 'share', milli: 250, memoryBytes: 4 * GIB },
        2000 + (i % 4) * 3000,
      ),
    );
    const grouped = groupReplicas(items);
    for (const shape of [node8, { ...node8, gpus: 4, cpuMilli: 48000 }, { ...node8, gpus: 2, memoryBytes: 64 * GIB }]) {
      for (const strategy of [FillStrategy.MATCH_ROOM, FillStrategy.BALANCE]) {
        expect(packItems(items, shape, ['a', 'b'], strategy, grouped)).toEqual(packItems(items, shape, ['a', 'b'], strategy));
      }
    }
  });

  test('groups made from other items are refused', () => {
    const items = [item('a', 0, { kind: 'none' })];
    expect(() => packItems([...items], node8, ['a'], FillStrategy.MATCH_ROOM, groupReplicas(items))).toThrow('replica groups were made from other items');
  });
});
