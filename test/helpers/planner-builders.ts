/**
 * Small builders for the planner's stages, so stage tests (options, choose, repair) start from a
 * resolved workload and the catalogue narrowed to a target, the same way `plan()` does.
 */
import { planDemand, zoneFactsOf, type PlannedWorkload } from '../../planner/choose/plan-demand';
import { cloudContext, type CloudContext } from '../../planner/options/context';
import { gpuOptions, type OptionContext, type WorkloadOptions } from '../../planner/options/options';
import type { CapacityType } from '../../planner/plan-types';
import { buildPools } from '../../planner/pools/build-pools';
import type { BuiltPool } from '../../planner/pools/build-pool';
import { resolvePlatform, type ResolvedWorkload } from '../../planner/resolve/resolve';
import type { GpuSharingPolicy, WorkloadSpec } from '../../planner/spec/schema';
import { platform, type PlatformOptions, type PolicySpec, type TargetSpec } from './platform-builders';

/** Where a stage test runs: a target and a policy, as a platform file gives them. */
export interface StageSetting {
  /** @default EKS_US_EAST_1 */
  readonly target?: TargetSpec;
  /** @default - no policy block */
  readonly policy?: PolicySpec;
}

/** The workload as the resolve stage gives it to the others, under `setting`. */
export function resolvedWorkload(w: WorkloadSpec, setting: StageSetting = {}): ResolvedWorkload {
  return resolvePlatform(platform({ ...setting, workloads: [w] })).workloads[0]!;
}

/** The catalogue narrowed to the platform's target and policy (the options stage's `cloudContext`). */
export function contextOf(options: PlatformOptions): CloudContext {
  return cloudContext(resolvePlatform(platform(options)));
}

/** What `gpuOptions` chooses from for a workload on `capacity`, as `planDemand` builds it. */
export function optionContextOf(ctx: CloudContext, capacity: CapacityType, sharing: GpuSharingPolicy = ctx.sharing): OptionContext {
  return {
    gpuModels: ctx.gpuModels,
    instanceTypes: ctx.typesOn(capacity),
    capacity,
    price: (t) => ctx.price(t, capacity),
    sharing,
    zoneFacts: zoneFactsOf(ctx),
  };
}

/** Every option of one workload under `setting`, as the options stage lists them. */
export function optionsOf(w: WorkloadSpec, setting: StageSetting = {}): WorkloadOptions {
  const r = resolvedWorkload(w, setting);
  const ctx = contextOf({ ...setting, workloads: [w] });
  return gpuOptions(r, optionContextOf(ctx, r.capacity));
}

/** The choose and pools stages of a platform: the workloads as first chosen, their pools, the context. */
export function chosenAndPooled(options: PlatformOptions): { readonly planned: PlannedWorkload[]; readonly pools: BuiltPool[]; readonly ctx: CloudContext } {
  const r = resolvePlatform(platform(options));
  const ctx = cloudContext(r);
  const planned = planDemand(r.workloads, ctx);
  return { planned, pools: buildPools(planned, ctx), ctx };
}
