/**
 * Node configurations of the optimiser: which instance type, capacity type and sharing mode
 * a node runs, what it offers, and whether a set of pods fits it exactly (GPU by GPU).
 *
 * A node runs one sharing mode, as the GPU operator configures a node: whole GPUs, MIG, or
 * time-slicing. On EKS the MIG manager partitions each GPU by its own entry of the node's
 * mig-parted config (devices by index), so every GPU of a node may carry a different placeable
 * layout; on GKE a node pool has one `gpuPartitionSize`, so every GPU carries as many instances
 * of that one profile as fit.
 */
import { gpuModel } from '../catalogue/gpus';
import type { GpuModel, InstanceType } from '../catalogue/types';
import { isMigLayoutPlaceable } from '../mig/placement';
import { allocatableOf, MAX_PODS_PER_NODE } from '../packing/allocatable';
import type { CloudContext } from '../options/context';
import type { Demand, GpuNeed, PodOption } from './demand';

/** Sharing mode of a node (`cpu` for nodes without GPUs). */
export type NodeMode = 'cpu' | 'exclusive' | 'mig' | 'time-slicing';

/** A MIG layout of one GPU: profile to instance count. */
export type MigLayout = Readonly<Record<string, number>>;

/** One kind of node a plan may buy. */
export interface NodeKind {
  readonly id: string;
  readonly type: InstanceType;
  readonly capacity: 'on-demand' | 'spot';
  readonly mode: NodeMode;
  /** USD per hour in the platform's region, on this capacity type (the planner's price). */
  readonly price: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly gpus: number;
  readonly gpuMemoryBytes: number;
  /** MIG: the maximal placeable layouts of the demanded profiles (EKS), or the one GKE layout. */
  readonly layouts: readonly MigLayout[];
  /** GKE MIG: the node's partition profile. */
  readonly gkeProfile?: string;
  /** Indexes of the demand's zones that sell the type (catalogue zone table); every zone when absent. */
  readonly zones?: readonly number[];
}

/** One row of demand: pods of one group's option, in one zone (spread) or any zone (-1). */
export interface PodClass {
  readonly row: number;
  readonly group: number;
  readonly option: PodOption;
  readonly capacity: 'on-demand' | 'spot';
  /** Zone index for spread workloads, -1 for any zone. */
  readonly zone: number;
  /** Most pods of this class any solution needs (every workload of the group on this option). */
  readonly maxPods: number;
}

const MIB = 1024 * 1024;

function modeOf(need: GpuNeed): NodeMode {
  return need.kind === 'none' ? 'cpu' : need.kind === 'whole' ? 'exclusive' : need.kind === 'mig' ? 'mig' : 'time-slicing';
}

/** Every placeable multiset of `profiles` on one GPU that no other placeable multiset contains. */
export function maximalLayouts(gpu: GpuModel, profiles: readonly string[]): MigLayout[] {
  const names = [...new Set(profiles)].sort();
  const all: number[][] = [];
  const counts = new Array<number>(names.length).fill(0);
  const expand = (c: readonly number[]): string[] => names.flatMap((n, i) => new Array<string>(c[i]!).fill(n));
  const visit = (i: number): void => {
    if (i === names.length) {
      if (counts.some((c) => c > 0) && isMigLayoutPlaceable(gpu, expand(counts))) all.push([...counts]);
      return;
    }
    const max = gpu.migProfiles.find((p) => p.name === names[i])!.maxPerGpu;
    for (let c = 0; c <= max; c++) {
      counts[i] = c;
      visit(i + 1);
    }
    counts[i] = 0;
  };
  visit(0);
  const contains = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => x >= b[i]!) && a.some((x, i) => x > b[i]!);
  return all
    .filter((c) => !all.some((d) => contains(d, c)))
    .map((c) => Object.fromEntries(names.map((n, i) => [n, c[i]!] as const).filter(([, v]) => v > 0)))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** GKE's partitioning for a profile: as many instances of it as fit one GPU. */
export function gkeLayout(gpu: GpuModel, profile: string): MigLayout | undefined {
  const p = gpu.migProfiles.find((m) => m.name === profile);
  if (!p) return undefined;
  for (let n = p.maxPerGpu; n > 0; n--) if (isMigLayoutPlaceable(gpu, new Array<string>(n).fill(profile))) return { [profile]: n };
  return undefined;
}

/** The demand's rows: one per group option, per zone for spread groups. */
export function podClasses(d: Demand): PodClass[] {
  const out: PodClass[] = [];
  d.groups.forEach((g, gi) => {
    for (const o of g.options) {
      if (g.zoneSpread && d.zones.length > 1) {
        for (let z = 0; z < d.zones.length; z++) {
          const n = Math.floor(o.pods / d.zones.length) + (z < o.pods % d.zones.length ? 1 : 0);
          if (n > 0) out.push({ row: out.length, group: gi, option: o, capacity: g.capacity, zone: z, maxPods: n * g.workloads.length });
        }
      } else {
        out.push({ row: out.length, group: gi, option: o, capacity: g.capacity, zone: -1, maxPods: o.pods * g.workloads.length });
      }
    }
  });
  return out;
}

/** Every node kind the demand could use, in a stable order. */
export function nodeKinds(
  ctx: Pick<CloudContext, 'instanceTypes' | 'price'> & Partial<Pick<CloudContext, 'zonesFor'>>,
  d: Demand,
  classes: readonly PodClass[],
): NodeKind[] {
  const out: NodeKind[] = [];
  const capacities = [...new Set(classes.map((c) => c.capacity))].sort();
  for (const t of ctx.instanceTypes) {
    // a spread pod of a zone needs a node there, so a kind knows the target zones that sell its
    // type (planner/catalogue/zone-offerings.ts); types sold in none are not in the context at all
    const selling = ctx.zonesFor ? new Set(ctx.zonesFor(t).zones) : undefined;
    const zones = selling ? d.zones.flatMap((z, i) => (selling.has(z) ? [i] : [])) : undefined;
    for (const capacity of capacities) {
      const mine = classes.filter((c) => c.capacity === capacity && c.option.gpuModel === t.gpuModel && (c.option.instanceType ?? t.name) === t.name);
      const modes = [...new Set(mine.map((c) => modeOf(c.option.need)))].filter((m) => (t.gpus === 0) === (m === 'cpu')).sort();
      const a = allocatableOf(t);
      const base = {
        type: t,
        capacity,
        price: ctx.price(t, capacity),
        cpuMilli: a.cpuMilli,
        memoryBytes: a.memoryBytes,
        gpus: t.gpus,
        ...(zones && zones.length < d.zones.length ? { zones } : {}),
      };
      for (const mode of modes) {
        const gpu = t.gpuModel ? gpuModel(t.gpuModel) : undefined;
        const gpuMemoryBytes = gpu ? gpu.memoryMiB * MIB : 0;
        if (mode === 'mig') {
          const profiles = [...new Set(mine.flatMap((c) => (c.option.need.kind === 'mig' ? [c.option.need.profile] : [])))].sort();
          if (d.provider === 'gke') {
            for (const p of profiles) {
              const l = gkeLayout(gpu!, p);
              if (l) out.push({ ...base, id: `${t.name}/${capacity}/mig-${p}`, mode, gpuMemoryBytes, layouts: [l], gkeProfile: p });
            }
          } else {
            out.push({ ...base, id: `${t.name}/${capacity}/mig`, mode, gpuMemoryBytes, layouts: maximalLayouts(gpu!, profiles) });
          }
        } else {
          out.push({ ...base, id: `${t.name}/${capacity}/${mode}`, mode, gpuMemoryBytes, layouts: [] });
        }
      }
    }
  }
  return out;
}

/** Whether pods of class `c` may run on a node of kind `k` at all (one alone fits). */
export function eligible(k: NodeKind, c: PodClass): boolean {
  const o = c.option;
  if (c.capacity !== k.capacity || o.gpuModel !== k.type.gpuModel || modeOf(o.need) !== k.mode) return false;
  if (o.instanceType !== undefined && o.instanceType !== k.type.name) return false;
  // a spread pod of zone z needs a node in z, so a type not sold there cannot hold it
  if (c.zone >= 0 && k.zones !== undefined && !k.zones.includes(c.zone)) return false;
  if (o.cpuMilli > k.cpuMilli || o.memoryBytes > k.memoryBytes) return false;
  const n = o.need;
  if (n.kind === 'whole') return n.count <= k.gpus;
  if (n.kind === 'mig') return k.layouts.some((l) => (l[n.profile] ?? 0) > 0);
  if (n.kind === 'share') return n.milli <= 1000 && n.memoryBytes <= k.gpuMemoryBytes;
  return true;
}

/** Fewest GPUs that host `counts` MIG instances with the kind's layouts (memoised per call site). */
export function migGpusNeeded(layouts: readonly MigLayout[], counts: Readonly<Record<string, number>>, memo: Map<string, number> = new Map()): number {
  const names = Object.keys(counts)
    .filter((n) => counts[n]! > 0)
    .sort();
  if (names.length === 0) return 0;
  const key = names.map((n) => `${n}=${counts[n]}`).join(',');
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  let best = Infinity;
  for (const l of layouts) {
    if (!names.some((n) => (l[n] ?? 0) > 0)) continue;
    const rest: Record<string, number> = {};
    for (const n of names) rest[n] = Math.max(0, counts[n]! - (l[n] ?? 0));
    best = Math.min(best, 1 + migGpusNeeded(layouts, rest, memo));
  }
  memo.set(key, best);
  return best;
}

/**
 * Whether time-sliced shares fit `gpus` GPUs, each holding at most 1000 thousandths of compute
 * and its memory: first-fit decreasing, then an exhaustive search when that fails. A search that
 * runs past `maxSteps` answers false: a fit is only ever claimed when one was found.
 */
export function sharesFit(
  shares: readonly { readonly milli: number; readonly memoryBytes: number }[],
  gpus: number,
  gpuMemoryBytes: number,
  maxSteps = 100_000,
): boolean {
  const items = [...shares].sort((a, b) => b.milli - a.milli || b.memoryBytes - a.memoryBytes);
  const milli = items.reduce((s, x) => s + x.milli, 0);
  const mem = items.reduce((s, x) => s + x.memoryBytes, 0);
  if (milli > 1000 * gpus || mem > gpuMemoryBytes * gpus) return false;
  const load = new Array<number>(gpus).fill(0);
  const used = new Array<number>(gpus).fill(0);
  const ffd = items.every((x) => {
    const j = load.findIndex((l, i) => l + x.milli <= 1000 && used[i]! + x.memoryBytes <= gpuMemoryBytes);
    if (j < 0) return false;
    load[j]! += x.milli;
    used[j]! += x.memoryBytes;
    return true;
  });
  if (ffd) return true;
  load.fill(0);
  used.fill(0);
  let steps = 0;
  const place = (i: number): boolean => {
    if (i === items.length) return true;
    if (++steps > maxSteps) return false;
    const x = items[i]!;
    const seen = new Set<string>();
    for (let j = 0; j < gpus; j++) {
      const k = `${load[j]}/${used[j]}`;
      if (seen.has(k)) continue; // GPUs in the same state are interchangeable
      seen.add(k);
      if (load[j]! + x.milli > 1000 || used[j]! + x.memoryBytes > gpuMemoryBytes) continue;
      load[j]! += x.milli;
      used[j]! += x.memoryBytes;
      if (place(i + 1)) return true;
      load[j]! -= x.milli;
      used[j]! -= x.memoryBytes;
    }
    return false;
  };
  return place(0);
}

/** Whether `counts` pods (class row to count) fit one node of kind `k`, GPU by GPU. */
export function fitsNode(k: NodeKind, classes: readonly PodClass[], counts: ReadonlyMap<number, number>, memo?: Map<string, number>): boolean {
  let cpu = 0;
  let mem = 0;
  let pods = 0;
  let whole = 0;
  const mig: Record<string, number> = {};
  const shares: { milli: number; memoryBytes: number }[] = [];
  for (const [row, n] of counts) {
    if (n === 0) continue;
    const c = classes[row]!;
    if (!eligible(k, c)) return false;
    const o = c.option;
    cpu += n * o.cpuMilli;
    mem += n * o.memoryBytes;
    pods += n;
    const g = o.need;
    if (g.kind === 'whole') whole += n * g.count;
    else if (g.kind === 'mig') mig[g.profile] = (mig[g.profile] ?? 0) + n;
    else if (g.kind === 'share') for (let i = 0; i < n; i++) shares.push({ milli: g.milli, memoryBytes: g.memoryBytes });
  }
  if (cpu > k.cpuMilli || mem > k.memoryBytes || pods > MAX_PODS_PER_NODE || whole > k.gpus) return false;
  if (k.mode === 'mig' && migGpusNeeded(k.layouts, mig, memo) > k.gpus) return false;
  if (k.mode === 'time-slicing' && !sharesFit(shares, k.gpus, k.gpuMemoryBytes)) return false;
  return true;
}
