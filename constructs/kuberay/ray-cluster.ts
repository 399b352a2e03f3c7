import { Construct } from 'constructs';
import * as ray from '../imports/ray.io';
import { appLabels, PRIORITY_CLASS_LABEL, QUEUE_NAME_LABEL, WORKLOAD_LABEL } from '../common/labels';
import { PRIORITY_CLASS_NAMES } from '../common/priority';
import { type RayClusterOptions, rayClusterSpec } from './cluster-spec';

/** Properties for {@link RayCluster}. */
export interface RayClusterProps extends RayClusterOptions {
  /** Namespace of the cluster (the team's namespace). */
  readonly namespace: string;
  /**
   * Name of the RayCluster.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * LocalQueue the cluster is admitted through (`kueue.x-k8s.io/queue-name`); Kueue then owns
   * `spec.suspend` and starts the pods once the whole cluster fits the team's quota.
   *
   * @default - not managed by Kueue
   */
  readonly queue?: string;
  /**
   * Kueue WorkloadPriorityClass, only used with `queue`.
   *
   * @default 'cnai-training'
   */
  readonly priorityClass?: string;
}

/**
 * A long-running Ray cluster (KubeRay `ray.io/v1` RayCluster): a CPU head and a fixed group of
 * workers, admitted as one gang by Kueue.
 *
 * @see https://docs.ray.io/en/latest/cluster/kubernetes/getting-started/raycluster-quick-start.html
 */
export class RayCluster extends Construct {
  /** Kubernetes name of the RayCluster. */
  public readonly clusterName: string;
  /** The generated RayCluster. */
  public readonly resource: ray.RayCluster;

  constructor(scope: Construct, id: string, props: RayClusterProps) {
    super(scope, id);
    this.clusterName = props.name ?? id;
    this.resource = new ray.RayCluster(this, 'Resource', {
      metadata: {
        name: this.clusterName,
        namespace: props.namespace,
        labels: {
          ...appLabels(this.clusterName, 'ray'),
          [WORKLOAD_LABEL]: this.clusterName,
          ...(props.queue ? { [QUEUE_NAME_LABEL]: props.queue, [PRIORITY_CLASS_LABEL]: props.priorityClass ?? PRIORITY_CLASS_NAMES.training } : {}),
        },
      },
      spec: rayClusterSpec(this.clusterName, props),
    });
  }
}
