/**
 * Label and annotation keys shared by every construct.
 */

/** Kueue: the LocalQueue a workload is submitted to. */
export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';

/** Kueue: the WorkloadPriorityClass of a workload. */
export const PRIORITY_CLASS_LABEL = 'kueue.x-k8s.io/priority-class';

/** The node-pool label every pool of the plan carries. */
export const NODE_POOL_LABEL = 'cnai.dev/node-pool';

/** The team a namespaced object belongs to. */
export const TEAM_LABEL = 'cnai.dev/team';

/** The workload an object belongs to. */
export const WORKLOAD_LABEL = 'cnai.dev/workload';

/** Standard `app.kubernetes.io/part-of` value of everything the platform renders. */
export const PART_OF = 'cnai-platform';

/** Zone topology key used for `zoneSpread`. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/**
 * Standard recommended labels for an object of a component.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export function appLabels(name: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': PART_OF,
  };
}
