/**
 * AWS EC2 instance types: GPU types of the fact sheet plus general-purpose CPU types for system
 * pools and CPU-only work. Specs from Karpenter's instance-type reference (EC2
 * DescribeInstanceTypes); prices are us-east-1 on-demand Linux from Karpenter's generated price
 * table (generated 2026-07-20).
 *
 * Left out on purpose: p5e.48xlarge (no public on-demand price) and p6-b200.48xlarge (B200 is not
 * a catalogue GPU yet).
 */
import type { GpuId } from '../spec/schema';
import { BOTH_CAPACITY_TYPES, type InstanceType } from './types';

/**
 * Spot price as a fraction of on-demand, per family: a catalogue estimate from typical published
 * spot discounts (GPU capacity is scarcer, so its discount is smaller). Never a quoted price.
 */
export const AWS_SPOT_FRACTION: Readonly<Record<string, number>> = {
  p4d: 0.45,
  p4de: 0.45,
  p5: 0.5,
  p5en: 0.5,
  g4dn: 0.35,
  g5: 0.4,
  g6: 0.4,
  g6e: 0.45,
  m6i: 0.35,
  m7i: 0.35,
  c6i: 0.35,
  c7i: 0.35,
  r6i: 0.35,
};

type Row = readonly [name: string, gpu: GpuId | null, gpus: number, vcpus: number, memoryMiB: number, hourlyPrice: number];

function family(name: string): string {
  return name.slice(0, name.indexOf('.'));
}

function build(rows: readonly Row[]): InstanceType[] {
  return rows.map(([name, gpuModel, gpus, vcpus, memoryMiB, hourlyPrice]) => {
    const spot = AWS_SPOT_FRACTION[family(name)];
    if (spot === undefined) throw new Error(`catalogue: no spot estimate for AWS family of '${name}'`);
    return { provider: 'eks', name, gpuModel, gpus, vcpus, memoryMiB, hourlyPrice, spotDiscount: spot, capacityTypes: BOTH_CAPACITY_TYPES, source: 'KP-PRICE' };
  });
}

const GiB = 1024;

/** AWS GPU instance types (us-east-1 on-demand prices). */
const GPU_ROWS: readonly Row[] = [
  ['p4d.24xlarge', 'A100-40GB', 8, 96, 1_179_648, 21.957642],
  ['p4de.24xlarge', 'A100-80GB', 8, 96, 1_179_648, 27.44705],
  ['p5.4xlarge', 'H100-80GB', 1, 16, 262_144, 6.88],
  ['p5.48xlarge', 'H100-80GB', 8, 192, 2_097_152, 55.04],
  ['p5en.48xlarge', 'H200-141GB', 8, 192, 2_097_152, 63.296],
  ['g4dn.xlarge', 'T4', 1, 4, 16 * GiB, 0.526],
  ['g4dn.2xlarge', 'T4', 1, 8, 32 * GiB, 0.752],
  ['g4dn.4xlarge', 'T4', 1, 16, 64 * GiB, 1.204],
  ['g4dn.8xlarge', 'T4', 1, 32, 128 * GiB, 2.176],
  ['g4dn.12xlarge', 'T4', 4, 48, 192 * GiB, 3.912],
  ['g4dn.16xlarge', 'T4', 1, 64, 256 * GiB, 4.352],
  ['g4dn.metal', 'T4', 8, 96, 384 * GiB, 7.824],
  ['g5.xlarge', 'A10G', 1, 4, 16 * GiB, 1.006],
  ['g5.2xlarge', 'A10G', 1, 8, 32 * GiB, 1.212],
  ['g5.4xlarge', 'A10G', 1, 16, 64 * GiB, 1.624],
  ['g5.8xlarge', 'A10G', 1, 32, 128 * GiB, 2.448],
  ['g5.12xlarge', 'A10G', 4, 48, 192 * GiB, 5.672],
  ['g5.16xlarge', 'A10G', 1, 64, 256 * GiB, 4.096],
  ['g5.24xlarge', 'A10G', 4, 96, 384 * GiB, 8.144],
  ['g5.48xlarge', 'A10G', 8, 192, 768 * GiB, 16.288],
  ['g6.xlarge', 'L4', 1, 4, 16 * GiB, 0.8048],
  ['g6.2xlarge', 'L4', 1, 8, 32 * GiB, 0.9776],
  ['g6.4xlarge', 'L4', 1, 16, 64 * GiB, 1.3232],
  ['g6.8xlarge', 'L4', 1, 32, 128 * GiB, 2.0144],
  ['g6.12xlarge', 'L4', 4, 48, 192 * GiB, 4.6016],
  ['g6.16xlarge', 'L4', 1, 64, 256 * GiB, 3.3968],
  ['g6.24xlarge', 'L4', 4, 96, 384 * GiB, 6.6752],
  ['g6.48xlarge', 'L4', 8, 192, 768 * GiB, 13.3504],
  ['g6e.xlarge', 'L40S', 1, 4, 32 * GiB, 1.861],
  ['g6e.2xlarge', 'L40S', 1, 8, 64 * GiB, 2.24208],
  ['g6e.4xlarge', 'L40S', 1, 16, 128 * GiB, 3.00424],
  ['g6e.8xlarge', 'L40S', 1, 32, 256 * GiB, 4.52856],
  ['g6e.12xlarge', 'L40S', 4, 48, 384 * GiB, 10.49264],
  ['g6e.16xlarge', 'L40S', 1, 64, 512 * GiB, 7.57719],
  ['g6e.24xlarge', 'L40S', 4, 96, 768 * GiB, 15.06559],
  ['g6e.48xlarge', 'L40S', 8, 192, 1536 * GiB, 30.13118],
];

/** AWS general-purpose, compute- and memory-optimised CPU types (us-east-1 on-demand prices). */
const CPU_ROWS: readonly Row[] = [
  ['m6i.large', null, 0, 2, 8 * GiB, 0.096],
  ['m6i.xlarge', null, 0, 4, 16 * GiB, 0.192],
  ['m6i.2xlarge', null, 0, 8, 32 * GiB, 0.384],
  ['m6i.4xlarge', null, 0, 16, 64 * GiB, 0.768],
  ['m6i.8xlarge', null, 0, 32, 128 * GiB, 1.536],
  ['m6i.12xlarge', null, 0, 48, 192 * GiB, 2.304],
  ['m6i.16xlarge', null, 0, 64, 256 * GiB, 3.072],
  ['m7i.large', null, 0, 2, 8 * GiB, 0.1008],
  ['m7i.xlarge', null, 0, 4, 16 * GiB, 0.2016],
  ['m7i.2xlarge', null, 0, 8, 32 * GiB, 0.4032],
  ['m7i.4xlarge', null, 0, 16, 64 * GiB, 0.8064],
  ['m7i.8xlarge', null, 0, 32, 128 * GiB, 1.6128],
  ['m7i.12xlarge', null, 0, 48, 192 * GiB, 2.4192],
  ['m7i.16xlarge', null, 0, 64, 256 * GiB, 3.2256],
  ['c6i.large', null, 0, 2, 4 * GiB, 0.085],
  ['c6i.xlarge', null, 0, 4, 8 * GiB, 0.17],
  ['c6i.2xlarge', null, 0, 8, 16 * GiB, 0.34],
  ['c6i.4xlarge', null, 0, 16, 32 * GiB, 0.68],
  ['c6i.8xlarge', null, 0, 32, 64 * GiB, 1.36],
  ['c6i.16xlarge', null, 0, 64, 128 * GiB, 2.72],
  ['c7i.large', null, 0, 2, 4 * GiB, 0.08925],
  ['c7i.xlarge', null, 0, 4, 8 * GiB, 0.1785],
  ['c7i.2xlarge', null, 0, 8, 16 * GiB, 0.357],
  ['c7i.4xlarge', null, 0, 16, 32 * GiB, 0.714],
  ['c7i.8xlarge', null, 0, 32, 64 * GiB, 1.428],
  ['c7i.16xlarge', null, 0, 64, 128 * GiB, 2.856],
  ['r6i.large', null, 0, 2, 16 * GiB, 0.126],
  ['r6i.xlarge', null, 0, 4, 32 * GiB, 0.252],
  ['r6i.2xlarge', null, 0, 8, 64 * GiB, 0.504],
  ['r6i.4xlarge', null, 0, 16, 128 * GiB, 1.008],
  ['r6i.8xlarge', null, 0, 32, 256 * GiB, 2.016],
];

/** Every AWS instance type of the catalogue, sorted by name. */
export const AWS_INSTANCE_TYPES: readonly InstanceType[] = [...build(GPU_ROWS), ...build(CPU_ROWS)].sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);
