/**
 * Why a pool's nodes must drain, in terms of the workloads: which workload change forced it.
 */
import type { Plan, WorkloadPlan } from '../plan-types';
import type { DrainCause, NodeDrain } from './types';
import { GIB } from '../resolve/quantity';

/** Where a workload (or its Ray head) is planned, with what it asks per replica. */
interface Member {
  readonly w: WorkloadPlan;
  readonly head: boolean;
}

function membersOf(plan: Plan, pool: string): Map<string, Member> {
  const out = new Map<string, Member>();
  for (const w of plan.workloads) {
    if (w.nodePool === pool) out.set(w.name, { w, head: false });
    else if (w.head?.nodePool === pool) out.set(w.name, { w, head: true });
  }
  return out;
}

function optionText(w: WorkloadPlan): string {
  const r = w.perReplica;
  // per replica: a change of the replica count is a cause of its own
  // the GPU memory each GPU must hold: what decides which GPU models and sharing modes can run it
  const gpu = r.migProfile !== undefined ? `MIG ${r.migProfile}` : r.gpus > 0 ? `${r.gpus} GPU × ${(r.gpuMemoryBytes / GIB).toFixed(1)} GiB` : `${r.gpus} GPU`;
  return `${w.nodePool}: ${gpu}, ${r.cpuMilli}m CPU, ${(r.memoryBytes / GIB).toFixed(1)} GiB`;
}

/**
 * The workload changes behind a drain of `pool`: workloads added to or removed from the file,
 * moved to or from the pool, or whose replicas or per-replica option changed. When none did, the
 * pool itself changed: its instance type (a cheaper way to host the same replicas), or its
 * removal or other shape.
 */
export function drainCauses(oldPlan: Plan, newPlan: Plan, drain: Omit<NodeDrain, 'evicted' | 'causes'>): DrainCause[] {
  const before = membersOf(oldPlan, drain.pool);
  const after = membersOf(newPlan, drain.pool);
  const oldAll = new Map(oldPlan.workloads.map((w) => [w.name, w] as const));
  const newAll = new Map(newPlan.workloads.map((w) => [w.name, w] as const));
  const causes: DrainCause[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(name);
    const a = after.get(name);
    if (b && !a) {
      const now = newAll.get(name);
      if (!now) causes.push({ kind: 'removed', workload: name, before: drain.pool, after: null });
      else causes.push({ kind: 'option', workload: name, before: optionText(b.w), after: optionText(now) });
    } else if (a && !b) {
      const was = oldAll.get(name);
      if (!was) causes.push({ kind: 'added', workload: name, before: null, after: drain.pool });
      else causes.push({ kind: 'option', workload: name, before: optionText(was), after: optionText(a.w) });
    } else if (a && b && !a.head) {
      if (a.w.replicas !== b.w.replicas) causes.push({ kind: 'replicas', workload: name, before: b.w.replicas, after: a.w.replicas });
      if (optionText(a.w) !== optionText(b.w)) causes.push({ kind: 'option', workload: name, before: optionText(b.w), after: optionText(a.w) });
    }
  }
  if (causes.length > 0) return causes;
  const oldPool = oldPlan.nodePools.find((p) => p.name === drain.pool);
  const newPool = newPlan.nodePools.find((p) => p.name === drain.pool);
  if (!newPool) return [{ kind: 'pool-removed', before: drain.pool, after: null }];
  if (oldPool && oldPool.instanceType !== newPool.instanceType) return [{ kind: 'instance-type', before: oldPool.instanceType, after: newPool.instanceType }];
  return [{ kind: 'pool-shape', before: drain.detail, after: null }];
}
