/**
 * Compares two plans: node pools, MIG layouts and the nodes that must drain, time-slicing,
 * Kueue quotas and namespace quotas, why pools changed (their decisions), cost and workloads. Pure and deterministic: every list is sorted by name.
 */
import { HOURS_PER_MONTH, type MigDeviceGroup, type NodePoolPlan, type Placement, type Plan, type WorkloadPlan } from '../plan-types';
import type {
  FieldChange,
  MigLayoutChange,
  NodeDrain,
  PlanDiff,
  PoolChange,
  PoolSummary,
  QuotaChange,
  TimeSlicingChange,
  WorkloadChange,
  WorkloadMove,
  WorkloadRef,
} from './types';
import { diffDecisions, diffNamespaceQuotas } from './diff-decisions';
import { drainCauses } from './drain-causes';
import { zonesOfNodes } from '../pools/node-zones';

const byName = <T extends { readonly name: string }>(a: T, b: T): number => compare(a.name, b.name);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rounds away floating-point noise so a price that did not change shows a delta of exactly 0. */
function money(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function indexByName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.name, i]));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Writes a MIG layout the way reviewers compare them: `all: 2x 3g.40gb + 1x 1g.10gb`. */
export function formatMigLayout(groups: readonly MigDeviceGroup[] | undefined): string {
  if (groups === undefined || groups.length === 0) return 'none';
  return groups
    .map((g) => {
      const devices = g.devices === 'all' ? 'all' : `gpus ${[...g.devices].sort((a, b) => a - b).join(',')}`;
      const profiles = Object.keys(g.profiles)
        .sort()
        .map((p) => `${g.profiles[p]}x ${p}`)
        .join(' + ');
      return `${devices}: ${profiles}`;
    })
    .sort()
    .join('; ');
}

function summarize(p: NodePoolPlan): PoolSummary {
  return {
    name: p.name,
    role: p.role,
    instanceType: p.instanceType,
    gpuModel: p.gpuModel,
    gpusPerNode: p.gpusPerNode,
    nodes: p.nodes,
    capacity: p.capacity,
    sharing: p.sharing.mode,
    zones: [...p.zones].sort(),
    hourlyCost: p.hourlyCost,
  };
}

function poolFieldChanges(a: NodePoolPlan, b: NodePoolPlan): FieldChange[] {
  const fields: [string, string | number | null, string | number | null][] = [
    ['role', a.role, b.role],
    ['instanceType', a.instanceType, b.instanceType],
    ['gpuModel', a.gpuModel, b.gpuModel],
    ['gpusPerNode', a.gpusPerNode, b.gpusPerNode],
    ['nodes', a.nodes, b.nodes],
    ['capacity', a.capacity, b.capacity],
    ['zones', [...a.zones].sort().join(','), [...b.zones].sort().join(',')],
    ['sharing', a.sharing.mode, b.sharing.mode],
    ['hourlyCost', a.hourlyCost, b.hourlyCost],
  ];
  return fields.filter(([, x, y]) => x !== y).map(([field, before, after]) => ({ field, before, after }));
}

/** What replacing a pool's nodes comes from, or `undefined` when the nodes stay. */
function replacementCause(a: NodePoolPlan, b: NodePoolPlan): string | undefined {
  const causes: string[] = [];
  if (a.instanceType !== b.instanceType) causes.push(`instance type ${a.instanceType} -> ${b.instanceType}`);
  if (a.gpuModel !== b.gpuModel) causes.push(`GPU ${a.gpuModel ?? 'none'} -> ${b.gpuModel ?? 'none'}`);
  if (a.capacity !== b.capacity) causes.push(`capacity ${a.capacity} -> ${b.capacity}`);
  // zones are not here: a pool's zones change without replacing the nodes of the zones it keeps
  return causes.length > 0 ? causes.join(', ') : undefined;
}

/**
 * Nodes in zones the pool leaves. A zone added or removed changes the pool's node groups, not the
 * nodes of the other zones: on EKS each zone is a node group of its own (its subnet cannot change,
 * so a group spanning zones would be replaced), and a GKE node pool takes a new locations list in
 * place, adding or removing only those zones' nodes.
 */
function nodesInLeftZones(a: NodePoolPlan, b: NodePoolPlan, placements: readonly Placement[]): { zones: string[]; nodes: number[] } {
  const staying = new Set(b.zones);
  const zones = a.zones.filter((z) => !staying.has(z)).sort();
  if (zones.length === 0) return { zones, nodes: [] };
  return { zones, nodes: zonesOfNodes(a, placements).flatMap((z, i) => (staying.has(z) ? [] : [i])) };
}

function drainsOfPool(a: NodePoolPlan, b: NodePoolPlan | undefined, placements: readonly Placement[]): Omit<NodeDrain, 'evicted' | 'causes'>[] {
  if (b === undefined) return [{ pool: a.name, nodes: range(0, a.nodes), reason: 'pool-removed', detail: `pool ${a.name} is removed` }];
  const replaced = replacementCause(a, b);
  if (replaced !== undefined) return [{ pool: a.name, nodes: range(0, a.nodes), reason: 'replaced', detail: `every node is replaced: ${replaced}` }];
  const drains: Omit<NodeDrain, 'evicted' | 'causes'>[] = [];
  const kept = Math.min(a.nodes, b.nodes);
  const leaving = nodesInLeftZones(a, b, placements);
  if (leaving.nodes.length > 0) {
    drains.push({ pool: a.name, nodes: leaving.nodes, reason: 'scale-down', detail: `the pool leaves zone ${leaving.zones.join(', ')}` });
  }
  if (a.sharing.mode !== b.sharing.mode) {
    drains.push({
      pool: a.name,
      nodes: range(0, kept),
      reason: 'sharing-mode',
      detail: `GPU sharing ${a.sharing.mode} -> ${b.sharing.mode}: the GPU operator reconfigures every GPU and the resource names pods request change`,
    });
  } else if (a.sharing.mode === 'mig' && formatMigLayout(a.sharing.migDevices) !== formatMigLayout(b.sharing.migDevices)) {
    drains.push({
      pool: a.name,
      nodes: range(0, kept),
      reason: 'mig-relayout',
      detail: 'MIG layout changes: mig-manager re-partitions every GPU of a relabelled node',
    });
  }
  // fewer nodes than the zones it keeps had: the last of those go
  const gone = new Set(leaving.nodes);
  const tail = range(0, a.nodes)
    .filter((i) => !gone.has(i))
    .slice(Math.min(b.nodes, a.nodes - leaving.nodes.length));
  if (tail.length > 0) {
    drains.push({ pool: a.name, nodes: tail, reason: 'scale-down', detail: `pool shrinks from ${a.nodes} to ${b.nodes} nodes` });
  }
  return drains.filter((d) => d.nodes.length > 0);
}

function evictedBy(plan: Plan, pool: string, nodes: readonly number[]): NodeDrain['evicted'] {
  const set = new Set(nodes);
  return plan.placements
    .filter((p) => p.nodePool === pool && set.has(p.node))
    .map((p) => ({ workload: p.workload, replica: p.replica }))
    .sort((x, y) => compare(x.workload, y.workload) || x.replica - y.replica);
}

type QuotaFields = Pick<QuotaChange, 'field'> & { value: number | undefined };

/** Flattens a team's ClusterQueue into `flavor|resource|field -> value`. */
function quotaTable(plan: Plan): Map<string, Map<string, number | undefined>> {
  const teams = new Map<string, Map<string, number | undefined>>();
  for (const cq of plan.quotas.clusterQueues) {
    const table = new Map<string, number | undefined>();
    for (const group of cq.resourceGroups) {
      for (const flavor of group.flavors) {
        for (const r of flavor.resources) {
          const fields: QuotaFields[] = [
            { field: 'nominalQuota', value: r.nominalQuota },
            { field: 'borrowingLimit', value: r.borrowingLimit },
            { field: 'lendingLimit', value: r.lendingLimit },
          ];
          for (const f of fields) if (f.value !== undefined) table.set(`${flavor.name}\u0000${r.name}\u0000${f.field}`, f.value);
        }
      }
    }
    teams.set(cq.team, table);
  }
  return teams;
}

function diffQuotas(a: Plan, b: Plan): QuotaChange[] {
  const ta = quotaTable(a);
  const tb = quotaTable(b);
  const changes: QuotaChange[] = [];
  for (const team of [...new Set([...ta.keys(), ...tb.keys()])].sort()) {
    const qa = ta.get(team) ?? new Map<string, number | undefined>();
    const qb = tb.get(team) ?? new Map<string, number | undefined>();
    for (const key of [...new Set([...qa.keys(), ...qb.keys()])].sort()) {
      const before = qa.get(key) ?? null;
      const after = qb.get(key) ?? null;
      if (before === after) continue;
      const [flavor, resource, field] = key.split('\u0000') as [string, string, QuotaChange['field']];
      changes.push({ team, flavor, resource, field, before, after });
    }
  }
  return changes;
}

function gpuResourceText(w: WorkloadPlan): string | null {
  const r = w.perReplica.gpuResource;
  return r === undefined ? null : `${r.count}x ${r.name}`;
}

function workloadFieldChanges(a: WorkloadPlan, b: WorkloadPlan): FieldChange[] {
  const fields: [string, string | number | null, string | number | null][] = [
    ['team', a.team, b.team],
    ['type', a.type, b.type],
    ['model', a.model ?? null, b.model ?? null],
    ['replicas', a.replicas, b.replicas],
    ['gpus', a.perReplica.gpus, b.perReplica.gpus],
    ['migProfile', a.perReplica.migProfile ?? null, b.perReplica.migProfile ?? null],
    ['gpuResource', gpuResourceText(a), gpuResourceText(b)],
    ['cpuMilli', a.perReplica.cpuMilli, b.perReplica.cpuMilli],
    ['memoryBytes', a.perReplica.memoryBytes, b.perReplica.memoryBytes],
  ];
  return fields.filter(([, x, y]) => x !== y).map(([field, before, after]) => ({ field, before, after }));
}

function diffWorkloads(a: Plan, b: Plan): PlanDiff['workloads'] {
  const wa = indexByName(a.workloads);
  const wb = indexByName(b.workloads);
  const ref = (w: WorkloadPlan): WorkloadRef => ({ name: w.name, team: w.team, nodePool: w.nodePool });
  const moved: WorkloadMove[] = [];
  const changed: WorkloadChange[] = [];
  for (const w of [...a.workloads].sort(byName)) {
    const n = wb.get(w.name);
    if (n === undefined) continue;
    if (w.nodePool !== n.nodePool) moved.push({ name: w.name, team: n.team, from: w.nodePool, to: n.nodePool });
    const changes = workloadFieldChanges(w, n);
    if (changes.length > 0) changed.push({ name: w.name, team: n.team, changes });
  }
  return {
    added: b.workloads
      .filter((w) => !wa.has(w.name))
      .map(ref)
      .sort(byName),
    removed: a.workloads
      .filter((w) => !wb.has(w.name))
      .map(ref)
      .sort(byName),
    moved,
    changed,
  };
}

function diffSettings(a: Plan, b: Plan): FieldChange[] {
  const fields: [string, string, string][] = [
    ['platform', a.platform, b.platform],
    ['provider', a.provider, b.provider],
    ['region', a.region, b.region],
    ['zones', [...a.zones].sort().join(','), [...b.zones].sort().join(',')],
    ['kubernetesVersion', a.kubernetesVersion, b.kubernetesVersion],
    ['capacityPolicy', a.capacityPolicy, b.capacityPolicy],
  ];
  return fields.filter(([, x, y]) => x !== y).map(([field, before, after]) => ({ field, before, after }));
}

/**
 * Compares two plans of (usually) the same platform.
 *
 * Pools and workloads are matched by name (the planner keeps names stable across small changes).
 * Nodes are named by pool and index as placements number them; a shrinking pool loses its
 * highest indices.
 */
export function diffPlans(oldPlan: Plan, newPlan: Plan): PlanDiff {
  const pa = indexByName(oldPlan.nodePools);
  const pb = indexByName(newPlan.nodePools);
  const oldPools = [...oldPlan.nodePools].sort(byName);
  const changed: PoolChange[] = [];
  const migLayouts: MigLayoutChange[] = [];
  const timeSlicing: TimeSlicingChange[] = [];
  const drains: NodeDrain[] = [];
  for (const a of oldPools) {
    const b = pb.get(a.name);
    for (const d of drainsOfPool(a, b, oldPlan.placements))
      drains.push({ ...d, causes: drainCauses(oldPlan, newPlan, d), evicted: evictedBy(oldPlan, d.pool, d.nodes) });
    if (b === undefined) continue;
    const changes = poolFieldChanges(a, b);
    if (changes.length > 0) changed.push({ name: a.name, changes });
    const la = a.sharing.mode === 'mig' ? formatMigLayout(a.sharing.migDevices) : 'none';
    const lb = b.sharing.mode === 'mig' ? formatMigLayout(b.sharing.migDevices) : 'none';
    if (la !== lb) migLayouts.push({ pool: a.name, before: la, after: lb });
    const ra = a.sharing.mode === 'time-slicing' ? (a.sharing.replicas ?? null) : null;
    const rb = b.sharing.mode === 'time-slicing' ? (b.sharing.replicas ?? null) : null;
    if (ra !== rb) timeSlicing.push({ pool: a.name, before: ra, after: rb });
  }
  const teamsA = new Set(oldPlan.teams.map((t) => t.name));
  const teamsB = new Set(newPlan.teams.map((t) => t.name));
  const hourly = { before: oldPlan.cost.hourly, after: newPlan.cost.hourly };
  // monthly from hourly, so both plans use the same 730 h month whatever rounding they applied
  const monthly = { before: money(hourly.before * HOURS_PER_MONTH), after: money(hourly.after * HOURS_PER_MONTH) };
  const deltaHourly = money(hourly.after - hourly.before);
  const diff: Omit<PlanDiff, 'hasChanges'> = {
    before: { platform: oldPlan.platform, provider: oldPlan.provider, region: oldPlan.region },
    after: { platform: newPlan.platform, provider: newPlan.provider, region: newPlan.region },
    settings: diffSettings(oldPlan, newPlan),
    pools: {
      added: newPlan.nodePools
        .filter((p) => !pa.has(p.name))
        .map(summarize)
        .sort(byName),
      removed: oldPools.filter((p) => !pb.has(p.name)).map(summarize),
      changed,
    },
    migLayouts,
    timeSlicing,
    drains,
    teams: {
      added: [...teamsB].filter((t) => !teamsA.has(t)).sort(),
      removed: [...teamsA].filter((t) => !teamsB.has(t)).sort(),
    },
    quotas: diffQuotas(oldPlan, newPlan),
    namespaceQuotas: diffNamespaceQuotas(oldPlan, newPlan),
    decisions: diffDecisions(oldPlan, newPlan),
    cost: {
      hourly,
      monthly,
      deltaHourly,
      deltaMonthly: money(monthly.after - monthly.before),
      deltaPercent: hourly.before > 0 ? money((deltaHourly / hourly.before) * 100) : null,
    },
    workloads: diffWorkloads(oldPlan, newPlan),
  };
  const hasChanges =
    diff.settings.length > 0 ||
    diff.pools.added.length + diff.pools.removed.length + diff.pools.changed.length > 0 ||
    diff.migLayouts.length + diff.timeSlicing.length + diff.drains.length + diff.quotas.length > 0 ||
    diff.namespaceQuotas.length + diff.decisions.length > 0 ||
    diff.teams.added.length + diff.teams.removed.length > 0 ||
    diff.workloads.added.length + diff.workloads.removed.length + diff.workloads.moved.length + diff.workloads.changed.length > 0 ||
    diff.cost.deltaHourly !== 0 ||
    diff.cost.deltaMonthly !== 0;
  return { ...diff, hasChanges };
}
