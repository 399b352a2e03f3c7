/**
 * Properties of `plan()` over random platform files: every replica placed once, every MIG layout
 * placeable, no node or GPU over-committed, quotas within capacity, zone spread honoured, and the
 * same bytes whatever the order of the file.
 *
 * The seed is fixed so a failure reproduces; fast-check prints the counterexample's file.
 */
import * as fc from 'fast-check';
import { gpuModel, instanceTypes, REGIONS } from '../../planner/catalogue';
import { InfeasibleError } from '../../planner/errors';
import { expandMigCounts, isMigLayoutPlaceable } from '../../planner/mig/placement';
import { plan } from '../../planner/plan';
import type { NodePoolPlan, Plan, WorkloadPlan } from '../../planner/plan-types';
import { stableJson } from '../../planner/serialize';
import { parsePlatform } from '../../planner/spec/parse';
import { CAPACITY_POLICIES, GPU_IDS, GPU_SHARING_POLICIES, type GpuId, type PlatformSpec, type TeamSpec, type WorkloadSpec } from '../../planner/spec/schema';
import { batch, inference, notebook, platform, ray, shuffleSpec, toYaml, training } from '../helpers/platform-builders';

const SEED = 20261127;
const NUM_RUNS = 50;
/** Share of generated files that must plan; the rest are infeasible by design (tiny GPUs, big jobs). */
const MIN_FEASIBLE_SHARE = 0.6;
const MIB = 2 ** 20;
const EPS = 1e-9;

const MODELS = ['llama-3.2-1b', 'llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'phi-3-mini'] as const;
const TEAM_NAMES = ['alpha', 'beta', 'gamma', 'delta'] as const;

/** GPUs each provider's catalogue offers (allowedGpus may only name these). */
function offeredGpus(provider: 'eks' | 'gke'): GpuId[] {
  const offered = new Set(instanceTypes(provider).map((t) => t.gpuModel));
  return GPU_IDS.filter((id) => offered.has(id));
}

/** A workload without name and team; those are assigned once the list is drawn. */
type Draft = (name: string, team: string) => WorkloadSpec;

const replicas = (max: number) => fc.integer({ min: 1, max });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Drops keys whose value is undefined, so the YAML holds only what was drawn. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const inferenceDraft: fc.Arbitrary<Draft> = fc
  .record({
    model: fc.constantFrom(...MODELS),
    precision: maybe(fc.constantFrom('bf16' as const, 'fp8' as const, 'int8' as const, 'int4' as const)),
    maxContextTokens: maybe(fc.constantFrom(2048, 4096, 8192)),
    concurrency: maybe(fc.constantFrom(1, 8, 32)),
    replicas: maybe(replicas(4)),
    zoneSpread: maybe(fc.boolean()),
  })
  .map(
    ({ model, ...rest }) =>
      (name, team) =>
        inference(name, team, model, defined(rest)),
  );

const trainingDraft: fc.Arbitrary<Draft> = fc
  .record({
    model: fc.constantFrom(...MODELS),
    method: fc.constantFrom('lora' as const, 'qlora' as const, 'full' as const),
    gpus: maybe(fc.constantFrom(1, 2, 4, 8)),
    microBatch: maybe(fc.constantFrom(1, 2, 4)),
    sequenceLength: maybe(fc.constantFrom(1024, 2048, 4096)),
  })
  .map(
    ({ model, ...rest }) =>
      (name, team) =>
        training(name, team, model, { ...defined(rest), command: ['torchrun', 'train.py'] }),
  );

const fractionGpu = fc.constantFrom(0.1, 0.25, 0.47, 0.5).map((fraction) => ({ fraction }));

const notebookDraft: fc.Arbitrary<Draft> = fc
  .record({
    gpu: maybe(
      fc.oneof(
        fc.constantFrom(4, 10, 16).map((memoryGiB) => ({ memoryGiB })),
        fractionGpu,
      ),
    ),
    replicas: maybe(replicas(6)),
  })
  .map((rest) => (name, team) => notebook(name, team, defined(rest)));

const resources = maybe(fc.record({ cpu: fc.constantFrom(2, 4), memory: fc.constantFrom('8Gi', '16Gi') }));

const batchDraft: fc.Arbitrary<Draft> = fc
  .record({
    gpu: maybe(
      fc.oneof(
        fractionGpu.map((g) => ({ count: 1, ...g })),
        fc.constantFrom(1, 2).map((count) => ({ count })),
      ),
    ),
    replicas: maybe(replicas(4)),
    resources,
  })
  .map((rest) => (name, team) => batch(name, team, defined(rest)));

const rayDraft: fc.Arbitrary<Draft> = fc
  .record({
    gpu: maybe(fc.oneof(fc.constant({ count: 1 }), fc.constant({ fraction: 0.5 }))),
    // a Ray worker with a model and no gpu is sized like a serving replica
    model: maybe(fc.constantFrom('llama-3.2-1b' as const, 'phi-3-mini' as const)),
    replicas: maybe(replicas(4)),
    resources,
  })
  .map((rest) => (name, team) => ray(name, team, defined(rest)));

const workloadDraft = fc.oneof(inferenceDraft, trainingDraft, notebookDraft, batchDraft, rayDraft);

const platformArb: fc.Arbitrary<PlatformSpec> = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    zoneCount: fc.integer({ min: 1, max: 3 }),
    capacity: maybe(fc.constantFrom(...CAPACITY_POLICIES)),
    gpuSharing: maybe(fc.constantFrom(...GPU_SHARING_POLICIES)),
    allowedSeed: maybe(fc.array(fc.boolean(), { minLength: GPU_IDS.length, maxLength: GPU_IDS.length })),
    teams: fc.uniqueArray(fc.constantFrom(...TEAM_NAMES), { minLength: 1, maxLength: 4 }),
    weights: fc.array(maybe(fc.integer({ min: 1, max: 4 })), { minLength: 4, maxLength: 4 }),
    workloads: fc.array(fc.tuple(workloadDraft, fc.nat()), { minLength: 1, maxLength: 12 }),
  })
  .map((d) => {
    const provider = d.region.provider;
    const offered = offeredGpus(provider);
    const picked = d.allowedSeed ? offered.filter((_, i) => d.allowedSeed![i]) : undefined;
    const allowedGpus = picked && picked.length > 0 ? picked : undefined;
    const teams: TeamSpec[] = d.teams.map((name, i) => defined({ name, weight: d.weights[i] }));
    return platform({
      name: 'prop',
      target: { provider, region: d.region.name, zones: d.region.zones.slice(0, d.zoneCount) },
      policy: defined({ capacity: d.capacity, gpuSharing: d.gpuSharing, allowedGpus }),
      teams,
      workloads: d.workloads.map(([draft, t], i) => draft(`w${i}`, d.teams[t % d.teams.length]!)),
    });
  });

/** What a pool offers per resource, from its own fields (as Kueue would see its nodes). */
function poolCapacity(np: NodePoolPlan): Record<string, number> {
  const cap: Record<string, number> = { cpu: np.nodes * np.allocatable.cpuMilli, memory: np.nodes * np.allocatable.memoryBytes };
  const gpus = np.nodes * np.gpusPerNode;
  const add = (r: string, n: number) => (cap[r] = (cap[r] ?? 0) + n);
  if (np.role !== 'gpu') return cap;
  if (np.sharing.mode === 'exclusive') add('nvidia.com/gpu', gpus);
  else if (np.sharing.mode === 'time-slicing') add(np.provider === 'eks' ? 'nvidia.com/gpu.shared' : 'nvidia.com/gpu', gpus * np.sharing.replicas!);
  else {
    const layout = np.sharing.migDevices![0]!.profiles;
    for (const [p, c] of Object.entries(layout)) add(np.provider === 'eks' ? `nvidia.com/mig-${p}` : 'nvidia.com/gpu', gpus * c);
  }
  return cap;
}

/** Every invariant of a feasible plan; throws (through expect) naming what broke. */
function checkInvariants(p: Plan): void {
  const pools = new Map(p.nodePools.map((np) => [np.name, np] as const));
  const workloads = new Map<string, WorkloadPlan>(p.workloads.map((w) => [w.name, w] as const));

  // every replica exactly once
  for (const w of p.workloads) {
    const got = p.placements.filter((pl) => pl.workload === w.name).map((pl) => pl.replica);
    expect({ workload: w.name, replicas: [...got].sort((a, b) => a - b) }).toEqual({
      workload: w.name,
      replicas: Array.from({ length: w.replicas }, (_, i) => i),
    });
  }

  // MIG layouts placeable
  for (const np of p.nodePools) {
    if (np.sharing.mode !== 'mig') continue;
    for (const group of np.sharing.migDevices ?? []) {
      expect({ pool: np.name, profiles: group.profiles, placeable: isMigLayoutPlaceable(gpuModel(np.gpuModel!), expandMigCounts(group.profiles)) }).toEqual(
        expect.objectContaining({ placeable: true }),
      );
    }
  }

  // per node: CPU and memory; per GPU: shares, memory, MIG instances
  const nodes = new Map<string, { cpu: number; mem: number; np: NodePoolPlan }>();
  const gpus = new Map<string, { share: number; memory: number; whole: number; users: number; mig: Record<string, number>; np: NodePoolPlan }>();
  for (const pl of p.placements) {
    const np = pools.get(pl.nodePool)!;
    const w = workloads.get(pl.workload)!;
    expect(pl.nodePool).toBe(w.nodePool);
    expect(pl.node).toBeLessThan(np.nodes);
    expect(np.zones).toContain(pl.zone);
    const nk = `${np.name}/${pl.node}`;
    const n = nodes.get(nk) ?? { cpu: 0, mem: 0, np };
    n.cpu += w.perReplica.cpuMilli;
    n.mem += w.perReplica.memoryBytes;
    nodes.set(nk, n);
    const mode = np.sharing.mode;
    if (np.role === 'gpu') {
      const expected = mode === 'exclusive' ? w.perReplica.gpus : 1;
      expect({ placement: `${pl.workload}#${pl.replica}`, gpus: pl.gpus.length }).toEqual({ placement: `${pl.workload}#${pl.replica}`, gpus: expected });
      expect(new Set(pl.gpus).size).toBe(pl.gpus.length);
    } else {
      expect(pl.gpus).toEqual([]);
    }
    for (const g of pl.gpus) {
      expect(g).toBeLessThan(np.gpusPerNode);
      const gk = `${nk}/${g}`;
      const s = gpus.get(gk) ?? { share: 0, memory: 0, whole: 0, users: 0, mig: {}, np };
      s.users += 1;
      s.memory += w.perReplica.gpuMemoryBytes;
      if (mode === 'exclusive') {
        s.whole += 1;
        s.share += 1;
      } else if (mode === 'time-slicing') {
        expect(pl.share).toBe(w.perReplica.gpus);
        s.share += pl.share!;
      } else {
        expect(pl.migProfile).toBe(w.perReplica.migProfile);
        s.mig[pl.migProfile!] = (s.mig[pl.migProfile!] ?? 0) + 1;
      }
      gpus.set(gk, s);
    }
  }
  for (const [k, n] of nodes) {
    expect({ node: k, cpuOver: n.cpu > n.np.allocatable.cpuMilli, memOver: n.mem > n.np.allocatable.memoryBytes }).toEqual({
      node: k,
      cpuOver: false,
      memOver: false,
    });
  }
  for (const [k, s] of gpus) {
    const gpuBytes = gpuModel(s.np.gpuModel!).memoryMiB * MIB;
    // a whole GPU belongs to one replica alone: its GPUs are distinct from every other replica's
    if (s.whole > 0) expect({ gpu: k, users: s.users }).toEqual({ gpu: k, users: 1 });
    expect({ gpu: k, shareOver: s.share > 1 + EPS, memoryOver: s.memory > gpuBytes }).toEqual({ gpu: k, shareOver: false, memoryOver: false });
    if (s.np.sharing.mode === 'mig') {
      const layout = s.np.sharing.migDevices!.find((d) => d.devices === 'all' || d.devices.includes(Number(k.split('/').pop())))!.profiles;
      for (const [profile, count] of Object.entries(s.mig))
        expect({ gpu: k, profile, over: count > (layout[profile] ?? 0) }).toEqual({ gpu: k, profile, over: false });
      expect(isMigLayoutPlaceable(gpuModel(s.np.gpuModel!), expandMigCounts(s.mig))).toBe(true);
    }
  }

  // quotas: per flavor and resource, the teams' nominal quotas fit the pool
  for (const f of p.quotas.resourceFlavors) {
    const cap = poolCapacity(pools.get(f.nodePool)!);
    const nominal: Record<string, number> = {};
    for (const cq of p.quotas.clusterQueues) {
      for (const rg of cq.resourceGroups) {
        for (const r of rg.flavors.find((x) => x.name === f.name)?.resources ?? []) nominal[r.name] = (nominal[r.name] ?? 0) + r.nominalQuota;
      }
    }
    for (const [r, n] of Object.entries(nominal)) {
      expect({ flavor: f.name, resource: r, over: n > (cap[r] ?? 0) }).toEqual({ flavor: f.name, resource: r, over: false });
    }
  }

  // zone spread: replica r in zone r mod the zone count
  for (const w of p.workloads) {
    if (!w.zoneSpread) continue;
    const zones = p.placements
      .filter((pl) => pl.workload === w.name)
      .sort((a, b) => a.replica - b.replica)
      .map((pl) => pl.zone);
    expect(zones).toEqual(zones.map((_, r) => p.zones[r % p.zones.length]));
  }
  checkAccounting(p, nodes);
}

/** Nominal quota is usage; no idle nodes; cost and utilization add up and respect their bounds. */
function checkAccounting(p: Plan, usedNodes: ReadonlyMap<string, unknown>): void {
  // a Ray head is packed onto its pool but has no replica placement of its own
  const headPools = new Set(p.workloads.flatMap((w) => (w.head ? [w.head.nodePool] : [])));
  for (const np of p.nodePools) {
    if (np.role === 'system' || headPools.has(np.name)) continue;
    for (let n = 0; n < np.nodes; n++)
      expect({ node: `${np.name}/${n}`, used: usedNodes.has(`${np.name}/${n}`) }).toEqual({ node: `${np.name}/${n}`, used: true });
  }
  for (const cq of p.quotas.clusterQueues) {
    for (const f of cq.resourceGroups.flatMap((g) => g.flavors)) {
      const mine = p.workloads.filter((w) => w.team === cq.team && w.nodePool === f.name);
      const heads = p.workloads.filter((w) => w.team === cq.team && w.head?.nodePool === f.name).map((w) => w.head!);
      for (const r of f.resources) {
        // Kueue counts whole pods: KServe's storage-initializer (100m, 100Mi; inferenceservice.yaml@v0.20.0) raises tiny predictors
        const init = (w: (typeof mine)[number], res: 'cpu' | 'memory'): number => (w.type !== 'inference' ? 0 : res === 'cpu' ? 100 : 100 * 2 ** 20);
        const usage =
          sum(
            mine.map((w) => {
              if (r.name === 'cpu') return Math.max(w.perReplica.cpuMilli, init(w, 'cpu')) * w.replicas;
              if (r.name === 'memory') return Math.max(w.perReplica.memoryBytes, init(w, 'memory')) * w.replicas;
              return w.perReplica.gpuResource?.name === r.name ? w.perReplica.gpuResource.count * w.replicas : 0;
            }),
          ) + sum(heads.map((h) => (r.name === 'cpu' ? h.cpuMilli : r.name === 'memory' ? h.memoryBytes : 0)));
        expect({ team: cq.team, flavor: f.name, resource: r.name, nominal: r.nominalQuota }).toEqual({
          team: cq.team,
          flavor: f.name,
          resource: r.name,
          nominal: usage,
        });
        expect(r.borrowingLimit ?? 0).toBeGreaterThanOrEqual(0);
        expect(r.lendingLimit ?? 0).toBeLessThanOrEqual(r.nominalQuota);
      }
    }
  }
  const c = p.cost;
  expect(c.monthly).toBeCloseTo(c.hourly * 730, 3);
  expect(sum(Object.values(c.byNodePool))).toBeCloseTo(c.hourly, 4);
  expect(sum(Object.values(c.byTeam))).toBeCloseTo(c.hourly, 4);
  expect(c.lowerBoundHourly).toBeLessThanOrEqual(c.hourly + 1e-6);
  const u = p.utilization;
  expect(u.gpus.provisioned).toBe(sum(p.nodePools.map((np) => np.nodes * np.gpusPerNode)));
  expect(u.gpus.requested).toBeLessThanOrEqual(u.gpus.provisioned + EPS);
  expect(u.gpuLowerBound).toBeLessThanOrEqual(u.gpus.provisioned);
  expect(u.cpuMilli.requested).toBeLessThanOrEqual(u.cpuMilli.provisioned);
  expect(u.memoryBytes.requested).toBeLessThanOrEqual(u.memoryBytes.provisioned);
  expect(p.decisions.map((d) => d.nodePool)).toEqual(p.nodePools.map((np) => np.name));
}

/** Serving and notebooks stay on on-demand unless the policy is plain spot; the system pool always does. */
function checkCapacityPolicy(p: Plan, spec: PlatformSpec): void {
  const policy = spec.spec.policy?.capacity ?? 'on-demand';
  const pools = new Map(p.nodePools.map((np) => [np.name, np] as const));
  for (const w of p.workloads) {
    const interruptible = w.type === 'training' || w.type === 'batch' || w.type === 'ray';
    const want = policy === 'spot' || (policy === 'spot-with-fallback' && interruptible) ? 'spot' : 'on-demand';
    expect({ workload: w.name, capacity: pools.get(w.nodePool)!.capacity }).toEqual({ workload: w.name, capacity: want });
  }
  for (const np of p.nodePools) {
    expect({ pool: np.name, spotName: np.name.endsWith('-spot') }).toEqual({ pool: np.name, spotName: np.capacity === 'spot' });
    if (np.role === 'system') expect(np.capacity).toBe('on-demand');
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

describe('plan() over random platform files', () => {
  it('keeps every invariant and gives the same bytes for any order of the file', () => {
    let feasible = 0;
    let infeasible = 0;
    fc.assert(
      fc.property(platformArb, fc.integer({ min: 1, max: 2 ** 30 }), (spec, shuffleSeed) => {
        // the generated spec must be a valid file: this also guards the generator itself
        const parsed = parsePlatform(toYaml(spec), 'generated.yaml');
        let p: Plan;
        try {
          p = plan(parsed);
        } catch (e) {
          if (!(e instanceof InfeasibleError)) throw e;
          expect(e.message).toMatch(/^infeasible: (spec\.workloads\[\d+\]|pool \S+|spec\.target\.region): /);
          infeasible++;
          return;
        }
        feasible++;
        checkInvariants(p);
        checkCapacityPolicy(p, parsed);
        expect(stableJson(plan(shuffleSpec(parsed, shuffleSeed)))).toBe(stableJson(p));
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    expect(feasible + infeasible).toBe(NUM_RUNS);
    expect(feasible).toBeGreaterThanOrEqual(MIN_FEASIBLE_SHARE * NUM_RUNS);
  });
});
