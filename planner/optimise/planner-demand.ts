/**
 * The planner's workloads as the optimiser's demand: every option of every workload, once per
 * instance type that can host one of its pods, because a workload's pods live in one pool and a
 * pool has one instance type. The heuristic's nodes become the optimiser's starting patterns.
 */
import type { InstanceType } from '../catalogue/types';
import { allocatableOf } from '../packing/allocatable';
import type { BuiltPool } from '../pools/build-pool';
import type { CloudContext } from '../options/context';
import type { GpuOption } from '../options/options';
import { withOption, type PlannedWorkload } from '../choose/plan-demand';
import type { Pattern } from './column-generation';
import type { Demand, DemandGroup, GpuNeed, PodOption } from './demand';
import { fitsNode, type NodeKind, type PodClass } from './nodes';
import { shapeKey } from './shapes';
import type { GpuId } from '../spec/schema';

/** How one option of the demand runs a planned entry: its GPU option (none for CPU work) on one instance type. */
export interface EntryOption {
  readonly option?: GpuOption;
  readonly instanceType: InstanceType;
}

/** The demand, and for each planned entry (by key) what each option key means for it. */
export interface PlannerDemand {
  readonly demand: Demand;
  /** Per entry key: option key to the GPU option and instance type it stands for. */
  readonly meaning: ReadonlyMap<string, ReadonlyMap<string, EntryOption>>;
  /** Per entry key: its group index. */
  readonly groupOf: ReadonlyMap<string, number>;
}

function needKey(n: GpuNeed): string {
  return n.kind === 'whole' ? `x${n.count}` : n.kind === 'mig' ? n.profile : n.kind === 'share' ? `s${n.milli}/${n.memoryBytes}` : 'cpu';
}

function optionKey(o: Omit<PodOption, 'key'>): string {
  return `${o.gpuModel ?? 'cpu'}:${needKey(o.need)}:${o.cpuMilli}m:${o.memoryBytes}b:${o.pods}p@${o.instanceType}`;
}

/** Whether one pod fits an empty node of `t` (GPU count, CPU and memory); MIG and shares are checked by the node kinds. */
function fitsAlone(t: InstanceType, need: GpuNeed, cpuMilli: number, memoryBytes: number): boolean {
  const a = allocatableOf(t);
  if (cpuMilli > a.cpuMilli || memoryBytes > a.memoryBytes) return false;
  return need.kind !== 'whole' || need.count <= t.gpus;
}

/** One option of an entry: its pod, and which of the entry's alternatives (-1: CPU work) on which instance type. */
interface FoundOption {
  readonly pod: PodOption;
  readonly alternative: number;
  readonly instanceType: InstanceType;
}

/** The options of one planned entry; entries of one shape (`shapeKey`) have the same. */
function entryOptions(p: PlannedWorkload, ctx: CloudContext): FoundOption[] {
  const out = new Map<string, FoundOption>();
  const types = ctx.typesOn(p.w.capacity);
  const add = (alternative: number, gpuModel: GpuId | null, need: GpuNeed, cpuMilli: number, memoryBytes: number, pods: number): void => {
    for (const t of types) {
      if (t.gpuModel !== gpuModel || (gpuModel === null && t.gpus !== 0) || !fitsAlone(t, need, cpuMilli, memoryBytes)) continue;
      const draft = { gpuModel, need, cpuMilli, memoryBytes, pods, instanceType: t.name };
      const key = optionKey(draft);
      // alternatives are sorted best first: of two that look the same to the optimiser, keep the better
      if (!out.has(key)) out.set(key, { pod: { key, ...draft }, alternative, instanceType: t });
    }
  };
  if (!p.option) add(-1, null, { kind: 'none' }, p.pod.cpuMilli, p.pod.memoryBytes, p.pods);
  else
    p.alternatives.forEach((o, i) => {
      const pod = withOption(p, o, ctx).pod;
      add(i, o.gpuModel.id, o.demand, pod.cpuMilli, pod.memoryBytes, o.replicas);
    });
  return [...out.values()].sort((a, b) => (a.pod.key < b.pod.key ? -1 : a.pod.key > b.pod.key ? 1 : 0));
}

/**
 * The planner's entries (workloads and Ray heads) as the optimiser's demand, identical entries
 * grouped. Options are found once per shape (`shapeKey`): a large fleet pays per shape, not per pod.
 */
export function plannerDemand(planned: readonly PlannedWorkload[], ctx: CloudContext): PlannerDemand {
  const meaning = new Map<string, Map<string, EntryOption>>();
  const groups = new Map<string, { key: string; workloads: string[]; zoneSpread: boolean; capacity: 'on-demand' | 'spot'; options: PodOption[] }>();
  const byShape = new Map<string, { found: FoundOption[]; key: string }>();
  for (const p of planned) {
    const shape = shapeKey(p);
    let known = byShape.get(shape);
    if (!known) {
      const found = entryOptions(p, ctx);
      const zoneSpread = p.role === 'workload' && p.w.zoneSpread;
      known = { found, key: JSON.stringify({ o: found.map((o) => o.pod.key), zoneSpread, capacity: p.w.capacity }) };
      byShape.set(shape, known);
    }
    meaning.set(
      p.key,
      new Map(
        known.found.map(
          (f) => [f.pod.key, { ...(f.alternative >= 0 ? { option: p.alternatives[f.alternative]! } : {}), instanceType: f.instanceType }] as const,
        ),
      ),
    );
    const g = groups.get(known.key);
    if (g) g.workloads.push(p.key);
    else
      groups.set(known.key, {
        key: known.key,
        workloads: [p.key],
        zoneSpread: p.role === 'workload' && p.w.zoneSpread,
        capacity: p.w.capacity,
        options: known.found.map((f) => f.pod),
      });
  }
  const sorted: DemandGroup[] = [...groups.values()]
    .map((g) => ({ ...g, workloads: [...g.workloads].sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const groupOf = new Map<string, number>();
  sorted.forEach((g, i) => g.workloads.forEach((w) => groupOf.set(w, i)));
  const provider = ctx.provider === 'gke' ? 'gke' : 'eks';
  return { demand: { provider, zones: ctx.zones, groups: sorted, systemHourly: 0 }, meaning, groupOf };
}

/** The key of the option an entry runs with in a built pool. */
function currentOptionKey(p: PlannedWorkload, pool: BuiltPool, meaning: ReadonlyMap<string, EntryOption>): string | undefined {
  for (const [k, m] of meaning) if (m.option === p.option && m.instanceType.name === pool.instanceType.name) return k;
  return undefined;
}

/**
 * The heuristic's nodes as patterns of the model: the optimiser starts from them, so the plan it
 * finds costs at most what the heuristic's does. A node that fits no kind is left out.
 */
export function seedPatterns(
  pools: readonly BuiltPool[],
  planned: readonly PlannedWorkload[],
  pd: PlannerDemand,
  classes: readonly PodClass[],
  kinds: readonly NodeKind[],
): Pattern[] {
  const byKey = new Map(planned.map((p) => [p.key, p] as const));
  const rowOf = new Map<string, number>();
  for (const c of classes) rowOf.set(`${c.group}|${c.option.key}|${c.zone}`, c.row);
  const out: Pattern[] = [];
  for (const pool of pools) {
    const optionOf = new Map<string, string | undefined>();
    for (const node of pool.pack.nodes) {
      const counts = new Map<number, number>();
      let ok = true;
      let spread = false;
      for (const i of node.items) {
        const item = pool.items[i]!;
        const key = item.head ? `${item.workload}/head` : item.workload;
        const p = byKey.get(key);
        const gi = pd.groupOf.get(key);
        if (!p || gi === undefined) {
          ok = false;
          break;
        }
        if (!optionOf.has(key)) optionOf.set(key, currentOptionKey(p, pool, pd.meaning.get(key)!));
        const ok_ = optionOf.get(key);
        const isSpread = pd.demand.groups[gi]!.zoneSpread && pd.demand.zones.length > 1;
        const row = ok_ === undefined ? undefined : rowOf.get(`${gi}|${ok_}|${isSpread ? pd.demand.zones.indexOf(node.zone) : -1}`);
        if (row === undefined) {
          ok = false;
          break;
        }
        spread ||= isSpread;
        counts.set(row, (counts.get(row) ?? 0) + 1);
      }
      if (!ok || counts.size === 0) continue;
      const kind = kinds.find((k) => k.type.name === pool.instanceType.name && k.capacity === pool.key.capacity && fitsNode(k, classes, counts));
      if (kind) out.push({ kind, zone: spread ? pd.demand.zones.indexOf(node.zone) : -1, counts });
    }
  }
  return out;
}
