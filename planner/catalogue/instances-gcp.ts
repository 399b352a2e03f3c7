/**
 * GCP machine types: the GPU types of the fact sheet (A2, A3 High, G2) plus general-purpose CPU
 * types. Specs from the SkyPilot catalog (memory in GiB, converted to MiB here); prices are
 * us-central1 on-demand from karpenter-provider-gcp's price file (2026-08-03), GPUs included.
 *
 * Left out on purpose: a3-megagpu-8g (no us-central1 price) and a3-ultragpu-8g (no on-demand price
 * in any region of the source).
 */
import type { GpuId } from '../spec/schema';
import type { CapacityType } from '../plan-types';
import { BOTH_CAPACITY_TYPES, type InstanceType } from './types';

/**
 * Machine types Google sells only as Spot (or flex-start and reservations, which the plan does
 * not model): A3 High shapes with fewer than 8 GPUs. Planning one on demand fails at node-pool
 * creation, so the planner must never do it.
 *
 * UNVERIFIED: Google's accelerator-optimized machine page (compute/docs/accelerator-optimized-machines,
 * A3 High table) is where this is stated; the stored excerpts of that page and of the GKE and
 * flex-start pages (searched 2026-12-01) stop before the A3 High table, so the sentence itself
 * could not be read back. Kept spot-only because planning an unbuyable shape breaks `pulumi up`,
 * while leaving a buyable one out only costs a larger node.
 */
export const GCP_SPOT_ONLY: readonly string[] = ['a3-highgpu-1g', 'a3-highgpu-2g', 'a3-highgpu-4g'];

const SPOT_ONLY: readonly CapacityType[] = ['spot'];

/**
 * Spot price as a fraction of on-demand, per machine series: a catalogue estimate from Google's
 * published spot discounts (60-91 % off), kept on the cautious side for GPUs. Never a quoted price.
 */
export const GCP_SPOT_FRACTION: Readonly<Record<string, number>> = {
  a2: 0.4,
  a3: 0.45,
  g2: 0.4,
  n2: 0.3,
  e2: 0.3,
  c3: 0.3,
};

type Row = readonly [name: string, gpu: GpuId | null, gpus: number, vcpus: number, memoryGiB: number, hourlyPrice: number];

function build(rows: readonly Row[]): InstanceType[] {
  return rows.map(([name, gpuModel, gpus, vcpus, memoryGiB, hourlyPrice]) => {
    const spot = GCP_SPOT_FRACTION[name.slice(0, name.indexOf('-'))];
    if (spot === undefined) throw new Error(`catalogue: no spot estimate for GCP series of '${name}'`);
    return {
      provider: 'gke',
      name,
      gpuModel,
      gpus,
      vcpus,
      memoryMiB: memoryGiB * 1024,
      hourlyPrice,
      spotDiscount: spot,
      capacityTypes: GCP_SPOT_ONLY.includes(name) ? SPOT_ONLY : BOTH_CAPACITY_TYPES,
      source: 'GCP-PRICE',
    };
  });
}

const GPU_ROWS: readonly Row[] = [
  ['a2-highgpu-1g', 'A100-40GB', 1, 12, 85, 3.673385],
  ['a2-highgpu-2g', 'A100-40GB', 2, 24, 170, 7.34677],
  ['a2-highgpu-4g', 'A100-40GB', 4, 48, 340, 14.69354],
  ['a2-highgpu-8g', 'A100-40GB', 8, 96, 680, 29.38708],
  ['a2-megagpu-16g', 'A100-40GB', 16, 96, 1360, 55.739504],
  ['a2-ultragpu-1g', 'A100-80GB', 1, 12, 170, 5.068798],
  ['a2-ultragpu-2g', 'A100-80GB', 2, 24, 340, 10.137596],
  ['a2-ultragpu-4g', 'A100-80GB', 4, 48, 680, 20.275192],
  ['a2-ultragpu-8g', 'A100-80GB', 8, 96, 1360, 40.550383],
  ['a3-highgpu-1g', 'H100-80GB', 1, 26, 234, 11.06125],
  ['a3-highgpu-2g', 'H100-80GB', 2, 52, 468, 22.1225],
  ['a3-highgpu-4g', 'H100-80GB', 4, 104, 936, 44.245],
  ['a3-highgpu-8g', 'H100-80GB', 8, 208, 1872, 88.49],
  ['g2-standard-4', 'L4', 1, 4, 16, 0.706832],
  ['g2-standard-8', 'L4', 1, 8, 32, 0.853624],
  ['g2-standard-12', 'L4', 1, 12, 48, 1.000416],
  ['g2-standard-16', 'L4', 1, 16, 64, 1.147208],
  ['g2-standard-24', 'L4', 2, 24, 96, 2.000833],
  ['g2-standard-32', 'L4', 1, 32, 128, 1.734376],
  ['g2-standard-48', 'L4', 4, 48, 192, 4.001665],
  ['g2-standard-96', 'L4', 8, 96, 384, 8.00333],
];

const CPU_ROWS: readonly Row[] = [
  ['n2-standard-2', null, 0, 2, 8, 0.097118],
  ['n2-standard-4', null, 0, 4, 16, 0.194236],
  ['n2-standard-8', null, 0, 8, 32, 0.388472],
  ['n2-standard-16', null, 0, 16, 64, 0.776944],
  ['n2-standard-32', null, 0, 32, 128, 1.553888],
  ['e2-standard-2', null, 0, 2, 8, 0.067006],
  ['e2-standard-4', null, 0, 4, 16, 0.134012],
  ['e2-standard-8', null, 0, 8, 32, 0.268024],
  ['e2-standard-16', null, 0, 16, 64, 0.536048],
  ['e2-standard-32', null, 0, 32, 128, 1.072096],
  ['c3-standard-4', null, 0, 4, 16, 0.20888],
  ['c3-standard-8', null, 0, 8, 32, 0.41776],
  ['c3-standard-22', null, 0, 22, 88, 1.14884],
  ['c3-standard-44', null, 0, 44, 176, 2.29768],
];

/** Every GCP machine type of the catalogue, sorted by name. */
export const GCP_INSTANCE_TYPES: readonly InstanceType[] = [...build(GPU_ROWS), ...build(CPU_ROWS)].sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);
