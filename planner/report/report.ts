/**
 * What the plan tells a reader about itself: cost and its lower bound, utilization, why each pool
 * looks the way it does, and warnings.
 */
import { martelloTothL2 } from '../bounds/l2';
import {
  HOURS_PER_MONTH,
  type CapacityType,
  type CostPlan,
  type Decision,
  type DecisionBasis,
  type MemberGroup,
  type OptionSummary,
  type UtilizationPlan,
} from '../plan-types';
import { PRICE_SOURCE } from '../catalogue/index';
import { allocatableOf } from '../packing/allocatable';
import type { BuiltPool } from '../pools/build-pool';
import { gpuFractionOf, type GpuOption } from '../options/options';
import { MIB, MILLI_PER_GPU } from '../resolve/quantity';
import { MIG_COMPUTE_SLICES } from '../mig/placement';
import type { CloudContext } from '../options/context';
import { roundPrice } from '../options/context';
import type { PlannedWorkload } from '../choose/plan-demand';
import type { PoolRepair } from '../repair/repair';
import { PLATFORM_TEAM } from '../resolve/system-workload';
import { groupByPool } from '../pools/build-pools';
import type { PlanBound } from '../optimise/bound';

/** Cost key for what no team uses: the system pool (the operators' team) and idle capacity. */
export const PLATFORM_COST_KEY = PLATFORM_TEAM;

/**
 * Cost by pool and team. A team pays for the share of each pool its replicas use, by the pool's
 * dominant resource (GPUs on GPU pools, CPU on CPU pools); the system pool and idle room are the
 * platform's.
 */
export function costOf(pools: readonly BuiltPool[], planned: readonly PlannedWorkload[], bound: PlanBound): CostPlan {
  const byNodePool: Record<string, number> = {};
  const team = new Map(planned.map((p) => [p.w.name, p.w.team] as const));
  // sums per team in a plain array of numbers, in the order teams first appear: a fleet's replicas
  // then add to numbers in place instead of boxing a new one in a record for each
  const teams: string[] = [];
  const sums: number[] = [];
  const slots = new Map<string, number>();
  const slotOf = (t: string): number => {
    let i = slots.get(t);
    if (i === undefined) {
      slots.set(t, (i = teams.length));
      teams.push(t);
      sums.push(0);
    }
    return i;
  };
  let hourly = 0;
  for (const pool of pools) {
    byNodePool[pool.name] = roundPrice(pool.hourlyCost);
    hourly += pool.hourlyCost;
    const nodes = pool.pack.nodes.length;
    const gpuPool = pool.key.role === 'gpu';
    const capacity = gpuPool ? nodes * pool.instanceType.gpus : nodes * pool.shape.cpuMilli;
    let assigned = 0;
    for (const it of pool.items) {
      const units = gpuPool ? gpuFractionOf(it.gpu, pool.key.gpuModel!) : it.cpuMilli;
      const usd = capacity > 0 ? (pool.hourlyCost * units) / capacity : 0;
      sums[slotOf(team.get(it.workload)!)]! += usd;
      assigned += usd;
    }
    const platform = slotOf(PLATFORM_COST_KEY);
    // left to right, as the sum has always been taken: the rounding stays the same
    sums[platform] = sums[platform]! + pool.hourlyCost - assigned;
  }
  const byTeam: Record<string, number> = {};
  teams.forEach((t, i) => (byTeam[t] = roundPrice(sums[i]!)));
  const h = roundPrice(hourly);
  const lb = roundPrice(bound.hourly);
  return {
    hourly: h,
    monthly: roundPrice(h * HOURS_PER_MONTH),
    byTeam,
    byNodePool,
    lowerBoundHourly: lb,
    gapToLowerBound: lb > 0 ? Math.max(0, Math.round((h / lb - 1) * 1e4) / 1e4) : 0,
    method: { ...bound.method },
    boundAssumes: { honours: [...bound.assumes.honours], relaxes: [...bound.assumes.relaxes] },
    currency: 'USD',
    priceSource: PRICE_SOURCE,
  };
}

/**
 * The volume bound, used where no solver is given (`planner/optimise/bound.ts` prefers the
 * column-generation bound): a lower bound on the hourly cost of any plan for the same workloads: for each resource (GPU,
 * CPU, memory) separately, every replica must be paid for at the cheapest price per unit of that
 * resource among the instance types of any of its options; the most expensive resource bounds
 * the whole.
 * The system pool's cost is fixed and added as is.
 */
export function costLowerBound(planned: readonly PlannedWorkload[], ctx: CloudContext, systemHourly: number): number {
  const sums = [0, 0, 0];
  const units = new Map<string, number[]>();
  const unitPrices = (gpuModel: string | null, capacity: CapacityType): number[] => {
    const key = `${gpuModel}|${capacity}`;
    let unit = units.get(key);
    if (unit) return unit;
    unit = [Infinity, Infinity, Infinity];
    for (const t of ctx.typesOn(capacity)) {
      if (t.gpuModel !== gpuModel || (gpuModel === null && t.gpus !== 0)) continue;
      const a = allocatableOf(t);
      const price = ctx.price(t, capacity);
      if (t.gpus > 0) unit[0] = Math.min(unit[0]!, price / t.gpus);
      unit[1] = Math.min(unit[1]!, price / Math.max(1, a.cpuMilli));
      unit[2] = Math.min(unit[2]!, price / Math.max(1, a.memoryBytes));
    }
    units.set(key, unit);
    return unit;
  };
  const leastOf = (p: PlannedWorkload): number[] => {
    // Any plan runs the workload with one of its options: charge the cheapest, per resource.
    const options = p.alternatives.length ? p.alternatives : [undefined];
    const least = [Infinity, Infinity, Infinity];
    for (const o of options) {
      const unit = unitPrices(o?.gpuModel.id ?? null, p.w.capacity);
      const pods = o?.replicas ?? p.pods;
      const g = o ? gpuFractionOf(o.demand, o.gpuModel) : 0;
      const cost = [g > 0 ? g * unit[0]! * pods : 0, (o?.cpuMilli ?? p.cpuMilli) * unit[1]! * pods, (o?.memoryBytes ?? p.memoryBytes) * unit[2]! * pods];
      cost.forEach((c, d) => {
        if (Number.isFinite(c)) least[d] = Math.min(least[d]!, c);
      });
    }
    return least;
  };
  // workloads of one shape share their list of options, and with it (on one capacity type) their least costs
  const byOptions = new Map<readonly GpuOption[], Map<CapacityType, number[]>>();
  for (const p of planned) {
    let least: number[];
    if (p.alternatives.length === 0) least = leastOf(p);
    else {
      let byCapacity = byOptions.get(p.alternatives);
      if (!byCapacity) byOptions.set(p.alternatives, (byCapacity = new Map()));
      least = byCapacity.get(p.w.capacity) ?? leastOf(p);
      byCapacity.set(p.w.capacity, least);
    }
    least.forEach((c, d) => {
      if (Number.isFinite(c)) sums[d]! += c;
    });
  }
  return systemHourly + Math.max(...sums);
}

/** Provisioned versus requested resources, the GPU lower bound, stranded MIG slices. */
export function utilizationOf(pools: readonly BuiltPool[], planned: readonly PlannedWorkload[]): UtilizationPlan {
  let gpusProv = 0;
  let gpuMemProv = 0;
  let cpuProv = 0;
  let memProv = 0;
  const strandedMigSlices: Record<string, number> = {};
  const sizes: number[] = [];
  for (const pool of pools) {
    const n = pool.pack.nodes.length;
    cpuProv += n * pool.shape.cpuMilli;
    memProv += n * pool.shape.memoryBytes;
    if (pool.key.role !== 'gpu') continue;
    gpusProv += n * pool.instanceType.gpus;
    gpuMemProv += n * pool.instanceType.gpus * pool.key.gpuModel!.memoryMiB * MIB;
    if (pool.key.mode === 'mig') {
      const gpu = pool.key.gpuModel!;
      const slices = (p: string): number => gpu.migProfiles.find((m) => m.name === p)?.computeSlices ?? 0;
      let stranded = 0;
      for (const node of pool.pack.nodes) {
        for (const used of node.migUsed) {
          stranded += MIG_COMPUTE_SLICES - Object.entries(used).reduce((s, [p, c]) => s + slices(p) * c, 0);
        }
      }
      strandedMigSlices[pool.name] = stranded;
    }
    for (const it of pool.items) {
      const g = gpuFractionOf(it.gpu, pool.key.gpuModel!);
      if (it.gpu.kind === 'whole') for (let i = 0; i < it.gpu.count; i++) sizes.push(MILLI_PER_GPU);
      else if (g > 0) sizes.push(Math.ceil(g * MILLI_PER_GPU - 1e-9));
    }
  }
  let gpusReq = 0;
  let gpuMemReq = 0;
  let cpuReq = 0;
  let memReq = 0;
  for (const p of planned) {
    const o = p.option;
    cpuReq += p.pod.cpuMilli * p.pods;
    memReq += p.pod.memoryBytes * p.pods;
    if (!o) continue;
    const g = gpuFractionOf(o.demand, o.gpuModel);
    gpusReq += g * p.pods;
    gpuMemReq += Math.ceil(o.gpuMemoryBytes) * (o.demand.kind === 'whole' ? o.demand.count : 1) * p.pods;
  }
  return {
    gpus: { provisioned: gpusProv, requested: Math.round(gpusReq * MILLI_PER_GPU) / MILLI_PER_GPU },
    gpuMemoryBytes: { provisioned: gpuMemProv, requested: gpuMemReq },
    cpuMilli: { provisioned: cpuProv, requested: cpuReq },
    memoryBytes: { provisioned: memProv, requested: memReq },
    gpuLowerBound: martelloTothL2(sizes, MILLI_PER_GPU),
    strandedMigSlices,
  };
}

/** The summary of an option that decisions report. */
function optionSummary(o: GpuOption): OptionSummary {
  return {
    gpuModel: o.gpuModel.id,
    sharing: o.mode,
    gpusPerReplica: o.gpusPerReplica,
    ...(o.migProfile ? { migProfile: o.migProfile } : {}),
    gpuMemoryBytes: Math.ceil(o.gpuMemoryBytes),
    estimatedHourly: roundPrice(o.estimatedHourly),
  };
}

/**
 * Identity of a choice, for grouping: workloads with equal keys report one group. Options are
 * shared by every workload of one shape, so each key is built once per role, option and
 * runner-up and the same string is handed back: grouping a fleet then builds no strings.
 */
type ChoiceKeys = Map<GpuOption | undefined, Map<GpuOption | undefined, Map<PlannedWorkload['role'], string>>>;

function choiceKey(p: PlannedWorkload, keys: ChoiceKeys): string {
  let byRunnerUp = keys.get(p.option);
  if (!byRunnerUp) keys.set(p.option, (byRunnerUp = new Map()));
  let byRole = byRunnerUp.get(p.runnerUp);
  if (!byRole) byRunnerUp.set(p.runnerUp, (byRole = new Map()));
  let k = byRole.get(p.role);
  if (k === undefined) {
    k = `${p.role}#${optionKey(p.option)}#${optionKey(p.runnerUp)}`;
    byRole.set(p.role, k);
  }
  return k;
}

function optionKey(x: GpuOption | undefined): string {
  return x ? `${x.gpuModel.id}|${x.mode}|${x.gpusPerReplica}|${x.migProfile ?? ''}|${x.gpuMemoryBytes}|${x.estimatedHourly}` : '-';
}

/**
 * Why each pool has its instance type and sharing mode: the basis, the chosen and runner-up
 * instance types with their node counts and cost, the types ruled out with their numbers, the
 * member workloads grouped by the option they chose (and their runner-up option), and the repairs.
 */
export function decisionsOf(
  pools: readonly BuiltPool[],
  planned: readonly PlannedWorkload[],
  moves: readonly PoolRepair[] = [],
  ctx?: Pick<CloudContext, 'record'>,
): Decision[] {
  const byPool = groupByPool(planned);
  const keys: ChoiceKeys = new Map();
  return pools.map((pool) => {
    const groups = new Map<string, { first: PlannedWorkload; names: string[] }>();
    for (const p of byPool.get(pool.name) ?? []) {
      const k = choiceKey(p, keys);
      const g = groups.get(k);
      if (g) g.names.push(p.w.name);
      else groups.set(k, { first: p, names: [p.w.name] });
    }
    const members: MemberGroup[] = [...groups]
      .sort((a, b) => b[1].names.length - a[1].names.length || (a[0] < b[0] ? -1 : 1))
      .map(([, g]) => ({
        workloads: g.names.sort(),
        ...(g.first.option ? { option: optionSummary(g.first.option) } : {}),
        ...(g.first.runnerUp ? { runnerUp: optionSummary(g.first.runnerUp) } : {}),
        ...(g.first.role === 'head' ? { role: 'head' as const } : {}),
      }));
    const basis: DecisionBasis =
      pool.key.role === 'system'
        ? 'system-operators'
        : ctx?.record.hostSizedNodes
          ? 'host-sized'
          : pool.chosenBy === 'optimiser'
            ? 'optimiser'
            : 'cheapest-hosting-all';
    return {
      nodePool: pool.name,
      basis,
      chosen: { instanceType: pool.instanceType.name, sharing: pool.key.mode, nodes: pool.pack.nodes.length, hourlyCost: roundPrice(pool.hourlyCost) },
      ...(pool.runnerUp
        ? {
            runnerUp: {
              instanceType: pool.runnerUp.instanceType,
              sharing: pool.key.mode,
              nodes: pool.runnerUp.nodes,
              hourlyCost: roundPrice(pool.runnerUp.hourlyCost),
            },
          }
        : {}),
      ruledOut: pool.ruledOut.map((r) => ({ instanceType: r.instanceType, reasons: r.reasons.map((f) => ({ ...f })) })),
      members,
      repairs: moves.filter((m) => m.pool === pool.name).map((m) => m.repair),
    };
  });
}
