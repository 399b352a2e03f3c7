/**
 * Pod shapes: what makes two planned entries the same to the optimiser (their pods' requests,
 * options, capacity and spread), so that large fleets are planned per shape, with multiplicities.
 */
import type { PlannedWorkload } from '../choose/plan-demand';
import type { GpuDemand } from '../packing/items';

function demandKey(d: GpuDemand): string {
  return d.kind === 'whole' ? `x${d.count}` : d.kind === 'mig' ? d.profile : d.kind === 'share' ? `s${d.milli}/${d.memoryBytes}` : 'cpu';
}

/**
 * A key equal for entries whose pods and options are the same. Names are left out, so the count
 * of distinct keys is the number of shapes the optimiser sees. Built by concatenation: it runs
 * once per entry of fleets of thousands.
 */
export function shapeKey(p: PlannedWorkload): string {
  let key = `${p.role}|${p.w.spec.type}|${p.w.capacity}|${p.role === 'workload' && p.w.zoneSpread}|${p.pods}|${p.pod.cpuMilli}|${p.pod.memoryBytes}|${p.option ? 'gpu' : 'cpu'}`;
  for (const o of p.alternatives) key += `|${o.gpuModel.id},${o.mode},${demandKey(o.demand)},${o.replicas},${o.cpuMilli},${o.memoryBytes}`;
  return key;
}

/** The options the optimiser would enumerate before grouping: one per alternative of each entry (one for CPU work). */
export function entryOptionCount(planned: readonly PlannedWorkload[]): number {
  return planned.reduce((s, p) => s + Math.max(1, p.alternatives.length), 0);
}
