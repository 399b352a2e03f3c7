/**
 * The Plan contract (`cnai plan FILE --json`): plain serializable data, keys sorted on output.
 *
 * Units are in the names: bytes, milli-CPU, USD per hour. Everything the constructs and the
 * Pulumi components render comes from here.
 */
import type { CapacityPolicy, GpuId, GpuSharingPolicy, Provider, WorkloadType } from './spec/schema';

/** Hours in the month `cost.monthly` uses. */
export const HOURS_PER_MONTH = 730;

/**
 * Plan format version; bumped with any incompatible change (docs/upgrading.md). v1alpha2:
 * decisions and warnings are typed records instead of prose. v1alpha3: namespace quotas, the
 * search and stability records, the cost's method and bound assumptions, several pools per GPU
 * model, zone IDs on EKS. v1alpha4: guidance on large fleets (`cost.method.scope`, the
 * `kind-totals` bound) and each optimiser pool's `basePool`.
 */
export const PLAN_VERSION = 'cnai.dev/v1alpha4';

/** The previous version: everything v1alpha4 has but its new optional fields and values. */
export const V1ALPHA3_PLAN_VERSION = 'cnai.dev/v1alpha3';

/** An older typed version: everything v1alpha3 has but its new fields, which readers derive or leave out. */
export const TYPED_V1ALPHA2_PLAN_VERSION = 'cnai.dev/v1alpha2';

/** The first plan version: its decisions and warnings are prose, which `cnai diff` reads but never compares. */
export const PROSE_PLAN_VERSION = 'cnai.dev/v1alpha1';

/** Plan versions `cnai diff` still reads: their non-decision fields are unchanged. */
export const READABLE_PLAN_VERSIONS: readonly string[] = [PLAN_VERSION, V1ALPHA3_PLAN_VERSION, TYPED_V1ALPHA2_PLAN_VERSION, PROSE_PLAN_VERSION];

/** How the GPUs of a node pool are shared. */
export type SharingMode = 'exclusive' | 'mig' | 'time-slicing';

/** Capacity type of a node pool. */
export type CapacityType = 'on-demand' | 'spot';

/** One entry of a mig-parted `mig-devices` list. */
export interface MigDeviceGroup {
  /** `all` or GPU indices this entry applies to. */
  readonly devices: 'all' | readonly number[];
  /** MIG profile name to instance count, e.g. `{ "3g.40gb": 2 }`. */
  readonly profiles: Readonly<Record<string, number>>;
}

/** How a pool's GPUs are shared. */
export interface PoolSharing {
  readonly mode: SharingMode;
  /** For `mig`: the layout per GPU, as the GPU operator's mig-parted config expresses it. */
  readonly migDevices?: readonly MigDeviceGroup[];
  /** For `mig`: the config name nodes are labelled with (`nvidia.com/mig.config`). */
  readonly migConfigName?: string;
  /** For `time-slicing`: shared replicas advertised per physical GPU. */
  readonly replicas?: number;
}

/** A Kubernetes taint a pool's nodes carry. */
export interface PoolTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'NoExecute';
}

/** A node pool of the plan. */
export interface NodePoolPlan {
  /** Stable name: derived from content, never from the order of workloads. */
  readonly name: string;
  /**
   * The pool this one adds an instance type to, when its name is not its own: the optimiser names
   * a second instance type of a pool `<basePool>-<instance type>`. Absent when `name` is the base
   * (plans written before `cnai.dev/v1alpha4` lack it: read them with `basePoolOf`).
   */
  readonly basePool?: string;
  readonly provider: Provider;
  readonly instanceType: string;
  /** GPU model, or `null` for CPU pools. */
  readonly gpuModel: GpuId | null;
  readonly gpusPerNode: number;
  readonly nodes: number;
  readonly zones: readonly string[];
  readonly capacity: CapacityType;
  /** USD per hour for the whole pool (nodes × list price). */
  readonly hourlyCost: number;
  readonly sharing: PoolSharing;
  /** `system` runs the platform's operators; `gpu` and `cpu` run workloads. */
  readonly role: 'system' | 'cpu' | 'gpu';
  /** Node labels the pool's nodes carry (the Kueue ResourceFlavor selects on them). */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints the pool's nodes carry. */
  readonly taints: readonly PoolTaint[];
  /** Allocatable per node after system reservations. */
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number };
  /** Kubernetes extended resource the pool's workloads request (`nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, ...). */
  readonly gpuResources: readonly string[];
}

/** What one replica of a workload needs. */
export interface PerReplicaPlan {
  /** GPUs per replica; a fraction for a time-sliced share; 1 for a MIG slice. */
  readonly gpus: number;
  /** The sizing estimate: memory needed on each GPU the replica uses. */
  readonly gpuMemoryBytes: number;
  readonly migProfile?: string;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** The Kubernetes resource name and count the replica's pod requests. */
  readonly gpuResource?: { readonly name: string; readonly count: number };
}

/** Parallelism chosen for a workload. */
export interface ParallelismPlan {
  /** Tensor-parallel degree of an inference replica. */
  readonly tensorParallel?: number;
  /** ZeRO stage of a training job. */
  readonly zeroStage?: 0 | 1 | 2 | 3;
  /** Data-parallel GPUs of a training job. */
  readonly dataParallel?: number;
  /** Nodes a training job spans. */
  readonly nodes?: number;
  /** GPUs per node of a training job. */
  readonly gpusPerNode?: number;
  /** Whether a training job must recompute activations (gradient checkpointing) to fit. */
  readonly activationCheckpointing?: boolean;
}

/** A workload as planned. */
export interface WorkloadPlan {
  readonly name: string;
  readonly team: string;
  readonly type: WorkloadType;
  readonly replicas: number;
  readonly perReplica: PerReplicaPlan;
  readonly nodePool: string;
  readonly parallelism: ParallelismPlan;
  /** Model id or inline name, when the workload has a model. */
  readonly model?: string;
  /** Engine settings for serving (vLLM) where relevant. */
  readonly serving?: {
    readonly precision: string;
    readonly kvPrecision: string;
    readonly maxContextTokens: number;
    readonly concurrency: number;
    readonly gpuMemoryUtilization: number;
    readonly maxReplicas: number;
    /**
     * How a rollout replaces replicas (the Deployment's RollingUpdate bounds, in pods). The plan
     * reserves no surge capacity, so a new replica starts only after an old one stopped.
     */
    readonly rollout?: { readonly maxSurge: number; readonly maxUnavailable: number };
    /** Memory-backed `/dev/shm` of a replica, bytes; part of `perReplica.memoryBytes`. */
    readonly sharedMemoryBytes?: number;
  };
  /** Training settings where relevant. */
  readonly training?: {
    readonly method: string;
    readonly precision: string;
    readonly microBatch: number;
    readonly sequenceLength: number;
  };
  /**
   * The pod a controller adds beside the replicas, with its own pool: a RayCluster's head, which
   * needs no GPU and so is planned onto a CPU pool and counted in the team's quota there.
   */
  readonly head?: { readonly nodePool: string; readonly cpuMilli: number; readonly memoryBytes: number };
  readonly zoneSpread: boolean;
  /** True when the workload runs on CPU only (kind with `cpuFallback`). */
  readonly cpuFallback: boolean;
  readonly image?: string;
  /** The container command of a training or batch workload, as the platform file gives it. */
  readonly command?: readonly string[];
  /** The container arguments of a training or batch workload, as the platform file gives them. */
  readonly args?: readonly string[];
}

/** One replica's place. */
export interface Placement {
  readonly workload: string;
  readonly replica: number;
  readonly nodePool: string;
  readonly node: number;
  readonly zone: string;
  /** GPU indices on that node (empty for CPU work). */
  readonly gpus: readonly number[];
  readonly migProfile?: string;
  /** Time-sliced share of the GPU, in (0, 1]. */
  readonly share?: number;
}

/** A quota of one resource in one flavor. */
export interface ResourceQuota {
  readonly name: string;
  /** Whole units: milli-CPU for `cpu`, bytes for `memory`, devices otherwise. */
  readonly nominalQuota: number;
  readonly borrowingLimit?: number;
  readonly lendingLimit?: number;
}

/** A flavor's quotas inside a resource group. */
export interface FlavorQuotas {
  readonly name: string;
  readonly resources: readonly ResourceQuota[];
}

/** A Kueue resource group. */
export interface ResourceGroup {
  readonly coveredResources: readonly string[];
  readonly flavors: readonly FlavorQuotas[];
}

/** A Kueue ResourceFlavor, one per node pool. */
export interface ResourceFlavorPlan {
  readonly name: string;
  readonly nodePool: string;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly nodeTaints: readonly PoolTaint[];
  readonly tolerations: readonly { readonly key: string; readonly operator: 'Equal'; readonly value: string; readonly effect: string }[];
}

/** A Kueue ClusterQueue, one per team. */
export interface ClusterQueuePlan {
  readonly name: string;
  readonly team: string;
  readonly cohort: string;
  readonly weight: number;
  readonly namespace: string;
  readonly resourceGroups: readonly ResourceGroup[];
}

/** A Kueue LocalQueue in a team namespace. */
export interface LocalQueuePlan {
  readonly name: string;
  readonly namespace: string;
  readonly clusterQueue: string;
  readonly team: string;
}

/**
 * The hard limits of a team namespace's ResourceQuota, in the planner's units; the constructs only
 * format them as Kubernetes quantities. A key is absent where no pool offers the resource.
 */
export interface NamespaceQuotaHard {
  /** `requests.cpu`, milli-CPU. */
  readonly requestsCpuMilli?: number;
  /** `requests.memory`, bytes. */
  readonly requestsMemoryBytes?: number;
  /** `limits.memory`, bytes. */
  readonly limitsMemoryBytes?: number;
  /** `requests.<name>` per extended resource (`nvidia.com/gpu`, `nvidia.com/mig-3g.40gb`, ...), devices. */
  readonly requestsExtended: Readonly<Record<string, number>>;
}

/** A team namespace's ResourceQuota: the most the team could ever be admitted, a backstop behind Kueue. */
export interface NamespaceQuotaPlan {
  readonly team: string;
  readonly namespace: string;
  readonly hard: NamespaceQuotaHard;
}

/** Kueue objects derived from the plan, and the namespace quotas behind them. */
export interface QuotasPlan {
  readonly cohort: string;
  readonly resourceFlavors: readonly ResourceFlavorPlan[];
  readonly clusterQueues: readonly ClusterQueuePlan[];
  readonly localQueues: readonly LocalQueuePlan[];
  /** One per team, sorted by team: its namespace's ResourceQuota, derived from the ClusterQueues. */
  readonly namespaceQuotas: readonly NamespaceQuotaPlan[];
}

/**
 * What the optimiser stage did: `improved` (its plan is cheaper and is the plan), `heuristic-kept`
 * (it found nothing cheaper), `no-solver` (`plan()` was called without one), `above-threshold`
 * (the fleet is larger than the optimiser's thresholds), `not-applicable` (kind: no instance types).
 */
export type OptimiserOutcome = (typeof OPTIMISER_OUTCOMES)[number];

/** Every `OptimiserOutcome`. */
export const OPTIMISER_OUTCOMES = ['improved', 'heuristic-kept', 'no-solver', 'above-threshold', 'not-applicable'] as const;

/** How the plan and its lower bound were found. */
export interface CostMethod {
  /** `optimiser` when the optimiser's pools are the plan, else `heuristic` (the packer's). */
  readonly plan: 'heuristic' | 'optimiser';
  readonly optimiser: OptimiserOutcome;
  /**
   * `column-generation`: the Lagrangian bound of a column generation over node configurations
   * (valid even before it converges); `kind-totals`: the optimum of one LP over node kinds, every
   * pod on a kind that holds it and each kind's nodes covering its pods' totals (fleets above the
   * optimiser's pod threshold); `volume`: each resource priced alone at its cheapest unit price.
   */
  readonly bound: 'column-generation' | 'kind-totals' | 'volume';
  /** For `column-generation`: whether it converged (the LP optimum over every configuration was reached). */
  readonly boundConverged?: boolean;
  /**
   * Where the optimiser ran: whether the plan is proven to be the cheapest plan with one pool per
   * workload (every configuration that could beat it was enumerated; small fleets only).
   */
  readonly provenOptimal?: boolean;
  /**
   * `guidance`: the fleet is above the optimiser's pod threshold, so an LP over node kinds chose
   * each pod shape's option and instance type and the packer packed the pools (nothing is
   * proven); with `optimiser: above-threshold`, the fleet has more distinct pod shapes than
   * guidance takes. Absent: the whole optimiser ran, or none did.
   */
  readonly scope?: 'guidance';
}

/**
 * A rule of the plan a lower bound may honour or relax:
 * - `gpu-gangs`: a pod's GPUs on one node;
 * - `cpu-memory-per-node`: CPU and memory requests within each node's allocatable, with its GPUs;
 * - `node-shapes`: nodes come in the catalogue's instance types, whole (GPUs, CPU, memory together);
 * - `mig-placement`: MIG instances only in layouts the GPU's placement table allows;
 * - `gpu-by-gpu-shares`: time-sliced shares fit each GPU's compute and memory;
 * - `zone-spread`: spread replicas in the zones the plan puts them;
 * - `pod-limit`: at most 110 pods per node;
 * - `whole-nodes`: node counts are integers;
 * - `one-option-per-workload`: all replicas of a workload run the same way;
 * - `one-pool-per-workload`: all replicas of a workload in one pool of one instance type;
 * - `mig-layout-per-pool`: every GPU of a MIG pool carries the same layout.
 */
export type BoundRule = (typeof BOUND_RULES)[number];

/** Every `BoundRule`, in the order the plan lists them. */
export const BOUND_RULES = [
  'gpu-gangs',
  'cpu-memory-per-node',
  'node-shapes',
  'mig-placement',
  'gpu-by-gpu-shares',
  'zone-spread',
  'pod-limit',
  'whole-nodes',
  'one-option-per-workload',
  'one-pool-per-workload',
  'mig-layout-per-pool',
] as const;

/** What a lower bound holds every plan to, and what it lets go. */
export interface BoundAssumptions {
  readonly honours: readonly BoundRule[];
  readonly relaxes: readonly BoundRule[];
}

/** Cost of the plan, USD at catalogue list prices. */
export interface CostPlan {
  readonly hourly: number;
  /** 730 hours. */
  readonly monthly: number;
  readonly byTeam: Readonly<Record<string, number>>;
  readonly byNodePool: Readonly<Record<string, number>>;
  /** Hourly lower bound on the cost of any plan for the same demand, under what `boundAssumes` lists. */
  readonly lowerBoundHourly: number;
  /** `hourly / lowerBoundHourly - 1`. */
  readonly gapToLowerBound: number;
  /** How the plan and its lower bound were found. */
  readonly method: CostMethod;
  /** What the lower bound holds every plan to, and what it relaxes (so the gap can be read honestly). */
  readonly boundAssumes: BoundAssumptions;
  readonly currency: 'USD';
  /** Where the prices come from and their date. */
  readonly priceSource: string;
}

/** Provisioned versus requested resources. */
export interface UtilizationPlan {
  readonly gpus: { readonly provisioned: number; readonly requested: number };
  readonly gpuMemoryBytes: { readonly provisioned: number; readonly requested: number };
  readonly cpuMilli: { readonly provisioned: number; readonly requested: number };
  readonly memoryBytes: { readonly provisioned: number; readonly requested: number };
  /** Lower bound on GPUs any plan needs (Martello–Toth L2 over GPU shares). */
  readonly gpuLowerBound: number;
  /** MIG slices (compute slices of 7) created but not used, per pool. */
  readonly strandedMigSlices: Readonly<Record<string, number>>;
}

/** An instance type a pool was, or could have been, built on. */
export interface PoolChoice {
  readonly instanceType: string;
  readonly sharing: SharingMode;
  readonly nodes: number;
  /** USD per hour for the whole pool. */
  readonly hourlyCost: number;
}

/**
 * What made an instance type unable to host one replica of a pool, with the numbers (after
 * Karpenter's instance-type filter errors): `requested` of the replica, `available` per node.
 */
export interface FitFailure {
  /**
   * `gpus`: whole GPUs; `mig-profile`: the profile is not in the layout (1 requested, 0 available);
   * `gpu-memory`: bytes of a time-sliced share; `cpu`: milli-CPU; `memory`: bytes; `zones`: zones
   * of the target that sell the type, against the zones the workload must spread over (at least 1).
   */
  readonly kind: 'gpus' | 'mig-profile' | 'gpu-memory' | 'cpu' | 'memory' | 'zones';
  readonly workload: string;
  readonly requested: number;
  readonly available: number;
}

/** An instance type ruled out for a pool, and every reason. */
export interface RuledOut {
  readonly instanceType: string;
  readonly reasons: readonly FitFailure[];
}

/** One way a workload could run, as decisions report it. */
export interface OptionSummary {
  readonly gpuModel: GpuId;
  readonly sharing: SharingMode;
  /** GPUs per replica: whole GPUs, 1 for a MIG instance, the share when time-sliced. */
  readonly gpusPerReplica: number;
  readonly migProfile?: string;
  /** Sizing estimate: memory per GPU, bytes. */
  readonly gpuMemoryBytes: number;
  /** Estimated USD per hour of all its replicas: their dominant share of the cheapest fitting node. */
  readonly estimatedHourly: number;
}

/** Workloads of a pool that made the same choice. */
export interface MemberGroup {
  /** Workload names, sorted. */
  readonly workloads: readonly string[];
  /** The option chosen; absent for CPU-only work. */
  readonly option?: OptionSummary;
  /** The next best option of those workloads, where they had one. */
  readonly runnerUp?: OptionSummary;
  /** `head`: the group is the Ray heads of those workloads, not their replicas. */
  readonly role?: 'head';
}

/** A repair kept for a pool: the workloads moved onto it and what that saved. */
export interface Repair {
  readonly kind: 'moved-here';
  /** Pool the workloads left. */
  readonly from: string;
  readonly workloads: readonly string[];
  /** USD per hour the move saved. */
  readonly savedHourly: number;
}

/** Why a pool's instance type was chosen: an ordered enum of the rules the planner applies. */
export type DecisionBasis =
  /** The cheapest instance type that hosts every replica of the pool. */
  | 'cheapest-hosting-all'
  /** The platform's own operators: the cheapest general-purpose type of the provider record's minimum node size. */
  | 'system-operators'
  /** The cluster's own nodes (kind): one node sized by the sum of the requests. */
  | 'host-sized'
  /** The optimiser chose the pool's instance type and members for the whole plan at once. */
  | 'optimiser';

/** Why a pool looks the way it does. */
export interface Decision {
  readonly nodePool: string;
  readonly basis: DecisionBasis;
  readonly chosen: PoolChoice;
  /** The next cheapest instance type that could host every replica. */
  readonly runnerUp?: PoolChoice;
  /** Instance types of the pool's GPU model (or CPU types) that could not host some replica. */
  readonly ruledOut: readonly RuledOut[];
  /** The pool's workloads, grouped by the choice they made, largest group first. */
  readonly members: readonly MemberGroup[];
  readonly repairs: readonly Repair[];
}

/**
 * How the plan was chosen among restrictions of the policy (`planner/search/`): the restriction
 * whose plan was cheapest, how many were tried, and what the policy's own plan would cost.
 */
export interface SearchRecord {
  /** GPU models the kept plan was allowed, in catalogue order. */
  readonly gpuModels: readonly GpuId[];
  /** Sharing policy the kept plan was planned under (the file's, or one it relaxes). */
  readonly sharing: GpuSharingPolicy;
  /** Capacity policy the kept plan was planned under (the file's, or one it relaxes). */
  readonly capacityPolicy: CapacityPolicy;
  /** Restrictions planned, the policy's own included. */
  readonly candidates: number;
  /**
   * True when every restriction was planned, so allowing more never raises the cost; false for
   * fleets beyond the search's bounds, planned under the policy's own restriction only.
   */
  readonly exhaustive: boolean;
  /** USD per hour of the plan under the policy itself; absent when that plan is infeasible. */
  readonly unrestrictedHourly?: number;
}

/** A pool of the previous plan and whether the new plan keeps its instance type and nodes. */
export interface KeptPool {
  readonly nodePool: string;
  readonly instanceType: string;
  /** Nodes of the previous plan the new plan keeps (indices 0 to `keptNodes` - 1). */
  readonly keptNodes: number;
  /** Nodes the new plan adds after them. */
  readonly addedNodes: number;
}

/**
 * What planning with a previous plan (`cnai plan --previous`) kept, and what keeping costs over
 * the fresh optimum. Present only when the fresh plan would have disrupted the previous one.
 */
export interface StabilityRecord {
  /** `kept-previous`: the plan keeps the previous pools and placements; `replanned`: keeping cost more than the tolerance allows. */
  readonly outcome: 'kept-previous' | 'replanned';
  /** Most the plan may cost over the fresh optimum to keep the previous one, percent. */
  readonly tolerancePercent: number;
  /** USD per hour of the fresh optimum, planned without the previous plan. */
  readonly freshHourly: number;
  /** USD per hour of the plan that keeps the previous pools and placements. */
  readonly keepingHourly: number;
  /** `keepingHourly` over `freshHourly`, percent. */
  readonly overFreshPercent: number;
  /** Pools of the previous plan kept with their instance type. */
  readonly keptPools: readonly KeptPool[];
  /** Replicas whose node, GPUs and zone stay those of the previous plan, in the kept plan. */
  readonly keptPlacements: number;
  /** Nodes the fresh plan drains that the kept plan leaves alone. */
  readonly avoidedDrains: number;
}

/** Something a platform engineer should know before applying the plan, with its numbers. */
export type PlanWarning =
  /** Less than half of a GPU pool's GPUs are requested: the smallest node of the model is too big. */
  | {
      readonly code: 'idle-gpus';
      readonly nodePool: string;
      readonly gpuModel: GpuId;
      readonly instanceType: string;
      readonly requestedGpus: number;
      readonly provisionedGpus: number;
    }
  /** Time-sliced GPUs share memory with no isolation. */
  | { readonly code: 'time-slicing-no-isolation'; readonly nodePool: string }
  /** MIG placement on this GPU uses the H100 geometry, documented but not measured here. */
  | { readonly code: 'mig-geometry-unmeasured'; readonly nodePool: string; readonly gpuModel: GpuId }
  /** Serving on spot: a reclaimed node drops in-flight requests. */
  | { readonly code: 'spot-serving'; readonly workload: string }
  /** int4 sizes include an estimated quantization-scale overhead. */
  | { readonly code: 'int4-scale-estimate'; readonly workload: string }
  /** Fewer zone-spread replicas than zones. */
  | { readonly code: 'zone-spread-short'; readonly workload: string; readonly replicas: number; readonly zones: number }
  /**
   * The catalogue has no zone data for a pool's instance type (`no-data`), or the target names AWS
   * zones by name, which map to different zones in each account (`zone-names`): the pool is
   * planned as if every target zone sold the type.
   */
  | { readonly code: 'zones-unverified'; readonly nodePool: string; readonly instanceType: string; readonly basis: 'no-data' | 'zone-names' }
  /** GPU workloads run on CPU because the provider has no GPUs. */
  | { readonly code: 'cpu-fallback'; readonly provider: Provider; readonly workloads: readonly string[] };

/** A whole plan. */
export interface Plan {
  readonly apiVersion: typeof PLAN_VERSION;
  readonly platform: string;
  readonly provider: Provider;
  readonly region: string;
  readonly zones: readonly string[];
  readonly kubernetesVersion: string;
  readonly capacityPolicy: CapacityPolicy;
  readonly teams: readonly { readonly name: string; readonly weight: number; readonly namespace: string; readonly groups: readonly string[] }[];
  readonly workloads: readonly WorkloadPlan[];
  readonly nodePools: readonly NodePoolPlan[];
  readonly placements: readonly Placement[];
  readonly quotas: QuotasPlan;
  readonly cost: CostPlan;
  readonly utilization: UtilizationPlan;
  readonly decisions: readonly Decision[];
  /** How the plan was chosen among restrictions of the policy; `plan()` always sets it, plans read from older files may lack it. */
  readonly search?: SearchRecord;
  /** What a previous plan made the planner keep; only with `--previous` when keeping mattered. */
  readonly stability?: StabilityRecord;
  readonly warnings: readonly PlanWarning[];
  /** Hugging Face access for gated models; present exactly when the platform file sets `spec.huggingFace`. */
  readonly huggingFace?: { readonly tokenSecret: string };
}
