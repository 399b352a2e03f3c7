/**
 * `plan()`: the reference platform against the plan contract (DESIGN.md, contract 2), determinism
 * and stability, infeasible and kind files, and the planner's main decisions (zone spread, spot,
 * MIG, tensor parallelism, multi-node training).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gpuModel } from '../../planner/catalogue';
import { InfeasibleError, InvalidSpecError } from '../../planner/errors';
import { expandMigCounts, isMigLayoutPlaceable } from '../../planner/mig/placement';
import { plan } from '../../planner/plan';
import type { NodePoolPlan, Plan, WorkloadPlan } from '../../planner/plan-types';
import { stableJson } from '../../planner/serialize';
import { parsePlatform } from '../../planner/spec/parse';
import type { PlatformSpec } from '../../planner/spec/schema';
import {
  batch,
  EKS_US_EAST_1,
  GKE_US_CENTRAL1,
  inference,
  KIND,
  notebook,
  platform,
  ray,
  shuffleSpec,
  team,
  toYaml,
  training,
} from '../helpers/platform-builders';

const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');
const GIB = 2 ** 30;
const HOURS_PER_MONTH = 730;

function referenceSpec(): PlatformSpec {
  return parsePlatform(fs.readFileSync(REFERENCE, 'utf8'), REFERENCE);
}

function workload(p: Plan, name: string): WorkloadPlan {
  const w = p.workloads.find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name} in the plan (has ${p.workloads.map((x) => x.name).join(', ')})`);
  return w;
}

function pool(p: Plan, name: string): NodePoolPlan {
  const np = p.nodePools.find((x) => x.name === name);
  if (!np) throw new Error(`no pool ${name} in the plan (has ${p.nodePools.map((x) => x.name).join(', ')})`);
  return np;
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** What one replica of `w` gets: its share of GPU compute and the GPU memory reserved for it. */
function replicaGpu(p: Plan, w: WorkloadPlan): { compute: number; memoryBytes: number } {
  const np = pool(p, w.nodePool);
  if (np.gpuModel === null) return { compute: 0, memoryBytes: 0 };
  const gpu = gpuModel(np.gpuModel);
  const mig = w.perReplica.migProfile ? gpu.migProfiles.find((m) => m.name === w.perReplica.migProfile) : undefined;
  if (mig) return { compute: mig.computeSlices / 7, memoryBytes: mig.memoryMiB * 2 ** 20 };
  return { compute: w.perReplica.gpus, memoryBytes: w.perReplica.gpus * gpu.memoryMiB * 2 ** 20 };
}

/** Calls `fn`, expecting an InfeasibleError, and returns it. */
function infeasible(fn: () => unknown): InfeasibleError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InfeasibleError);
    return e as InfeasibleError;
  }
  throw new Error('expected an InfeasibleError, but the plan succeeded');
}

describe('plan() of the reference platform', () => {
  const p = plan(referenceSpec());

  it('has every top-level field of the contract', () => {
    for (const key of ['workloads', 'nodePools', 'placements', 'quotas', 'cost', 'utilization', 'decisions', 'warnings'] as const) {
      expect(p).toHaveProperty(key);
    }
    expect(p.workloads.map((w) => w.name)).toEqual(['chat', 'embed-small', 'etl', 'finetune', 'notebooks', 'ray-eval']);
  });

  it('gives every workload name, team, type, replicas and a complete perReplica', () => {
    for (const w of p.workloads) {
      expect(typeof w.team).toBe('string');
      expect(typeof w.type).toBe('string');
      expect(w.replicas).toBeGreaterThanOrEqual(1);
      const r = w.perReplica;
      expect(r.gpus).toBeGreaterThan(0); // every reference workload uses a GPU
      expect(r.gpuMemoryBytes).toBeGreaterThan(0);
      expect(r.cpuMilli).toBeGreaterThan(0);
      expect(r.memoryBytes).toBeGreaterThan(0);
      const np = pool(p, w.nodePool);
      if (np.sharing.mode === 'mig') expect(r.migProfile).toMatch(/^[1-7]g\.[0-9]+gb$/);
      else expect(r.migProfile).toBeUndefined();
    }
  });

  it('gives every node pool the contract fields, and a system pool', () => {
    for (const np of p.nodePools) {
      expect(np).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          provider: 'eks',
          instanceType: expect.any(String),
          gpusPerNode: expect.any(Number),
          nodes: expect.any(Number),
          capacity: 'on-demand',
          hourlyCost: expect.any(Number),
        }),
      );
      expect(np).toHaveProperty('gpuModel');
      expect(np.nodes).toBeGreaterThanOrEqual(1);
      expect(np.zones.length).toBeGreaterThanOrEqual(1);
      for (const z of np.zones) expect(p.zones).toContain(z);
      expect(['exclusive', 'mig', 'time-slicing']).toContain(np.sharing.mode);
      if (np.sharing.mode === 'mig') expect(np.sharing.migDevices?.length).toBeGreaterThan(0);
      if (np.sharing.mode === 'time-slicing') expect(np.sharing.replicas).toBeGreaterThanOrEqual(2);
    }
    expect(pool(p, 'system')).toEqual(expect.objectContaining({ gpuModel: null, gpusPerNode: 0, role: 'system' }));
  });

  it('places every replica exactly once, on a pool and node that exist', () => {
    for (const w of p.workloads) {
      const mine = p.placements.filter((pl) => pl.workload === w.name);
      expect(mine.map((pl) => pl.replica)).toEqual(Array.from({ length: w.replicas }, (_, i) => i));
      for (const pl of mine) {
        expect(pl.nodePool).toBe(w.nodePool);
        expect(pl.node).toBeLessThan(pool(p, pl.nodePool).nodes);
      }
    }
    expect(p.placements).toHaveLength(sum(p.workloads.map((w) => w.replicas)));
  });

  it('has a ResourceFlavor per workload pool, a ClusterQueue and a LocalQueue per team', () => {
    const { resourceFlavors, clusterQueues, localQueues } = p.quotas;
    expect(resourceFlavors.map((f) => f.name)).toEqual(p.nodePools.filter((np) => np.role !== 'system').map((np) => np.name));
    expect(clusterQueues.map((cq) => [cq.name, cq.team, cq.cohort])).toEqual([
      ['product', 'product', 'acme-ml'],
      ['research', 'research', 'acme-ml'],
    ]);
    expect(localQueues.map((lq) => [lq.name, lq.namespace])).toEqual([
      ['product-queue', 'team-product'],
      ['research-queue', 'team-research'],
    ]);
  });

  it('costs a month as 730 hours, and splits the hourly cost by pool and by team without loss', () => {
    const c = p.cost;
    expect(c.hourly).toBeGreaterThan(0);
    expect(c.monthly).toBeCloseTo(c.hourly * HOURS_PER_MONTH, 4);
    expect(sum(Object.values(c.byNodePool))).toBeCloseTo(c.hourly, 4);
    expect(Object.keys(c.byNodePool).sort()).toEqual(p.nodePools.map((np) => np.name).sort());
    for (const np of p.nodePools) expect(c.byNodePool[np.name]).toBeCloseTo(np.hourlyCost, 6);
    expect(sum(Object.values(c.byTeam))).toBeCloseTo(c.hourly, 4);
    for (const t of ['product', 'research']) expect(c.byTeam[t]).toBeGreaterThan(0);
    expect(c.lowerBoundHourly).toBeLessThanOrEqual(c.hourly);
  });

  it('reports utilization, one decision per pool and sorted warnings', () => {
    const u = p.utilization;
    expect(u.gpus.provisioned).toBe(sum(p.nodePools.map((np) => np.nodes * np.gpusPerNode)));
    expect(u.gpus.requested).toBeLessThanOrEqual(u.gpus.provisioned);
    expect(u.gpuMemoryBytes.requested).toBeLessThanOrEqual(u.gpuMemoryBytes.provisioned);
    expect(u.gpuLowerBound).toBeLessThanOrEqual(u.gpus.provisioned);
    expect(p.decisions.map((d) => d.nodePool)).toEqual(p.nodePools.map((np) => np.name));
    for (const d of p.decisions)
      expect([d.nodePool, d.chosen.instanceType, d.chosen.nodes]).toEqual([d.nodePool, pool(p, d.nodePool).instanceType, pool(p, d.nodePool).nodes]);
    const codes = p.warnings.map((w) => w.code);
    expect(codes).toEqual([...codes].sort());
  });
});

describe('plan() determinism and stability', () => {
  it.each([1, 2, 3, 42, 2026])('gives identical bytes when teams and workloads are shuffled (seed %i)', (seed) => {
    const spec = referenceSpec();
    expect(stableJson(plan(shuffleSpec(spec, seed)))).toBe(stableJson(plan(spec)));
  });

  it('actually reorders the file under the seeds used', () => {
    const spec = referenceSpec();
    const orders = [1, 2, 3, 42, 2026].map((s) =>
      shuffleSpec(spec, s)
        .spec.workloads.map((w) => w.name)
        .join(','),
    );
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it('does not rename existing pools when an unrelated workload is added', () => {
    const spec = referenceSpec();
    const before = plan(spec).nodePools.map((np) => np.name);
    const added = [
      inference('translate', 'product', 'qwen2.5-7b', { replicas: 3 }),
      training('tune-large', 'research', 'llama-3.1-8b', { method: 'lora' }),
      batch('crunch', 'research'),
    ];
    for (const w of added) {
      const after = plan({ ...spec, spec: { ...spec.spec, workloads: [...spec.spec.workloads, w] } }).nodePools.map((np) => np.name);
      expect(after).toEqual(expect.arrayContaining(before));
    }
  });
});

describe('plan() rejects what no plan can satisfy, and never drops an explicit request', () => {
  it('names the workload by its path in the file and the GiB involved when a model fits no allowed GPU', () => {
    const spec = platform({
      policy: { allowedGpus: ['L4'] },
      workloads: [notebook('lab', 'research', { gpu: { fraction: 0.5 } }), inference('frontier', 'research', 'llama-3.1-405b')],
    });
    const e = infeasible(() => plan(spec));
    expect(e.path).toBe('spec.workloads[1]');
    expect(e.message).toContain('spec.workloads[1]');
    expect(e.message).toContain("'frontier'");
    expect(e.message).toMatch(/needs \d+(\.\d+)? GiB per GPU/);
    expect(e.message).toMatch(/offers \d+(\.\d+)? GiB/);
  });

  it('honours gpu.count on an inference workload as its tensor-parallel degree, on one node', () => {
    const p = plan(platform({ policy: { allowedGpus: ['H100-80GB'] }, workloads: [inference('chat', 'product', 'llama-3.1-8b', { gpu: { count: 4 } })] }));
    const chat = workload(p, 'chat');
    expect(chat.perReplica.gpus).toBe(4);
    expect(chat.parallelism.tensorParallel).toBe(4);
    expect(chat.perReplica.gpuResource).toEqual({ name: 'nvidia.com/gpu', count: 4 });
    expect(p.placements.find((pl) => pl.workload === 'chat')!.gpus).toHaveLength(4);
  });

  it('rejects a gpu.count on an inference workload that tensor parallelism cannot use, naming it', () => {
    const e = infeasible(() => plan(platform({ workloads: [inference('chat', 'product', 'llama-3.1-8b', { gpu: { count: 3 } })] })));
    expect(e.path).toBe('spec.workloads[0]');
    expect(e.message).toContain('gpu.count 3');
    expect(e.message).toContain('attention heads');
  });

  // A model sizes a serving replica, yet the schema also accepts gpu.fraction and gpu.memoryGiB on
  // an inference workload. Read exactly or as a minimum, a request for more than the sizing needs
  // must be met, or the file told (an error or a warning naming the field); never silently dropped.
  it.each([
    ['fraction', { fraction: 0.9 }, (r: { compute: number; memoryBytes: number }) => r.compute >= 0.9],
    ['memoryGiB', { memoryGiB: 60 }, (r: { compute: number; memoryBytes: number }) => r.memoryBytes >= 60 * GIB],
  ] as const)('does not silently give less than gpu.%s asks on an inference workload', (field, gpu, met) => {
    const spec = platform({ policy: { allowedGpus: ['H100-80GB'] }, workloads: [inference('chat', 'product', 'llama-3.1-8b', { gpu })] });
    let outcome: string;
    try {
      const p = plan(parsePlatform(toYaml(spec), 'platform.yaml'));
      const chat = workload(p, 'chat');
      const warned = p.warnings.some((w) => JSON.stringify(w).includes('chat') && JSON.stringify(w).includes(`gpu.${field}`));
      outcome = warned ? 'warned' : met(replicaGpu(p, chat)) ? 'met' : `ignored: planned ${JSON.stringify(chat.perReplica)} with no warning`;
    } catch (e) {
      outcome = e instanceof InvalidSpecError || e instanceof InfeasibleError ? `rejected: ${e.message}` : `failed: ${String(e)}`;
    }
    expect(outcome).toMatch(/^(warned|met|rejected: [^]*spec\.workloads\[0\]\.gpu)/);
  });

  it('names the team field when plan() is given a workload of an undeclared team', () => {
    const spec = platform({ teams: [team('research')], workloads: [batch('etl', 'research'), batch('report', 'finance')] });
    const e = infeasible(() => plan(spec));
    expect(e.path).toBe('spec.workloads[1].team');
    expect(e.message).toContain("team 'finance' is not declared");
  });

  it('rejects a GPU workload on kind without cpuFallback, naming it and cpuFallback', () => {
    const spec = platform({ target: KIND, workloads: [batch('etl', 'data'), inference('chat', 'product', 'llama-3.1-8b')] });
    const e = infeasible(() => plan(spec));
    expect(e.message).toContain('spec.workloads[1]');
    expect(e.message).toContain("'chat'");
    expect(e.message).toContain('cpuFallback');
  });
});

describe('plan() on kind', () => {
  it('runs GPU workloads with cpuFallback on one kind-workers pool with no GPU resources', () => {
    const p = plan(
      platform({
        target: KIND,
        workloads: [
          inference('chat', 'product', 'llama-3.1-8b', { cpuFallback: true, replicas: 2 }),
          batch('etl', 'data'),
          notebook('lab', 'data', { gpu: { fraction: 0.25 }, cpuFallback: true }),
        ],
      }),
    );
    expect(p.nodePools.map((np) => np.name)).toEqual(['kind-workers']);
    const np = p.nodePools[0]!;
    expect(np).toEqual(expect.objectContaining({ provider: 'kind', gpuModel: null, gpusPerNode: 0, gpuResources: [], hourlyCost: 0 }));
    for (const w of p.workloads) {
      expect(w.nodePool).toBe('kind-workers');
      expect(w.perReplica.gpus).toBe(0);
      expect(w.perReplica.gpuResource).toBeUndefined();
    }
    expect(workload(p, 'chat').cpuFallback).toBe(true);
    expect(workload(p, 'etl').cpuFallback).toBe(false);
    expect(p.placements).toHaveLength(4);
    for (const pl of p.placements) expect(pl.gpus).toEqual([]);
    const covered = p.quotas.clusterQueues.flatMap((cq) => cq.resourceGroups.flatMap((g) => g.coveredResources));
    expect(new Set(covered)).toEqual(new Set(['cpu', 'memory']));
  });
});

describe('plan() placement decisions', () => {
  it.each([
    { zones: ['us-east-1a', 'us-east-1b'], replicas: 4 },
    { zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], replicas: 5 },
  ])('spreads zoneSpread replicas over $zones.length zones round-robin ($replicas replicas)', ({ zones, replicas }) => {
    const p = plan(
      platform({
        target: { ...EKS_US_EAST_1, zones },
        workloads: [
          inference('chat', 'product', 'llama-3.1-8b', { replicas, zoneSpread: true }),
          notebook('lab', 'research', { replicas: 3, gpu: { fraction: 0.25 } }),
        ],
      }),
    );
    const chat = p.placements.filter((pl) => pl.workload === 'chat');
    expect(chat.map((pl) => pl.zone)).toEqual(Array.from({ length: replicas }, (_, r) => zones[r % zones.length]));
    const perZone = zones.map((z) => chat.filter((pl) => pl.zone === z).length);
    expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
  });

  const mixed = [
    inference('chat', 'product', 'llama-3.1-8b'),
    training('tune', 'research', 'llama-3.2-1b', { method: 'lora' }),
    notebook('lab', 'research', { replicas: 2, gpu: { fraction: 0.25 } }),
    batch('etl', 'research'),
  ];

  it('puts every pool but system on spot under capacity: spot', () => {
    const p = plan(platform({ policy: { capacity: 'spot' }, workloads: mixed }));
    for (const np of p.nodePools) {
      if (np.name === 'system') expect(np.capacity).toBe('on-demand');
      else {
        expect(np.capacity).toBe('spot');
        expect(np.name).toMatch(/-spot$/);
      }
    }
    expect(p.warnings).toContainEqual({ code: 'spot-serving', workload: 'chat' });
  });

  it('puts training on spot and serving on on-demand under spot-with-fallback', () => {
    const p = plan(platform({ policy: { capacity: 'spot-with-fallback' }, workloads: mixed }));
    const capacityOf = (name: string) => pool(p, workload(p, name).nodePool).capacity;
    expect(capacityOf('tune')).toBe('spot');
    expect(capacityOf('etl')).toBe('spot');
    expect(capacityOf('chat')).toBe('on-demand');
    expect(capacityOf('lab')).toBe('on-demand');
  });

  describe('MIG', () => {
    const spec = (target = EKS_US_EAST_1) =>
      platform({
        target,
        policy: { allowedGpus: ['H100-80GB'], gpuSharing: 'mig' },
        workloads: [notebook('lab', 'research', { replicas: 6, gpu: { memoryGiB: 10 } })],
      });

    it('gives a 10 GiB notebook 1g.20gb on EKS (1g.10gb holds 9.75 GiB) with a placeable layout', () => {
      const p = plan(spec());
      const lab = workload(p, 'lab');
      expect(gpuModel('H100-80GB').migProfiles.find((m) => m.name === '1g.10gb')!.memoryMiB * 2 ** 20).toBeLessThan(10 * GIB);
      expect(lab.perReplica.migProfile).toBe('1g.20gb');
      expect(lab.perReplica.gpuResource).toEqual({ name: 'nvidia.com/mig-1g.20gb', count: 1 });
      const np = pool(p, lab.nodePool);
      expect(np.sharing.mode).toBe('mig');
      expect(np.gpuResources).toContain('nvidia.com/mig-1g.20gb');
      for (const group of np.sharing.migDevices!) {
        expect(group.profiles['1g.20gb']).toBeGreaterThan(0);
        expect(isMigLayoutPlaceable(gpuModel('H100-80GB'), expandMigCounts(group.profiles))).toBe(true);
      }
      for (const pl of p.placements.filter((x) => x.workload === 'lab')) expect(pl.migProfile).toBe('1g.20gb');
    });

    it('names the GKE pool after its partition size and requests nvidia.com/gpu', () => {
      const p = plan(spec(GKE_US_CENTRAL1));
      const lab = workload(p, 'lab');
      expect(lab.perReplica.migProfile).toBe('1g.20gb');
      expect(lab.nodePool).toBe('gpu-h100-80gb-mig-1g-20gb');
      expect(lab.perReplica.gpuResource).toEqual({ name: 'nvidia.com/gpu', count: 1 });
      const np = pool(p, lab.nodePool);
      expect(np.gpuResources).toEqual(['nvidia.com/gpu']);
      for (const group of np.sharing.migDevices!) {
        expect(Object.keys(group.profiles)).toEqual(['1g.20gb']);
        expect(isMigLayoutPlaceable(gpuModel('H100-80GB'), expandMigCounts(group.profiles))).toBe(true);
      }
    });
  });

  it('serves llama-3.1-70b bf16 on H100 with tensor parallelism on one node', () => {
    const p = plan(
      platform({ policy: { allowedGpus: ['H100-80GB'] }, workloads: [inference('big', 'product', 'llama-3.1-70b', { precision: 'bf16', replicas: 2 })] }),
    );
    const big = workload(p, 'big');
    expect([2, 4, 8]).toContain(big.perReplica.gpus);
    expect(big.parallelism.tensorParallel).toBe(big.perReplica.gpus);
    expect(big.perReplica.gpuMemoryBytes).toBeLessThanOrEqual(0.9 * gpuModel('H100-80GB').memoryMiB * 2 ** 20);
    for (const pl of p.placements.filter((x) => x.workload === 'big')) {
      expect(pl.gpus).toHaveLength(big.perReplica.gpus);
      expect(new Set(pl.gpus).size).toBe(big.perReplica.gpus);
    }
  });

  it('trains mistral-7b full on 16 H100s as 2 nodes × 8', () => {
    const p = plan(
      platform({
        policy: { allowedGpus: ['H100-80GB'] },
        workloads: [training('tune', 'research', 'mistral-7b', { method: 'full', precision: 'mixed-bf16', gpus: 16 })],
      }),
    );
    const tune = workload(p, 'tune');
    expect(tune.parallelism).toEqual(expect.objectContaining({ nodes: 2, gpusPerNode: 8, dataParallel: 16 }));
    expect(tune.replicas).toBe(2);
    expect(tune.perReplica.gpus).toBe(8);
    const pls = p.placements.filter((x) => x.workload === 'tune');
    expect(pls).toHaveLength(2);
    expect(new Set(pls.map((pl) => pl.node)).size).toBe(2);
    for (const pl of pls) expect(pl.gpus).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  // Allowing more GPU models only adds options, so it must not make the plan dearer (within a
  // heuristic's slack). Choosing per workload by a fractional share of a node ignores that a pool
  // buys whole nodes: four 8B replicas then land on two 8-GPU A100 nodes instead of L4s.
  it('does not make a small serving fleet dearer when more GPU models are allowed', () => {
    const workloads = [inference('chat', 'product', 'llama-3.1-8b', { replicas: 4, zoneSpread: true })];
    const everyGpu = plan(platform({ workloads }));
    const l4Only = plan(platform({ policy: { allowedGpus: ['L4'] }, workloads }));
    expect(everyGpu.cost.hourly).toBeLessThanOrEqual(1.1 * l4Only.cost.hourly);
  });

  it('places a pinned Ray worker on the pinned GPU model', () => {
    const p = plan(platform({ workloads: [ray('eval', 'research', { replicas: 2, gpu: { count: 1, model: 'L4' } })], teams: [team('research', 2)] }));
    expect(pool(p, workload(p, 'eval').nodePool).gpuModel).toBe('L4');
  });
});
