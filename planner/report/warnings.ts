/**
 * Warnings a platform engineer should read before applying the plan: typed records with their
 * numbers; the reporting layer turns them into text.
 */
import type { PlanWarning } from '../plan-types';
import type { BuiltPool } from '../pools/build-pool';
import { gpuFractionOf } from '../options/options';
import type { CloudContext } from '../options/context';
import type { PlannedWorkload } from '../choose/plan-demand';

/** GPU pools using less than this share of their GPUs are reported as mostly idle. */
export const IDLE_GPU_WARNING_FRACTION = 0.5;

/** GPU models whose MIG placement is taken from the H100's geometry rather than measured. */
const UNMEASURED_MIG_GEOMETRY = /^A100/;

/** Warnings, in a total order: by code, then subject. */
export function warningsOf(
  pools: readonly BuiltPool[],
  planned: readonly PlannedWorkload[],
  ctx: Pick<CloudContext, 'provider' | 'zones' | 'zonesFor'>,
): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const pool of pools) {
    const { basis } = ctx.zonesFor(pool.instanceType);
    if (basis !== 'known') out.push({ code: 'zones-unverified', nodePool: pool.name, instanceType: pool.instanceType.name, basis });
    if (pool.key.role !== 'gpu') continue;
    const gpu = pool.key.gpuModel!;
    const gpus = pool.pack.nodes.length * pool.instanceType.gpus;
    const used = pool.items.reduce((s, it) => s + gpuFractionOf(it.gpu, gpu), 0);
    if (gpus > 0 && used / gpus < IDLE_GPU_WARNING_FRACTION) {
      out.push({
        code: 'idle-gpus',
        nodePool: pool.name,
        gpuModel: gpu.id,
        instanceType: pool.instanceType.name,
        requestedGpus: Math.round(used * 1000) / 1000,
        provisionedGpus: gpus,
      });
    }
    if (pool.key.mode === 'time-slicing') out.push({ code: 'time-slicing-no-isolation', nodePool: pool.name });
    if (pool.key.mode === 'mig' && UNMEASURED_MIG_GEOMETRY.test(gpu.id)) out.push({ code: 'mig-geometry-unmeasured', nodePool: pool.name, gpuModel: gpu.id });
  }
  for (const p of planned) {
    if (p.role !== 'workload') continue;
    const name = p.w.name;
    if (p.w.capacity === 'spot' && p.w.spec.type === 'inference') out.push({ code: 'spot-serving', workload: name });
    const serving = p.w.spec.type === 'inference' ? p.w.serving : undefined;
    if (serving && (serving.precision === 'int4' || serving.kvPrecision === 'int4')) out.push({ code: 'int4-scale-estimate', workload: name });
    if (p.w.zoneSpread && p.pods < ctx.zones.length) out.push({ code: 'zone-spread-short', workload: name, replicas: p.pods, zones: ctx.zones.length });
  }
  const fallbacks = planned.filter((p) => p.cpuFallback).map((p) => p.w.name);
  if (fallbacks.length > 0) out.push({ code: 'cpu-fallback', provider: ctx.provider, workloads: fallbacks.sort() });
  return out.sort(compareWarnings);
}

function subjectOf(w: PlanWarning): string {
  return 'nodePool' in w ? w.nodePool : 'workload' in w ? w.workload : w.provider;
}

function compareWarnings(a: PlanWarning, b: PlanWarning): number {
  const x = `${a.code}\u0000${subjectOf(a)}`;
  const y = `${b.code}\u0000${subjectOf(b)}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
