/**
 * What a node offers to workloads once the kubelet, the OS and the platform's own DaemonSets
 * have taken their share. Packing against raw vCPU and RAM would plan pods that never schedule.
 */
import { MemoryReservation, providerRecord } from '../catalogue/providers';
import type { InstanceType } from '../catalogue/types';

/** Allocatable CPU and memory of one node. */
export interface Allocatable {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Pods per node the planner assumes (EKS and GKE both cap large nodes at 110 by default). */
export const MAX_PODS_PER_NODE = 110;

/**
 * CPU and memory the platform's DaemonSets take on every node (CNI, kube-proxy, node exporter,
 * log shipping) and, on GPU nodes, the GPU operator's (device plugin, DCGM exporter, feature discovery).
 */
export const DAEMONSET_OVERHEAD = {
  cpu: { cpuMilli: 300, memoryBytes: 512 * MIB },
  gpu: { cpuMilli: 500, memoryBytes: 1536 * MIB },
} as const;

/**
 * kube-reserved CPU by the tiered rule both EKS and GKE use: 6 % of the first core, 1 % of the
 * second, 0.5 % of the next two, 0.25 % of every core above four.
 */
export function kubeReservedCpuMilli(vcpus: number): number {
  const tiers: readonly [number, number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Infinity, 0.0025],
  ];
  let left = vcpus;
  let reserved = 0;
  for (const [cores, rate] of tiers) {
    const n = Math.min(left, cores);
    reserved += n * 1000 * rate;
    left -= n;
    if (left <= 0) break;
  }
  return Math.ceil(reserved);
}

/**
 * kube-reserved memory plus the hard eviction threshold.
 *
 * EKS: 255 MiB + 11 MiB per pod. GKE: 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the
 * next 8, 6 % of the next 112, 2 % above 128 GiB. Both add a 100 MiB eviction threshold.
 */
export function kubeReservedMemoryBytes(provider: InstanceType['provider'], memoryBytes: number): number {
  const eviction = 100 * MIB;
  const rule = providerRecord(provider).memoryReservation;
  if (rule === MemoryReservation.NONE) return 0;
  if (rule === MemoryReservation.PER_POD) return 255 * MIB + 11 * MIB * MAX_PODS_PER_NODE + eviction;
  const tiers: readonly [number, number][] = [
    [4 * GIB, 0.25],
    [4 * GIB, 0.2],
    [8 * GIB, 0.1],
    [112 * GIB, 0.06],
    [Infinity, 0.02],
  ];
  let left = memoryBytes;
  let reserved = 0;
  for (const [size, rate] of tiers) {
    const n = Math.min(left, size);
    reserved += n * rate;
    left -= n;
    if (left <= 0) break;
  }
  return Math.ceil(reserved) + eviction;
}

const cache = new WeakMap<InstanceType, Allocatable>();

/** Allocatable resources of one node of `type` (memoised: the catalogue is immutable). */
export function allocatableOf(type: InstanceType): Allocatable {
  let a = cache.get(type);
  if (!a) {
    a = computeAllocatable(type);
    cache.set(type, a);
  }
  return a;
}

function computeAllocatable(type: InstanceType): Allocatable {
  const memoryBytes = type.memoryMiB * MIB;
  const overhead = type.gpus > 0 ? DAEMONSET_OVERHEAD.gpu : DAEMONSET_OVERHEAD.cpu;
  return {
    cpuMilli: Math.max(0, type.vcpus * 1000 - kubeReservedCpuMilli(type.vcpus) - overhead.cpuMilli),
    memoryBytes: Math.max(0, memoryBytes - kubeReservedMemoryBytes(type.provider, memoryBytes) - overhead.memoryBytes),
  };
}
