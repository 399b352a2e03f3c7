/**
 * `resolve()`: the platform file with every default applied exactly once. Every later stage
 * (options, choose, repair, pools, pack, quotas, report) reads only these values, never the file.
 */
import { DEFAULT_KUBERNETES_MINOR } from '../../versions';
import type { CapacityType } from '../plan-types';
import {
  GPU_IDS,
  type CapacityPolicy,
  type GpuId,
  type GpuRequestSpec,
  type GpuSharingPolicy,
  type PlatformSpec,
  type Provider,
  type WorkloadSpec,
} from '../spec/schema';
import { providerRecord } from '../catalogue/providers';
import { cpuMilliOf, GIB, memoryBytesOf } from './quantity';
import { servingSharedMemoryBytes } from './serving-pod';
import { modelNameOf, resolveServing, resolveTraining, type ResolvedServing, type ResolvedTraining } from './serving';

/** Kubernetes minor the plan assumes when the file names none (defined with the supported minors). */
export const DEFAULT_KUBERNETES_VERSION = DEFAULT_KUBERNETES_MINOR;

/** A workload with defaults resolved. */
export interface ResolvedWorkload {
  readonly spec: WorkloadSpec;
  /** Path of the workload in the user's file, for messages. */
  readonly path: string;
  readonly name: string;
  readonly team: string;
  readonly replicas: number;
  readonly zoneSpread: boolean;
  /**
   * Whether no two replicas may share a node (a hostname anti-affinity), as the platform's
   * operators need for their own high availability.
   * @default false
   */
  readonly distinctNodes?: boolean;
  /**
   * The smallest node a replica may run on, raw vCPUs and MiB (before reservations).
   * @default - any node its requests fit
   */
  readonly minNode?: { readonly vcpus: number; readonly memoryMiB: number };
  readonly cpuFallback: boolean;
  /** CPU per replica from `resources.cpu`, when given. */
  readonly cpuMilli?: number;
  /** Memory per replica from `resources.memory`, when given. */
  readonly memoryBytes?: number;
  readonly capacity: CapacityType;
  /** Model display name, when the workload has a model. */
  readonly model?: string;
  /** Serving settings (inference, and Ray sized from a model). */
  readonly serving?: ResolvedServing;
  /** Training settings (training only). */
  readonly training?: ResolvedTraining;
}

/** A team with its defaults applied. */
export interface ResolvedTeam {
  readonly name: string;
  readonly weight: number;
  readonly namespace: string;
  /** Identity-provider groups, sorted. */
  readonly groups: readonly string[];
}

/** The whole platform file, resolved. */
export interface ResolvedPlatform {
  readonly name: string;
  readonly provider: Provider;
  /** Region as written (cloud providers); kind has none. */
  readonly region?: string;
  /** Zones as written, sorted; undefined means the region's default zones. */
  readonly zones?: readonly string[];
  readonly kubernetesVersion: string;
  readonly capacityPolicy: CapacityPolicy;
  readonly sharing: GpuSharingPolicy;
  /** GPU models the policy allows, in catalogue order. */
  readonly allowedGpus: readonly GpuId[];
  /** Teams sorted by name. */
  readonly teams: readonly ResolvedTeam[];
  /** Workloads sorted by name. */
  readonly workloads: readonly ResolvedWorkload[];
  /** Hugging Face access for gated models, as the file sets it. */
  readonly huggingFace?: { readonly tokenSecret: string };
}

/** Namespace of a team. */
export function teamNamespace(team: string): string {
  return `team-${team}`;
}

/** Applies every default of the platform file, once. The file's order of teams and workloads never matters. */
export function resolvePlatform(spec: PlatformSpec): ResolvedPlatform {
  const target = spec.spec.target;
  const policy = spec.spec.policy;
  const allowed = new Set(policy?.allowedGpus ?? GPU_IDS);
  return {
    name: spec.metadata.name,
    provider: target.provider,
    ...(target.region !== undefined ? { region: target.region } : {}),
    ...(target.zones !== undefined ? { zones: [...target.zones].sort() } : {}),
    kubernetesVersion: target.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    capacityPolicy: policy?.capacity ?? 'on-demand',
    sharing: policy?.gpuSharing ?? 'auto',
    allowedGpus: GPU_IDS.filter((id) => allowed.has(id)),
    teams: [...spec.spec.teams]
      .map((t) => ({ name: t.name, weight: t.weight ?? 1, namespace: teamNamespace(t.name), groups: [...(t.groups ?? [])].sort() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    workloads: resolveWorkloads(spec),
    ...(spec.spec.huggingFace ? { huggingFace: { tokenSecret: spec.spec.huggingFace.tokenSecret } } : {}),
  };
}

/**
 * Capacity type of a workload under the platform's policy.
 *
 * `spot-with-fallback` puts interruptible work (training, batch, Ray) on spot and keeps serving and
 * notebooks on on-demand, where a reclaimed node means dropped requests or lost sessions.
 */
export function capacityFor(policy: CapacityPolicy, type: WorkloadSpec['type']): CapacityType {
  if (policy === 'on-demand') return 'on-demand';
  if (policy === 'spot') return 'spot';
  return type === 'training' || type === 'batch' || type === 'ray' ? 'spot' : 'on-demand';
}

/** Applies defaults to every workload, sorted by name so the file's order never matters. */
export function resolveWorkloads(spec: PlatformSpec): ResolvedWorkload[] {
  const policy = spec.spec.policy?.capacity ?? 'on-demand';
  const fixedZone = providerRecord(spec.spec.target.provider).fixedZone !== undefined;
  return spec.spec.workloads
    .map((w, i) => ({
      spec: w,
      // undefined fields are left out of the plan by construction, so no spreads are needed here
      model: modelNameOf(w),
      serving: resolveServing(w, w.replicas ?? 1),
      training: resolveTraining(w),
      path: `spec.workloads[${i}]`,
      name: w.name,
      team: w.team,
      replicas: w.replicas ?? 1,
      // a cluster with one zone has nothing to spread over; nodes without zone labels would even refuse the pods
      zoneSpread: fixedZone ? false : (w.zoneSpread ?? false),
      cpuFallback: w.cpuFallback ?? false,
      cpuMilli: w.resources?.cpu !== undefined ? cpuMilliOf(w.resources.cpu) : undefined,
      memoryBytes: w.resources?.memory !== undefined ? memoryBytesOf(w.resources.memory) : undefined,
      capacity: capacityFor(policy, w.type),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * CPU and memory a replica requests when the file does not say, by workload type.
 *
 * Serving: 2 cores per GPU and host memory to stage the weights (at least 16 GiB) plus the
 * replica's `/dev/shm` (`servingSharedMemoryBytes`; a memory given in the file must include it). Training: 4
 * cores and 16 GiB per GPU for data loading. Notebooks and Ray workers: a small interactive
 * footprint. Batch: the least a container needs.
 */
export function defaultRequests(
  w: ResolvedWorkload,
  gpusPerReplica: number,
  weightsBytesPerReplica: number,
): { readonly cpuMilli: number; readonly memoryBytes: number } {
  const g = Math.max(1, Math.ceil(gpusPerReplica));
  let cpuMilli: number;
  let memoryBytes: number;
  switch (w.spec.type) {
    case 'inference':
      cpuMilli = 2000 * g;
      // the memory-backed /dev/shm is charged to the pod's memory, so the request carries it
      memoryBytes = Math.max(16 * GIB, Math.ceil(weightsBytesPerReplica / GIB) * GIB) + servingSharedMemoryBytes(gpusPerReplica);
      break;
    case 'training':
      cpuMilli = 4000 * g;
      memoryBytes = 16 * GIB * g;
      break;
    case 'notebook':
      cpuMilli = 1000;
      memoryBytes = 4 * GIB;
      break;
    case 'ray':
      cpuMilli = 2000 * g;
      memoryBytes = 8 * GIB * g;
      break;
    case 'batch':
      cpuMilli = 1000;
      memoryBytes = 2 * GIB;
      break;
  }
  return { cpuMilli: w.cpuMilli ?? cpuMilli, memoryBytes: w.memoryBytes ?? memoryBytes };
}

/** The GPU request of a workload without a model, or undefined for CPU-only work. */
export function gpuRequestOf(w: WorkloadSpec): GpuRequestSpec | undefined {
  if (w.type === 'notebook' || w.type === 'batch' || w.type === 'ray' || w.type === 'inference') return w.gpu;
  return undefined;
}
