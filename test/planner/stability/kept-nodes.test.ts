/**
 * Keeping a pool's nodes: staying replicas keep their node and GPUs, joining ones fill the room
 * left on kept nodes (in their zone, apart from their siblings when they must be) before nodes
 * are added, and only emptied nodes at the end of the pool go.
 */
import type { NodePoolPlan, Placement } from '../../../planner/plan-types';
import type { PackItem } from '../../../planner/packing/items';
import type { NodeShape } from '../../../planner/packing/pack';
import { packKeepingNodes } from '../../../planner/stability/kept-nodes';
import { basePoolOf } from '../../../planner/stability/base-pool';

const GIB = 1024 ** 3;
/** Four whole GPUs, 16 cores, 64 GiB per node. */
const SHAPE: NodeShape = { gpus: 4, gpuMemoryBytes: 24 * GIB, cpuMilli: 16000, memoryBytes: 64 * GIB };
const ZONES = ['az1', 'az2'];

function pool(nodes: number): NodePoolPlan {
  return { name: 'gpu-l4-whole', instanceType: 'g6.12xlarge', nodes, zones: ZONES } as unknown as NodePoolPlan;
}

function item(workload: string, replica: number, gpus: number, extra: Partial<PackItem> = {}): PackItem {
  return { workload, replica, gpu: { kind: 'whole', count: gpus }, cpuMilli: 2000, memoryBytes: 8 * GIB, ...extra };
}

function at(workload: string, replica: number, node: number, zone: string, gpus: number[]): Placement {
  return { workload, replica, nodePool: 'gpu-l4-whole', node, zone, gpus };
}

describe('packKeepingNodes', () => {
  // node 0 in az1 runs a (2 GPUs), node 1 in az2 runs b (4 GPUs), node 2 in az1 ran c, which leaves
  const placements = [at('a', 0, 0, 'az1', [0, 1]), at('b', 0, 1, 'az2', [0, 1, 2, 3]), at('c', 0, 2, 'az1', [0])];
  const staying = [item('a', 0, 2), item('b', 0, 4)];

  it('keeps staying replicas on their node and GPUs and puts a joining one into the room left', () => {
    const kept = packKeepingNodes(pool(3), placements, staying, [item('d', 0, 2)], SHAPE, ZONES)!;
    // c's node, emptied at the end of the pool, goes; d takes a's node's two free GPUs
    expect(kept.pack.nodes.map((n) => n.zone)).toEqual(['az1', 'az2']);
    expect(kept.pack.placements).toEqual([
      { node: 0, gpus: [0, 1] },
      { node: 1, gpus: [0, 1, 2, 3] },
      { node: 0, gpus: [2, 3] },
    ]);
  });

  it('fills an emptied node in the middle before adding one, and keeps a zone-bound replica in its zone', () => {
    const middle = [at('a', 0, 0, 'az1', [0, 1]), at('c', 0, 1, 'az2', [0]), at('b', 0, 2, 'az1', [0, 1, 2, 3])];
    const joining = [item('d', 0, 4, { zone: 'az2' }), item('e', 0, 4, { zone: 'az1' })];
    const kept = packKeepingNodes(pool(3), middle, [item('a', 0, 2), item('b', 0, 4)], joining, SHAPE, ZONES)!;
    // d fills c's emptied node in az2; e finds no room in az1 and opens a node there
    expect(kept.pack.placements.slice(2)).toEqual([
      { node: 1, gpus: [0, 1, 2, 3] },
      { node: 3, gpus: [0, 1, 2, 3] },
    ]);
    expect(kept.pack.nodes.map((n) => n.zone)).toEqual(['az1', 'az2', 'az1', 'az1']);
  });

  it('keeps replicas that must be apart on different nodes', () => {
    const joining = [item('a', 1, 1, { distinctNodes: true })];
    const kept = packKeepingNodes(pool(3), placements, [item('a', 0, 2, { distinctNodes: true }), item('b', 0, 4)], joining, SHAPE, ZONES)!;
    // node 0 holds a#0 and node 1 is full: a#1 takes c's emptied node rather than join its sibling
    expect(kept.pack.placements[2]).toEqual({ node: 2, gpus: [0] });
  });

  it('gives up when a staying replica no longer fits where it was', () => {
    const bigger = [item('a', 0, 2, { cpuMilli: 17000 }), item('b', 0, 4)];
    expect(packKeepingNodes(pool(3), placements, bigger, [], SHAPE, ZONES)).toBeUndefined();
  });
});

describe('basePoolOf', () => {
  it('reads the recorded base pool, and else strips the instance type from the name', () => {
    expect(basePoolOf({ name: 'gpu-l4-whole-g6-2xlarge', instanceType: 'g6.2xlarge', basePool: 'gpu-l4-whole' })).toBe('gpu-l4-whole');
    // a plan written before the field
    expect(basePoolOf({ name: 'gpu-l4-whole-g6-2xlarge', instanceType: 'g6.2xlarge' })).toBe('gpu-l4-whole');
    expect(basePoolOf({ name: 'gpu-l4-whole', instanceType: 'g6.2xlarge' })).toBe('gpu-l4-whole');
  });
});
