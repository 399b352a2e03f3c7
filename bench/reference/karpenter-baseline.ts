/**
 * A Karpenter-style baseline: pods arrive in order; each goes to the first open node it fits
 * (first fit); when none has room, a new node of the cheapest kind that can hold the pod alone is
 * opened. No repacking and no look-ahead, as a provisioner that launches per pending pod does.
 */
import type { Demand } from './demand';
import { eligible, type NodeKind, type PodClass } from '../../planner/optimise/nodes';
import { MAX_PODS_PER_NODE } from './planner-facts';

interface OpenNode {
  readonly kind: NodeKind;
  cpu: number;
  mem: number;
  pods: number;
  wholeFree: number;
  readonly milli: number[];
  readonly gpuMem: number[];
}

function tryPlace(n: OpenNode, c: PodClass): boolean {
  const o = c.option;
  if (!eligible(n.kind, c) || n.cpu < o.cpuMilli || n.mem < o.memoryBytes || n.pods >= MAX_PODS_PER_NODE) return false;
  const g = o.need;
  if (g.kind === 'whole') {
    if (n.wholeFree < g.count) return false;
    n.wholeFree -= g.count;
  } else if (g.kind === 'share') {
    const j = n.milli.findIndex((m, i) => m + g.milli <= 1000 && n.gpuMem[i]! + g.memoryBytes <= n.kind.gpuMemoryBytes);
    if (j < 0) return false;
    n.milli[j]! += g.milli;
    n.gpuMem[j]! += g.memoryBytes;
  } else if (g.kind === 'mig') {
    return false; // MIG layouts are chosen per node up front; the baseline serves whole GPUs, shares and CPU
  }
  n.cpu -= o.cpuMilli;
  n.mem -= o.memoryBytes;
  n.pods += 1;
  return true;
}

/** Hourly cost and GPUs of the baseline for demand whose groups are single-pod workloads, in `order` (group indices, one per pod). */
export function karpenterBaseline(
  d: Demand,
  classes: readonly PodClass[],
  kinds: readonly NodeKind[],
  order: readonly number[],
): { hourly: number; gpus: number; nodes: number } {
  const byGroup = new Map<number, PodClass[]>();
  for (const c of classes) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
  const open: OpenNode[] = [];
  const sortedKinds = [...kinds].sort((a, b) => a.price - b.price || (a.id < b.id ? -1 : 1));
  for (const gi of order) {
    const options = byGroup.get(gi)!;
    if (open.some((n) => options.some((c) => tryPlace(n, c)))) continue;
    let placed = false;
    for (const k of sortedKinds) {
      const c = options.find((c) => eligible(k, c));
      if (!c) continue;
      const n: OpenNode = {
        kind: k,
        cpu: k.cpuMilli,
        mem: k.memoryBytes,
        pods: 0,
        wholeFree: k.gpus,
        milli: new Array<number>(k.gpus).fill(0),
        gpuMem: new Array<number>(k.gpus).fill(0),
      };
      if (tryPlace(n, c)) {
        open.push(n);
        placed = true;
        break;
      }
    }
    if (!placed) throw new Error(`baseline: pod of ${d.groups[gi]!.workloads[0]} fits no node kind`);
  }
  return { hourly: open.reduce((s, n) => s + n.kind.price, 0), gpus: open.reduce((s, n) => s + n.kind.gpus, 0), nodes: open.length };
}
