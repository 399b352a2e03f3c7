import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { IMAGES } from '../../versions';
import { appLabels, PRIORITY_CLASS_LABEL, QUEUE_NAME_LABEL, WORKLOAD_LABEL } from '../common/labels';
import type { ContainerResources } from '../common/pod';
import { PRIORITY_CLASS_NAMES } from '../common/priority';
import type { PodPlacement } from '../common/scheduling';
import { workloadPod } from './workload-pod';

/** Properties for {@link BatchJob}. */
export interface BatchJobProps {
  /** Namespace of the job (the team's namespace). */
  readonly namespace: string;
  /**
   * Name of the Job.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Pods run in parallel; the job completes when each has succeeded once.
   *
   * @default 1
   */
  readonly parallelism?: number;
  /** CPU, memory and GPU of one pod. */
  readonly resources: ContainerResources;
  /**
   * Image of the job.
   *
   * @default - `IMAGES.pytorch`
   */
  readonly image?: string;
  /**
   * Command of the job (the container's `command`).
   *
   * @default - the image's entrypoint when `image` is given; with the default image, a check that
   *   prints whether PyTorch sees a GPU
   */
  readonly command?: readonly string[];
  /**
   * Arguments of the command (the container's `args`).
   *
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * Node selector and tolerations of the node pool.
   *
   * @default - schedule anywhere
   */
  readonly placement?: PodPlacement;
  /**
   * LocalQueue the job is admitted through (`kueue.x-k8s.io/queue-name`); the job is created
   * suspended and Kueue resumes it once admitted.
   *
   * @default - not managed by Kueue
   */
  readonly queue?: string;
  /**
   * Kueue WorkloadPriorityClass, only used with `queue`.
   *
   * @default 'cnai-batch'
   */
  readonly priorityClass?: string;
  /**
   * Retries before the job is marked failed.
   *
   * @default 3
   */
  readonly backoffLimit?: number;
}

/**
 * A generic batch job (`batch/v1` Job) admitted through Kueue: `parallelism` indexed pods with
 * explicit resources.
 */
export class BatchJob extends Construct {
  /** Kubernetes name of the Job. */
  public readonly jobName: string;
  /** The generated Job. */
  public readonly resource: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: BatchJobProps) {
    super(scope, id);
    this.jobName = props.name ?? id;
    const parallelism = props.parallelism ?? 1;
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new Error(`BatchJob '${this.jobName}': parallelism must be a whole number >= 1, got ${parallelism}`);
    }
    const kueueLabels: Record<string, string> = props.queue
      ? { [QUEUE_NAME_LABEL]: props.queue, [PRIORITY_CLASS_LABEL]: props.priorityClass ?? PRIORITY_CLASS_NAMES.batch }
      : {};
    const labels = { ...appLabels(this.jobName, 'batch'), [WORKLOAD_LABEL]: this.jobName };
    this.resource = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.jobName, namespace: props.namespace, labels: { ...labels, ...kueueLabels } },
      spec: {
        backoffLimit: props.backoffLimit ?? 3,
        completionMode: 'Indexed',
        completions: parallelism,
        parallelism,
        // Kueue unsuspends the job on admission; created running, it would bypass the quota
        ...(props.queue ? { suspend: true } : {}),
        template: {
          metadata: { labels },
          spec: workloadPod({
            container: 'job',
            image: props.image ?? IMAGES.pytorch,
            // a given image keeps its entrypoint unless a command replaces it
            ...(props.command !== undefined
              ? { command: props.command }
              : props.image === undefined
                ? { command: ['python', '-c', 'import torch; print("cuda available:", torch.cuda.is_available())'] }
                : {}),
            ...(props.args !== undefined ? { args: props.args } : {}),
            resources: props.resources,
            placement: props.placement,
            runAsUser: 1000,
            restartPolicy: 'Never',
          }),
        },
      },
    });
  }
}
