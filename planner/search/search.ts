/**
 * Keep-best search: plans the platform under every restriction of its policy (fewer GPU models,
 * stricter sharing, stricter capacity) and keeps the cheapest plan.
 *
 * The heuristic stages are not monotone by themselves: allowing one more GPU model can make a
 * workload pick it by its node share and drag others into an expensive pool. Because the list of
 * restrictions of a more permissive policy contains every restriction of a stricter one, the
 * cheapest plan over the list never costs more when more is allowed. The list grows as
 * 2^models, so it is searched only for fleets within the bounds below; beyond them the policy's
 * own plan is used and the guarantee does not hold.
 */
import { InfeasibleError } from '../errors';
import type { CloudContext } from '../options/context';
import { isCpuOnly } from '../choose/plan-demand';
import type { ResolvedPlatform } from '../resolve/resolve';
import { restrictionCount, restrictionsOf, type Restriction } from './restrictions';
import { restrictedInputs, runStages, type StagesOutcome } from './stages';

/** Most restrictions the search plans under; 45 is four GPU models with `gpuSharing: auto`. */
export const MAX_RESTRICTIONS = 48;
/** Most GPU workloads a fleet may have for the search to run (each restriction replans them all). */
export const MAX_SEARCH_GPU_WORKLOADS = 40;
/** USD per hour a plan must save to replace an earlier one in the search order. */
const SAVING_EPSILON = 1e-6;

/** The search's result: the kept plan's stages and the unrestricted plan's. */
export interface SearchResult {
  readonly best: StagesOutcome;
  /** The stages under the policy itself; undefined when that is infeasible and a restriction is not. */
  readonly unrestricted?: StagesOutcome;
  /** Restrictions tried, the policy's own included. */
  readonly candidates: number;
  /** True when every restriction was tried, so the monotonicity guarantee holds. */
  readonly exhaustive: boolean;
}

/** Whether the search tries every restriction for this platform, or only its own policy. */
export function searchesLattice(r: ResolvedPlatform, ctx: CloudContext): boolean {
  if (!ctx.record.gpus || ctx.gpuModels.length === 0) return false;
  const gpuWorkloads = r.workloads.filter((w) => !isCpuOnly(w)).length;
  return (
    gpuWorkloads > 0 && gpuWorkloads <= MAX_SEARCH_GPU_WORKLOADS && restrictionCount(ctx.gpuModels.length, ctx.sharing, r.capacityPolicy) <= MAX_RESTRICTIONS
  );
}

/**
 * Plans under every restriction (or only the policy's own, beyond the bounds) and keeps the
 * cheapest; on a tie the earliest in the search order, the policy's own first.
 *
 * @throws InfeasibleError of the policy's own plan when no restriction is feasible either
 */
export function searchPlans(r: ResolvedPlatform, ctx: CloudContext, progress?: (message: string) => void): SearchResult {
  const own: Restriction = { gpuModels: ctx.gpuModels, sharing: ctx.sharing, capacityPolicy: r.capacityPolicy };
  const exhaustive = searchesLattice(r, ctx);
  const list = exhaustive ? restrictionsOf(ctx.gpuModels, ctx.sharing, r.capacityPolicy) : [own];
  const shared = { gpuModels: ctx.gpuModels, byShape: new Map() };
  let best: StagesOutcome | undefined;
  let unrestricted: StagesOutcome | undefined;
  let ownError: InfeasibleError | undefined;
  list.forEach((x, i) => {
    const inputs = restrictedInputs(r.workloads, ctx, x, r.capacityPolicy);
    let outcome: StagesOutcome;
    try {
      outcome = runStages(inputs.workloads, inputs.ctx, x, shared, i === 0 ? progress : undefined);
    } catch (e) {
      // a restriction that leaves some workload without a GPU, or a pool without a host, is out
      if (!(e instanceof InfeasibleError)) throw e;
      if (i === 0) ownError = e;
      return;
    }
    if (i === 0) unrestricted = outcome;
    if (!best || outcome.hourly < best.hourly - SAVING_EPSILON) best = outcome;
  });
  if (!best) throw ownError!;
  if (exhaustive) progress?.(`searched ${list.length} restrictions of the policy`);
  return { best, unrestricted, candidates: list.length, exhaustive };
}
