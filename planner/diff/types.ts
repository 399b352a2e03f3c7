/**
 * The result of comparing two plans: what a reviewer needs to approve a change to a platform.
 */
import type { CapacityType, DecisionBasis, FitFailure, PoolChoice, Repair, RuledOut, SharingMode } from '../plan-types';

/** A value before and after the change. */
export interface Change<T> {
  readonly before: T;
  readonly after: T;
}

/** A named field that changed. */
export interface FieldChange extends Change<string | number | null> {
  readonly field: string;
}

/** Which platform a plan is of. */
export interface PlanIdentity {
  readonly platform: string;
  readonly provider: string;
  readonly region: string;
}

/** A node pool in brief, for pools added or removed. */
export interface PoolSummary {
  readonly name: string;
  readonly role: 'system' | 'cpu' | 'gpu';
  readonly instanceType: string;
  readonly gpuModel: string | null;
  readonly gpusPerNode: number;
  readonly nodes: number;
  readonly capacity: CapacityType;
  readonly sharing: SharingMode;
  readonly zones: readonly string[];
  readonly hourlyCost: number;
}

/** A pool in both plans whose shape changed (`nodes`, `instanceType`, `capacity`, ...). */
export interface PoolChange {
  readonly name: string;
  readonly changes: readonly FieldChange[];
}

/** A pool whose MIG layout changed; `none` stands for a pool that is not partitioned. */
export interface MigLayoutChange extends Change<string> {
  readonly pool: string;
}

/** A pool whose time-slicing replicas per GPU changed; `null` where the pool is not time-sliced. */
export interface TimeSlicingChange extends Change<number | null> {
  readonly pool: string;
}

/**
 * Why nodes must be drained, most disruptive first:
 * - `pool-removed`: the pool is gone;
 * - `replaced`: instance type, GPU model, capacity type or zones changed, so every node is replaced;
 * - `sharing-mode`: the pool switches between exclusive, MIG and time-slicing;
 * - `mig-relayout`: the MIG layout changed and mig-manager re-partitions every GPU of a relabelled node;
 * - `scale-down`: the pool shrinks and its highest-index nodes go away.
 */
export type DrainReason = 'pool-removed' | 'replaced' | 'sharing-mode' | 'mig-relayout' | 'scale-down';

/**
 * Which change forced a drain:
 * - `replicas`: a workload of the pool changed its replica count;
 * - `option`: a workload changed how it runs (its pool, GPUs per replica, MIG profile, CPU or memory);
 * - `added` / `removed`: a workload joined the file in this pool, or left the file;
 * - `pool-removed`: no workload needs the pool any more;
 * - `instance-type`: no workload of the pool changed, but a cheaper instance type hosts the same replicas;
 * - `pool-shape`: no workload of the pool changed, but the pool's zones, capacity or sharing did.
 */
export interface DrainCause {
  readonly kind: 'replicas' | 'option' | 'added' | 'removed' | 'pool-removed' | 'instance-type' | 'pool-shape';
  /** The workload whose change forced the drain; absent for changes of the pool itself. */
  readonly workload?: string;
  readonly before: string | number | null;
  readonly after: string | number | null;
}

/** Nodes of one pool (by index, as placements number them) that must be drained. */
export interface NodeDrain {
  readonly pool: string;
  readonly nodes: readonly number[];
  readonly reason: DrainReason;
  /** The change behind the drain, in words. */
  readonly detail: string;
  /** What forced it: the workload changes in the pool, or the pool's own change when none. */
  readonly causes: readonly DrainCause[];
  /** Workload replicas the old plan placed on those nodes. */
  readonly evicted: readonly { readonly workload: string; readonly replica: number }[];
}

/** One quota field of one team, flavor and resource; `null` where absent. */
export interface QuotaChange extends Change<number | null> {
  readonly team: string;
  readonly flavor: string;
  readonly resource: string;
  readonly field: 'nominalQuota' | 'borrowingLimit' | 'lendingLimit';
}

/**
 * One hard limit of a team namespace's ResourceQuota; `null` where absent. `resource` is the
 * ResourceQuota key: `requests.cpu` (milli-CPU), `requests.memory` and `limits.memory` (bytes),
 * `requests.<extended resource>` (devices).
 */
export interface NamespaceQuotaChange extends Change<number | null> {
  readonly team: string;
  readonly resource: string;
}

/** An instance type ruled out in both plans for different reasons. */
export interface RuledOutChange {
  readonly instanceType: string;
  readonly before: readonly FitFailure[];
  readonly after: readonly FitFailure[];
}

/**
 * Why a pool in both plans changed: the parts of its decision that differ. A part that did not
 * change is absent (`basis`, `chosen`, `runnerUp`) or empty (the lists).
 */
export interface DecisionChange {
  readonly pool: string;
  readonly basis?: Change<DecisionBasis>;
  /** The instance type chosen or its sharing mode changed (node counts alone are a pool change). */
  readonly chosen?: Change<PoolChoice>;
  /** The runner-up's instance type or node count changed; `null` where there was none. */
  readonly runnerUp?: Change<PoolChoice | null>;
  readonly ruledOut: {
    /** Ruled out now, not before. */
    readonly added: readonly RuledOut[];
    /** Ruled out before, not now. */
    readonly removed: readonly RuledOut[];
    readonly changed: readonly RuledOutChange[];
  };
  readonly repairs: { readonly added: readonly Repair[]; readonly removed: readonly Repair[] };
}

/** Cost before and after, USD. */
export interface CostChange {
  readonly hourly: Change<number>;
  readonly monthly: Change<number>;
  readonly deltaHourly: number;
  readonly deltaMonthly: number;
  /** Change relative to the old hourly cost, percent; `null` when the old cost is 0. */
  readonly deltaPercent: number | null;
}

/** A workload in brief. */
export interface WorkloadRef {
  readonly name: string;
  readonly team: string;
  readonly nodePool: string;
}

/** A workload whose node pool changed. */
export interface WorkloadMove {
  readonly name: string;
  readonly team: string;
  readonly from: string;
  readonly to: string;
}

/** A workload whose replicas or per-replica resources changed. */
export interface WorkloadChange {
  readonly name: string;
  readonly team: string;
  readonly changes: readonly FieldChange[];
}

/** Everything that differs between two plans, each list sorted by name. */
export interface PlanDiff {
  readonly before: PlanIdentity;
  readonly after: PlanIdentity;
  /** Platform-wide settings: provider, region, zones, Kubernetes version, capacity policy. */
  readonly settings: readonly FieldChange[];
  readonly pools: {
    readonly added: readonly PoolSummary[];
    readonly removed: readonly PoolSummary[];
    readonly changed: readonly PoolChange[];
  };
  readonly migLayouts: readonly MigLayoutChange[];
  readonly timeSlicing: readonly TimeSlicingChange[];
  readonly drains: readonly NodeDrain[];
  readonly teams: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly quotas: readonly QuotaChange[];
  /** Team namespace ResourceQuotas, by team and key. */
  readonly namespaceQuotas: readonly NamespaceQuotaChange[];
  /**
   * Decisions of the pools in both plans, by pool; empty when either plan is `cnai.dev/v1alpha1`,
   * whose decisions are prose.
   */
  readonly decisions: readonly DecisionChange[];
  readonly cost: CostChange;
  readonly workloads: {
    readonly added: readonly WorkloadRef[];
    readonly removed: readonly WorkloadRef[];
    readonly moved: readonly WorkloadMove[];
    readonly changed: readonly WorkloadChange[];
  };
  /** False when the plans are the same in everything above. */
  readonly hasChanges: boolean;
}
