import { Construct } from 'constructs';
import type { ResourceGroup } from '../../planner/plan-types';
import * as kueue from '../imports/kueue.x-k8s.io';
import { quotaQuantity } from './quota-quantity';

/** Properties for {@link GpuClusterQueue}. */
export interface GpuClusterQueueProps {
  /**
   * Name of the ClusterQueue; the plan uses the team's name.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Quota per resource group, flavor and resource, in the plan's units: `cpu` milli-CPU,
   * `memory` bytes, devices (GPUs, MIG slices, shared GPUs) as whole numbers.
   */
  readonly resourceGroups: readonly ResourceGroup[];
  /**
   * Cohort this queue lends to and borrows from (`spec.cohortName`).
   *
   * @default - no cohort; the queue never borrows or lends
   */
  readonly cohort?: string;
  /**
   * Fair-sharing weight in the cohort (`spec.fairSharing.weight`).
   *
   * @default 1
   */
  readonly fairSharingWeight?: number;
  /**
   * Namespaces whose LocalQueues may point at this queue.
   *
   * @default - every namespace
   */
  readonly namespaces?: readonly string[];
}

/**
 * A Kueue ClusterQueue whose quotas come from the planner (`kueue.x-k8s.io/v1beta2`).
 *
 * Preemption: a queue reclaims its nominal quota from borrowers of any priority, and inside the
 * queue higher priority (serving) preempts lower (batch).
 *
 * @see https://kueue.sigs.k8s.io/docs/concepts/cluster_queue/
 * @example
 * new GpuClusterQueue(chart, 'research', {
 *   cohort: 'acme-ml',
 *   resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: 'h100-pool', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 8 }] }] }],
 * });
 */
export class GpuClusterQueue extends Construct {
  /** Kubernetes name of the ClusterQueue. */
  public readonly queueName: string;
  /** Effective fair-sharing weight. */
  public readonly fairSharingWeight: number;
  /** The generated ClusterQueue. */
  public readonly resource: kueue.ClusterQueue;

  constructor(scope: Construct, id: string, props: GpuClusterQueueProps) {
    super(scope, id);
    this.queueName = props.name ?? id;
    this.fairSharingWeight = props.fairSharingWeight ?? 1;
    if (!(this.fairSharingWeight > 0)) {
      throw new Error(`ClusterQueue '${this.queueName}': fairSharingWeight must be > 0, got ${this.fairSharingWeight}`);
    }
    const groups = props.resourceGroups.map((g, i) => renderGroup(this.queueName, g, i));
    const namespaces = props.namespaces ? [...props.namespaces].sort() : undefined;
    this.resource = new kueue.ClusterQueue(this, 'Resource', {
      metadata: { name: this.queueName },
      spec: {
        ...(props.cohort !== undefined ? { cohortName: props.cohort } : {}),
        fairSharing: { weight: kueue.ClusterQueueSpecFairSharingWeight.fromString(String(this.fairSharingWeight)) },
        namespaceSelector: namespaces ? { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: namespaces }] } : {},
        preemption: {
          reclaimWithinCohort: kueue.ClusterQueueSpecPreemptionReclaimWithinCohort.ANY,
          withinClusterQueue: kueue.ClusterQueueSpecPreemptionWithinClusterQueue.LOWER_PRIORITY,
        },
        queueingStrategy: kueue.ClusterQueueSpecQueueingStrategy.BEST_EFFORT_FIFO,
        resourceGroups: groups,
      },
    });
  }
}

/**
 * One resource group; Kueue requires every flavor to list exactly the covered resources, in the
 * same order, so that order is enforced here rather than rejected by the API server.
 */
function renderGroup(queue: string, group: ResourceGroup, index: number): kueue.ClusterQueueSpecResourceGroups {
  const covered = [...group.coveredResources];
  if (covered.length === 0 || group.flavors.length === 0) {
    throw new Error(`ClusterQueue '${queue}': resourceGroups[${index}] needs at least one covered resource and one flavor`);
  }
  return {
    coveredResources: covered,
    flavors: group.flavors.map((f) => {
      const byName = new Map(f.resources.map((r) => [r.name, r]));
      const extra = f.resources.filter((r) => !covered.includes(r.name)).map((r) => r.name);
      const missing = covered.filter((c) => !byName.has(c));
      if (extra.length > 0 || missing.length > 0) {
        throw new Error(
          `ClusterQueue '${queue}': flavor '${f.name}' in resourceGroups[${index}] must list exactly the covered resources [${covered.join(', ')}]` +
            (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
            (extra.length > 0 ? `; not covered: ${extra.join(', ')}` : ''),
        );
      }
      return {
        name: f.name,
        resources: covered.map((name) => {
          const r = byName.get(name)!;
          return {
            name,
            nominalQuota: wrap(kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesNominalQuota, quotaQuantity(name, r.nominalQuota)),
            ...(r.borrowingLimit !== undefined
              ? { borrowingLimit: wrap(kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesBorrowingLimit, quotaQuantity(name, r.borrowingLimit)) }
              : {}),
            ...(r.lendingLimit !== undefined
              ? { lendingLimit: wrap(kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesLendingLimit, quotaQuantity(name, r.lendingLimit)) }
              : {}),
          };
        }),
      };
    }),
  };
}

/** The generated quantity classes differ only in name; each has `fromNumber` and `fromString`. */
interface QuantityFactory<T> {
  fromNumber(value: number): T;
  fromString(value: string): T;
}

function wrap<T>(factory: QuantityFactory<T>, value: string | number): T {
  return typeof value === 'number' ? factory.fromNumber(value) : factory.fromString(value);
}
