/**
 * Warnings a platform engineer should read before applying the plan.
 */
import type { BuiltPool } from '../pools/build-pool';
import { gpuFractionOf } from '../demand/options';
import type { CloudContext } from './context';
import type { PlannedWorkload } from './demand';

/** GPU pools using less than this share of their GPUs are reported as mostly idle. */
export const IDLE_GPU_WARNING_FRACTION = 0.5;

/** Warnings, sorted. */
export function warningsOf(pools: readonly BuiltPool[], planned: readonly PlannedWorkload[], ctx: CloudContext): string[] {
  const out: string[] = [];
  for (const pool of pools) {
    if (pool.key.role !== 'gpu') continue;
    const gpus = pool.pack.nodes.length * pool.instanceType.gpus;
    const used = pool.items.reduce((s, it) => s + gpuFractionOf(it.gpu, pool.key.gpuModel!), 0);
    if (gpus > 0 && used / gpus < IDLE_GPU_WARNING_FRACTION) {
      out.push(
        `pool ${pool.name}: ${used.toFixed(2)} of ${gpus} GPUs requested; the smallest ${pool.key.gpuModel!.id} instance type (${pool.instanceType.name}) leaves the rest idle`,
      );
    }
    if (pool.key.mode === 'time-slicing') {
      out.push(
        `pool ${pool.name}: time-sliced GPUs share memory with no isolation; a replica that exceeds its share can make its neighbours run out of memory`,
      );
    }
    if (pool.key.mode === 'mig' && pool.key.gpuModel!.id.startsWith('A100')) {
      out.push(`pool ${pool.name}: A100 MIG placement uses the H100 geometry, which NVIDIA documents for A100 but was not measured here`);
    }
  }
  for (const p of planned) {
    const s = p.w.spec;
    if (p.w.capacity === 'spot' && s.type === 'inference') out.push(`${p.w.name}: serving on spot capacity; a reclaimed node drops in-flight requests`);
    if (s.type === 'inference' && (s.precision === 'int4' || s.kvPrecision === 'int4')) {
      out.push(`${p.w.name}: int4 sizes include an estimated quantization-scale overhead; check the served checkpoint's real size`);
    }
    if (p.w.zoneSpread && p.pods < ctx.zones.length)
      out.push(`${p.w.name}: zoneSpread with ${p.pods} replica(s) over ${ctx.zones.length} zones leaves some zones without one`);
  }
  const fallbacks = planned.filter((p) => p.cpuFallback).map((p) => p.w.name);
  if (fallbacks.length > 0) {
    out.push(`${ctx.provider} has no GPUs: ${fallbacks.join(', ')} run on CPU (cpuFallback), far slower than on a GPU`);
  }
  return [...new Set(out)].sort();
}
