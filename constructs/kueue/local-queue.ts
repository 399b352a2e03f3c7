import { Construct } from 'constructs';
import * as kueue from '../imports/kueue.x-k8s.io';

/**
 * Name of the LocalQueue Kueue assigns to a job that names none (`constants.DefaultLocalQueueName`
 * at v0.19.2): its webhooks set `kueue.x-k8s.io/queue-name: default` when the namespace has one.
 */
export const DEFAULT_LOCAL_QUEUE = 'default';

/** Properties for {@link TeamLocalQueue}. */
export interface TeamLocalQueueProps {
  /** Namespace of the LocalQueue (the team's namespace). */
  readonly namespace: string;
  /** ClusterQueue the LocalQueue submits to. */
  readonly clusterQueue: string;
  /**
   * Name of the LocalQueue; workloads reference it with the `kueue.x-k8s.io/queue-name` label.
   *
   * @default - the construct id
   */
  readonly name?: string;
}

/**
 * A Kueue LocalQueue in a team namespace (`kueue.x-k8s.io/v1beta2`).
 *
 * @see https://kueue.sigs.k8s.io/docs/concepts/local_queue/
 */
export class TeamLocalQueue extends Construct {
  /** Kubernetes name of the LocalQueue. */
  public readonly queueName: string;
  /** The generated LocalQueue. */
  public readonly resource: kueue.LocalQueue;

  constructor(scope: Construct, id: string, props: TeamLocalQueueProps) {
    super(scope, id);
    this.queueName = props.name ?? id;
    this.resource = new kueue.LocalQueue(this, 'Resource', {
      metadata: { name: this.queueName, namespace: props.namespace },
      spec: { clusterQueue: props.clusterQueue },
    });
  }
}
