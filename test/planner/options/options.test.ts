/**
 * The options stage alone (`gpuOptions`), table-driven with small builders after Karpenter's
 * instance_selection_test.go and Kueue's flavorassigner_test.go: which ways a workload can run
 * under each sharing policy, on which GPU models, sized how, and on which capacity types.
 */
import { gpuModel } from '../../../planner/catalogue';
import { MIG_COMPUTE_SLICES } from '../../../planner/mig/placement';
import { GPU_MEMORY_UTILIZATION, gpuOptions, type GpuOption, type WorkloadOptions } from '../../../planner/options/options';
import type { SharingMode } from '../../../planner/plan-types';
import { capacityFor } from '../../../planner/resolve/resolve';
import { GIB, MIB, MILLI_PER_GPU } from '../../../planner/resolve/quantity';
import type { GpuSharingPolicy, WorkloadSpec } from '../../../planner/spec/schema';
import { contextOf, optionContextOf, optionsOf, resolvedWorkload } from '../../helpers/planner-builders';
import { batch, GKE_US_CENTRAL1, inference, notebook, training } from '../../helpers/platform-builders';

const H100_AND_L4 = ['H100-80GB', 'L4'] as const;

/** `gpuModel mode[ profile]` per option, in the order the stage lists them. */
function kinds(r: WorkloadOptions): string[] {
  return r.options.map((o) => `${o.gpuModel.id} ${o.mode}${o.migProfile ? ` ${o.migProfile}` : ''}`);
}

function only(r: WorkloadOptions, gpu: string, mode: SharingMode): GpuOption {
  const found = r.options.filter((o) => o.gpuModel.id === gpu && o.mode === mode);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const chat = inference('chat', 'a', 'llama-3.1-8b');
const quarter = notebook('lab', 'a', { gpu: { fraction: 0.25 } });

describe('options per sharing policy', () => {
  it.each<[string, WorkloadSpec, GpuSharingPolicy, string[]]>([
    // serving never time-slices unless asked: a share has no memory isolation
    ['serving, auto: whole GPUs and MIG where one GPU is enough', chat, 'auto', ['H100-80GB exclusive', 'H100-80GB mig 3g.40gb', 'L4 exclusive']],
    ['serving, exclusive: whole GPUs only', chat, 'exclusive', ['H100-80GB exclusive', 'L4 exclusive']],
    // on L4 the replica needs tensor parallelism over 2 GPUs, which MIG slices cannot do, so whole GPUs stay
    ['serving, mig: MIG where it fits one GPU, whole GPUs where it does not', chat, 'mig', ['H100-80GB mig 3g.40gb', 'L4 exclusive']],
    ['serving, time-slicing: a share where one GPU is enough', chat, 'time-slicing', ['H100-80GB time-slicing', 'L4 exclusive']],
    [
      'a quarter GPU, auto: whole, MIG (H100 only) and a share',
      quarter,
      'auto',
      ['H100-80GB exclusive', 'H100-80GB mig 3g.40gb', 'H100-80GB time-slicing', 'L4 exclusive', 'L4 time-slicing'],
    ],
    ['a quarter GPU, exclusive', quarter, 'exclusive', ['H100-80GB exclusive', 'L4 exclusive']],
    // L4 has no MIG: its only way under the mig policy is a whole GPU
    ['a quarter GPU, mig: MIG on MIG-capable GPUs, whole GPUs elsewhere', quarter, 'mig', ['H100-80GB mig 3g.40gb', 'L4 exclusive']],
    ['a quarter GPU, time-slicing', quarter, 'time-slicing', ['H100-80GB time-slicing', 'L4 time-slicing']],
    [
      'a whole GPU asked for: whole only, whatever the policy',
      notebook('lab', 'a', { gpu: { count: 1 } }),
      'time-slicing',
      ['H100-80GB exclusive', 'L4 exclusive'],
    ],
    ['two GPUs per replica: whole only', batch('b', 'a', { gpu: { count: 2 } }), 'auto', ['H100-80GB exclusive', 'L4 exclusive']],
  ])('%s', (_, w, gpuSharing, expected) => {
    const r = optionsOf(w, { policy: { gpuSharing, allowedGpus: [...H100_AND_L4] } });
    expect(kinds(r)).toEqual(expected);
    expect(r.rejected).toEqual([]);
  });
});

describe('MIG options', () => {
  it.each<[string, WorkloadSpec]>([
    ['serving', chat],
    ['a quarter GPU', quarter],
    ['10 GiB of GPU memory', notebook('lab', 'a', { gpu: { memoryGiB: 10 } })],
  ])('%s gets the smallest H100 profile that holds it, never the whole-GPU 7g profile', (_, w) => {
    const o = only(optionsOf(w, { policy: { allowedGpus: ['H100-80GB'] } }), 'H100-80GB', 'mig');
    const h100 = gpuModel('H100-80GB');
    const chosen = h100.migProfiles.find((p) => p.name === o.migProfile)!;
    expect(chosen.computeSlices).toBeLessThan(MIG_COMPUTE_SLICES);
    expect(o.demand).toEqual({ kind: 'mig', profile: chosen.name });
    expect(o.gpusPerReplica).toBe(1);
    // every profile with less memory is too small for the estimate (serving keeps 10 % free, requests need their bytes)
    const usable = (p: (typeof h100.migProfiles)[number]) => (w.type === 'inference' ? GPU_MEMORY_UTILIZATION : 1) * p.memoryMiB * MIB;
    const fraction = (w.gpu as { fraction?: number } | undefined)?.fraction;
    for (const p of h100.migProfiles.filter((x) => x.memorySlots < chosen.memorySlots)) {
      const fits = usable(p) >= o.gpuMemoryBytes && (fraction === undefined || p.computeSlices >= Math.ceil(fraction * MIG_COMPUTE_SLICES - 1e-9));
      expect(`${p.name} fits: ${fits}`).toBe(`${p.name} fits: false`);
    }
  });

  it('10 GiB does not fit the 1g.10gb profile (its memory is below 10 GiB), so 1g.20gb', () => {
    const o = only(optionsOf(notebook('lab', 'a', { gpu: { memoryGiB: 10 } }), { policy: { allowedGpus: ['H100-80GB'] } }), 'H100-80GB', 'mig');
    expect(gpuModel('H100-80GB').migProfiles.find((p) => p.name === '1g.10gb')!.memoryMiB * MIB).toBeLessThan(10 * GIB);
    expect(o.migProfile).toBe('1g.20gb');
    expect(o.gpuMemoryBytes).toBe(10 * GIB);
  });

  it('a GPU model without MIG profiles (L4) never gets a MIG option', () => {
    expect(gpuModel('L4').migProfiles).toEqual([]);
    for (const gpuSharing of ['auto', 'mig'] as const) {
      const r = optionsOf(quarter, { policy: { gpuSharing, allowedGpus: ['L4'] } });
      expect(r.options.filter((o) => o.mode === 'mig')).toEqual([]);
    }
  });
});

describe('GPU memory fits', () => {
  it('serving takes the smallest tensor-parallel degree whose per-GPU estimate fits 90 % of a GPU', () => {
    const r = optionsOf(chat, { policy: { gpuSharing: 'exclusive', allowedGpus: [...H100_AND_L4] } });
    const l4 = only(r, 'L4', 'exclusive');
    const h100 = only(r, 'H100-80GB', 'exclusive');
    expect(h100.parallelism).toEqual({ tensorParallel: 1 });
    expect(l4.parallelism).toEqual({ tensorParallel: 2 });
    expect(l4.demand).toEqual({ kind: 'whole', count: 2 });
    expect(l4.gpuMemoryBytes).toBeLessThanOrEqual(GPU_MEMORY_UTILIZATION * gpuModel('L4').memoryMiB * MIB);
    // one L4 would not hold it: the H100 estimate at TP 1 is the whole replica
    expect(h100.gpuMemoryBytes).toBeGreaterThan(GPU_MEMORY_UTILIZATION * gpuModel('L4').memoryMiB * MIB);
  });

  it.each<[string, WorkloadSpec, RegExp]>([
    [
      'a model too big for any tensor-parallel degree on one node',
      inference('big', 'a', 'llama-3.1-70b'),
      /^needs 21\.0 GiB per GPU even at the largest tensor-parallel degree on one node \(8 GPUs\), a GPU offers 19\.9 GiB at utilization 0\.9$/,
    ],
    ['gpu.memoryGiB above the GPU', notebook('lab', 'a', { gpu: { memoryGiB: 30 } }), /^gpu\.memoryGiB 30 exceeds the 22\.1 GiB of a L4$/],
    ['more GPUs per replica than the largest instance has', batch('b', 'a', { gpu: { count: 16 } }), /^16 GPUs per replica, the largest L4 instance has 8$/],
  ])('rules out a GPU model with the numbers: %s', (_, w, reason) => {
    const r = optionsOf(w, { policy: { allowedGpus: [...H100_AND_L4] } });
    expect(r.rejected.find((x) => x.gpuModel === 'L4')?.reason).toMatch(reason);
    expect(r.options.every((o) => o.gpuModel.id !== 'L4')).toBe(true);
  });

  it('training takes the fewest GPUs with the least ZeRO stage that fits a GPU', () => {
    const o = only(optionsOf(training('t', 'a', 'mistral-7b'), { policy: { allowedGpus: ['H100-80GB'] } }), 'H100-80GB', 'exclusive');
    expect(o.gpuMemoryBytes).toBeLessThanOrEqual(gpuModel('H100-80GB').memoryMiB * MIB);
    expect(o.parallelism).toEqual(expect.objectContaining({ dataParallel: o.gpusPerReplica * o.replicas, nodes: o.replicas, gpusPerNode: o.gpusPerReplica }));
    const fewer = optionsOf(training('t', 'a', 'mistral-7b', { gpus: o.gpusPerReplica / 2, sharding: 'zero3' }), { policy: { allowedGpus: ['H100-80GB'] } });
    expect(fewer.options).toEqual([]);
    expect(fewer.rejected[0]!.reason).toMatch(/^needs at least .* GiB per GPU on \d+ GPUs with the sharding allowed \(zero3\), a H100-80GB has 79\.2 GiB$/);
  });
});

describe('time-sliced shares', () => {
  it.each<[string, WorkloadSpec, string, number]>([
    ['a fraction is its thousandths', quarter, 'L4', 250],
    [
      'a memory request is its share of the GPU, rounded up',
      notebook('lab', 'a', { gpu: { memoryGiB: 10 } }),
      'L4',
      Math.ceil(((10 * GIB) / (gpuModel('L4').memoryMiB * MIB)) * MILLI_PER_GPU - 1e-9),
    ],
    [
      'serving takes its estimate over the usable 90 %',
      chat,
      'H100-80GB',
      Math.ceil(
        (only(optionsOf(chat, { policy: { allowedGpus: ['H100-80GB'] } }), 'H100-80GB', 'exclusive').gpuMemoryBytes /
          (GPU_MEMORY_UTILIZATION * gpuModel('H100-80GB').memoryMiB * MIB)) *
          MILLI_PER_GPU,
      ),
    ],
  ])('%s', (_, w, gpu, milli) => {
    const o = only(optionsOf(w, { policy: { gpuSharing: 'time-slicing', allowedGpus: [gpu as 'L4'] } }), gpu, 'time-slicing');
    expect(o.demand).toEqual(expect.objectContaining({ kind: 'share', milli }));
    expect(o.gpusPerReplica).toBe(milli / MILLI_PER_GPU);
  });

  it('a share is estimated cheaper than the whole GPU it sits on', () => {
    const r = optionsOf(quarter, { policy: { allowedGpus: ['L4'] } });
    expect(only(r, 'L4', 'time-slicing').estimatedHourly).toBeLessThan(only(r, 'L4', 'exclusive').estimatedHourly);
  });
});

describe('capacity types per machine type, and spot rules', () => {
  it.each([
    ['on-demand', 'inference', 'on-demand'],
    ['on-demand', 'training', 'on-demand'],
    ['spot', 'inference', 'spot'],
    ['spot', 'notebook', 'spot'],
    ['spot-with-fallback', 'training', 'spot'],
    ['spot-with-fallback', 'batch', 'spot'],
    ['spot-with-fallback', 'ray', 'spot'],
    ['spot-with-fallback', 'inference', 'on-demand'],
    ['spot-with-fallback', 'notebook', 'on-demand'],
  ] as const)('policy %s puts %s on %s', (policy, type, capacity) => {
    expect(capacityFor(policy, type)).toBe(capacity);
  });

  it('spot-with-fallback prices training at spot and keeps serving at on-demand', () => {
    const setting = (capacity: 'on-demand' | 'spot-with-fallback') => ({ policy: { capacity, allowedGpus: ['H100-80GB' as const] } });
    const job = training('t', 'a', 'mistral-7b');
    const onDemand = only(optionsOf(job, setting('on-demand')), 'H100-80GB', 'exclusive');
    const fallback = only(optionsOf(job, setting('spot-with-fallback')), 'H100-80GB', 'exclusive');
    expect(fallback.estimatedHourly).toBeLessThan(onDemand.estimatedHourly);
    expect(only(optionsOf(chat, setting('spot-with-fallback')), 'H100-80GB', 'exclusive').estimatedHourly).toBe(
      only(optionsOf(chat, setting('on-demand')), 'H100-80GB', 'exclusive').estimatedHourly,
    );
  });

  it('GCP A3 High below 8 GPUs is sold on spot only, so on-demand options count only a3-highgpu-8g', () => {
    const ctx = contextOf({ target: GKE_US_CENTRAL1, policy: { allowedGpus: ['H100-80GB'] }, workloads: [chat] });
    const h100 = (capacity: 'on-demand' | 'spot') =>
      ctx
        .typesOn(capacity)
        .filter((t) => t.gpuModel === 'H100-80GB')
        .map((t) => t.name);
    expect(h100('on-demand')).toEqual(['a3-highgpu-8g']);
    expect(h100('spot')).toEqual(['a3-highgpu-1g', 'a3-highgpu-2g', 'a3-highgpu-4g', 'a3-highgpu-8g']);
    // without the 8-GPU shape, nothing with an H100 is left on demand: the model is ruled out, naming the capacity type
    const onDemand = optionContextOf(ctx, 'on-demand');
    const r = gpuOptions(resolvedWorkload(chat, { target: GKE_US_CENTRAL1 }), {
      ...onDemand,
      instanceTypes: onDemand.instanceTypes.filter((t) => t.name !== 'a3-highgpu-8g'),
    });
    expect(r.options).toEqual([]);
    expect(r.rejected).toEqual([{ gpuModel: 'H100-80GB', reason: 'no instance type with this GPU sold as on-demand in the region' }]);
  });

  it('a GPU pinned with gpu.model limits the options to it, and says so when it is not allowed', () => {
    const pinned = notebook('lab', 'a', { gpu: { count: 1, model: 'L4' } });
    expect(kinds(optionsOf(pinned, { policy: { allowedGpus: [...H100_AND_L4] } }))).toEqual(['L4 exclusive']);
    const r = optionsOf(pinned, { policy: { allowedGpus: ['H100-80GB'] } });
    expect(r.options).toEqual([]);
    expect(r.rejected).toEqual([{ gpuModel: 'L4', reason: 'pinned by gpu.model but not allowed or not offered' }]);
  });
});
