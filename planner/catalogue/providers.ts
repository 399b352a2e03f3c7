/**
 * Provider records: how each target runs GPUs, as data. Every stage of the planner reads what it
 * needs to know about a provider from here instead of testing the provider's name, so adding a
 * provider is a new record (plus its instance types and regions) and its Pulumi component.
 */
import type { Provider } from '../spec/schema';

/** How a provider partitions GPUs with MIG. */
export enum MigConfiguration {
  /** No MIG at all (kind). */
  NONE = 'none',
  /**
   * The GPU operator's MIG manager partitions each node from the mig-parted config its
   * `nvidia.com/mig.config` label names: any mix of profiles per GPU.
   */
  MIG_MANAGER = 'mig-manager',
  /**
   * The node pool's own GPU partition size (GKE `gpuPartitionSize`): one profile per pool, every
   * GPU cut into as many instances of it as fit.
   */
  PARTITION_SIZE = 'partition-size',
}

/** Memory the kubelet reserves per node, by the provider's published rule. */
export enum MemoryReservation {
  /** EKS AMIs: 255 MiB plus 11 MiB per pod the node may run. */
  PER_POD = 'per-pod',
  /** GKE: tiered share of the node's memory (25 % of the first 4 GiB, ...). */
  TIERED = 'tiered',
  /** kind: the host's own memory, nothing the plan can size. */
  NONE = 'none',
}

/**
 * The platform's own operators as a workload: what they request and the nodes they need. The
 * planner resolves it into a CPU workload of `nodes` replicas, one per node, that lands on the
 * pool with role `system` through the same stages as any other CPU work.
 */
export interface SystemWorkloadRecord {
  /**
   * What the operators request in total: cert-manager, Kueue, KServe, KubeRay, Trainer,
   * kube-prometheus-stack, MLflow and its database, sized from their charts' defaults.
   */
  readonly requests: { readonly cpuMilli: number; readonly memoryBytes: number };
  /** Fewest nodes they run on, for their own high availability. */
  readonly minNodes: number;
  /** Up to this many zones get a node each (more nodes than `minNodes` when the cluster spans more zones). */
  readonly maxZoneNodes: number;
  /** Smallest node they run on: general-purpose, at least this many vCPUs and MiB (raw, before reservations). */
  readonly minNode: { readonly vcpus: number; readonly memoryMiB: number };
}

/** The operators every cloud provider with a system pool runs (EKS and GKE install the same charts). */
export const PLATFORM_OPERATORS: SystemWorkloadRecord = {
  requests: { cpuMilli: 6000, memoryBytes: 20 * 1024 * 1024 * 1024 },
  minNodes: 2,
  maxZoneNodes: 3,
  minNode: { vcpus: 4, memoryMiB: 16 * 1024 },
};

/** What the planner knows about one provider. */
export interface ProviderRecord {
  readonly id: Provider;
  /** Whether the provider can give nodes GPUs at all. */
  readonly gpus: boolean;
  readonly migConfiguration: MigConfiguration;
  /**
   * Extended resource a MIG instance is requested as: per profile (`nvidia.com/mig-3g.40gb`, the
   * GPU operator's mixed strategy) or plain `nvidia.com/gpu` (GKE exposes each partition so).
   */
  readonly migResource: 'per-profile' | 'gpu';
  /** Extended resource a time-sliced share is requested as. */
  readonly sharedResource: string;
  /**
   * Whether GPU pools carry the GPU operator's per-pool config labels (`nvidia.com/mig.config`,
   * `nvidia.com/device-plugin.config`); providers that configure sharing on the node pool do not.
   */
  readonly operatorConfigLabels: boolean;
  readonly memoryReservation: MemoryReservation;
  /**
   * The platform's operators as a workload with a pool of their own (role `system`).
   * @default - none: the operators share the workers (kind)
   */
  readonly systemWorkload?: SystemWorkloadRecord;
  /**
   * Whether a node's size is the host's rather than the instance type's (kind): the pool is then
   * one node sized by the sum of the requests placed on it.
   */
  readonly hostSizedNodes: boolean;
  /** The one CPU pool's name where it is fixed by the cluster (kind's labelled workers). */
  readonly workerPool?: string;
  /** The zone every node is in where the cluster has no zones of its own. */
  readonly fixedZone?: string;
  /** The region name a plan reports where the provider has no regions. */
  readonly fixedRegion?: string;
}

/** Every provider's record. */
export const PROVIDER_RECORDS: Readonly<Record<Provider, ProviderRecord>> = {
  eks: {
    id: 'eks',
    gpus: true,
    migConfiguration: MigConfiguration.MIG_MANAGER,
    migResource: 'per-profile',
    // the device plugin's time-slicing config renames shared GPUs so they cannot be mistaken for whole ones
    sharedResource: 'nvidia.com/gpu.shared',
    operatorConfigLabels: true,
    memoryReservation: MemoryReservation.PER_POD,
    systemWorkload: PLATFORM_OPERATORS,
    hostSizedNodes: false,
  },
  gke: {
    id: 'gke',
    gpus: true,
    migConfiguration: MigConfiguration.PARTITION_SIZE,
    migResource: 'gpu',
    sharedResource: 'nvidia.com/gpu',
    operatorConfigLabels: false,
    memoryReservation: MemoryReservation.TIERED,
    systemWorkload: PLATFORM_OPERATORS,
    hostSizedNodes: false,
  },
  kind: {
    id: 'kind',
    gpus: false,
    migConfiguration: MigConfiguration.NONE,
    migResource: 'gpu',
    sharedResource: 'nvidia.com/gpu',
    operatorConfigLabels: false,
    memoryReservation: MemoryReservation.NONE,
    hostSizedNodes: true,
    // the kind cluster configuration labels its workers with this pool name
    workerPool: 'kind-workers',
    fixedZone: 'kind',
    fixedRegion: 'local',
  },
};

/** The record of a provider. */
export function providerRecord(provider: Provider): ProviderRecord {
  return PROVIDER_RECORDS[provider];
}
