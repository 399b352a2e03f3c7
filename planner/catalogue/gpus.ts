/**
 * GPU models and their MIG profiles.
 *
 * MIG placement tables are the ones NVML reports on an H100 80GB HBM3 and an H200 (measured);
 * A100 parts use the same 7-compute / 8-memory-slot geometry (the fact sheet's working
 * assumption; NVIDIA lists the same profile classes and counts). `+me` profiles are left out on
 * purpose: only one fits per GPU and they exist for media engines, which no workload here asks
 * for, so a planner must never choose them.
 */
import { GPU_IDS, type GpuId } from '../spec/schema';
import type { GpuModel, MigProfile } from './types';

/** Bytes a bare CUDA context (plus driver) takes on the GPU, measured on H100 and H200 (527 MiB). */
export const CUDA_CONTEXT_BYTES = 552_402_944;

/**
 * Fraction of the EC2-reported GPU memory that CUDA can use, measured on H100 (81,079 of 81,920 MiB).
 * Applied as an estimate to GPUs whose CUDA-visible memory was not measured.
 */
const CUDA_VISIBLE_FRACTION = 81_079 / 81_920;

/** CUDA-visible MiB estimated from the memory EC2 (or the datasheet) reports. */
function estimatedUsableMiB(reportedMiB: number): number {
  return Math.floor(reportedMiB * CUDA_VISIBLE_FRACTION);
}

/** Builds the six plannable profiles of a 7-compute / 8-memory-slot GPU from its measured sizes. */
function sevenSliceProfiles(
  names: readonly [string, string, string, string, string, string],
  memoryMiB: readonly [number, number, number, number, number, number],
  sms: readonly [number, number, number, number, number, number],
  oneSliceMax = 7,
): MigProfile[] {
  // Placement table measured with NVML on H100/H200 (profile ids 19, 15, 14, 9, 5, 0).
  const geometry = [
    { computeSlices: 1, memorySlots: 1, startSlots: [0, 1, 2, 3, 4, 5, 6], maxPerGpu: oneSliceMax },
    { computeSlices: 1, memorySlots: 2, startSlots: [0, 2, 4, 6], maxPerGpu: 4 },
    { computeSlices: 2, memorySlots: 2, startSlots: [0, 2, 4], maxPerGpu: 3 },
    { computeSlices: 3, memorySlots: 4, startSlots: [0, 4], maxPerGpu: 2 },
    { computeSlices: 4, memorySlots: 4, startSlots: [0], maxPerGpu: 1 },
    { computeSlices: 7, memorySlots: 8, startSlots: [0], maxPerGpu: 1 },
  ] as const;
  return geometry.map((g, i) => ({
    name: names[i]!,
    computeSlices: g.computeSlices,
    memorySlots: g.memorySlots,
    memoryMiB: memoryMiB[i]!,
    sms: sms[i]!,
    startSlots: g.startSlots,
    maxPerGpu: g.maxPerGpu,
  }));
}

/** Every GPU model of the catalogue, in `GPU_IDS` order. */
export const GPU_MODELS: readonly GpuModel[] = [
  {
    id: 'H100-80GB',
    memoryMiB: 81_079, // CUDA-visible, measured
    sms: 132,
    bf16Tflops: 989,
    migProfiles: sevenSliceProfiles(
      ['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
      [9984, 20096, 20096, 40448, 40448, 81152],
      [16, 26, 32, 60, 64, 132],
    ),
    migMemorySlots: 8,
    pciDeviceId: '0x233010DE',
    productLabel: 'NVIDIA-H100-80GB-HBM3',
    gkeAccelerator: 'nvidia-h100-80gb',
    source: 'DEV-H100',
  },
  {
    id: 'H200-141GB',
    memoryMiB: 143_155, // CUDA-visible, measured
    sms: 132,
    bf16Tflops: 989,
    migProfiles: sevenSliceProfiles(
      ['1g.18gb', '1g.35gb', '2g.35gb', '3g.71gb', '4g.71gb', '7g.141gb'],
      [16384, 33280, 33280, 71424, 71424, 143360],
      [16, 26, 32, 60, 64, 132],
    ),
    migMemorySlots: 8,
    pciDeviceId: '0x233510DE',
    productLabel: 'NVIDIA-H200',
    gkeAccelerator: 'nvidia-h200-141gb',
    source: 'DEV-H200',
  },
  {
    id: 'A100-80GB',
    memoryMiB: estimatedUsableMiB(81_920),
    sms: 108,
    bf16Tflops: 312,
    migProfiles: sevenSliceProfiles(
      ['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
      [9856, 19968, 19968, 40192, 40192, 80384],
      [14, 14, 28, 42, 56, 98],
    ),
    migMemorySlots: 8,
    pciDeviceId: '0x20B210DE',
    productLabel: 'NVIDIA-A100-SXM4-80GB',
    gkeAccelerator: 'nvidia-a100-80gb',
    source: 'GONVML-A100',
  },
  {
    id: 'A100-40GB',
    memoryMiB: estimatedUsableMiB(40_960),
    sms: 108,
    bf16Tflops: 312,
    migProfiles: sevenSliceProfiles(
      ['1g.5gb', '1g.10gb', '2g.10gb', '3g.20gb', '4g.20gb', '7g.40gb'],
      [4864, 9856, 9856, 19968, 19968, 40192],
      [14, 14, 28, 42, 56, 98],
    ),
    migMemorySlots: 8,
    pciDeviceId: '0x20B010DE',
    productLabel: 'NVIDIA-A100-SXM4-40GB',
    gkeAccelerator: 'nvidia-tesla-a100',
    source: 'GONVML-A100',
  },
  {
    id: 'L40S',
    memoryMiB: estimatedUsableMiB(45_776),
    sms: 142,
    bf16Tflops: 362,
    migProfiles: [],
    migMemorySlots: 0,
    productLabel: 'NVIDIA-L40S',
    source: 'NV-DATASHEETS',
  },
  {
    id: 'L4',
    memoryMiB: estimatedUsableMiB(22_888),
    sms: 58,
    bf16Tflops: 121,
    migProfiles: [],
    migMemorySlots: 0,
    productLabel: 'NVIDIA-L4',
    gkeAccelerator: 'nvidia-l4',
    source: 'NV-DATASHEETS',
  },
  {
    id: 'A10G',
    memoryMiB: estimatedUsableMiB(22_888),
    sms: 80,
    // AWS publishes no tensor figure for the A10G; 70 is the commonly quoted dense bf16 rate.
    bf16Tflops: 70,
    migProfiles: [],
    migMemorySlots: 0,
    productLabel: 'NVIDIA-A10G',
    source: 'NV-DATASHEETS',
  },
  {
    id: 'T4',
    // EC2 reports 16,384 MiB; with ECC on (the default) 15,360 MiB are visible to the driver.
    memoryMiB: estimatedUsableMiB(15_360),
    sms: 40,
    // Turing has no bf16: this is the dense fp16 tensor rate.
    bf16Tflops: 65,
    migProfiles: [],
    migMemorySlots: 0,
    productLabel: 'Tesla-T4',
    gkeAccelerator: 'nvidia-tesla-t4',
    source: 'NV-DATASHEETS',
  },
];

const BY_ID: ReadonlyMap<GpuId, GpuModel> = new Map(GPU_MODELS.map((g) => [g.id, g]));

/**
 * The catalogue entry of a GPU model.
 *
 * @throws Error naming the id and the known ids when `id` is not in the catalogue
 */
export function gpuModel(id: GpuId): GpuModel {
  const gpu = BY_ID.get(id);
  if (!gpu) throw new Error(`unknown GPU model '${String(id)}'; known: ${GPU_IDS.join(', ')}`);
  return gpu;
}

/** The MIG profile `name` of GPU `id`, or undefined when that GPU has no such plannable profile. */
export function migProfile(id: GpuId, name: string): MigProfile | undefined {
  return gpuModel(id).migProfiles.find((p) => p.name === name);
}
