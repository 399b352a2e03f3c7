import { Construct } from 'constructs';
import { IMAGES } from '../../versions';
import * as ray from '../imports/ray.io';
import { appLabels, PRIORITY_CLASS_LABEL, QUEUE_NAME_LABEL, WORKLOAD_LABEL } from '../common/labels';
import { containerResources, restrictedContainerSecurity, restrictedPodSecurity, scratchVolumes, TMP_DIR } from '../common/pod';
import { PRIORITY_CLASS_NAMES } from '../common/priority';
import { type RayClusterOptions, rayClusterSpec } from './cluster-spec';

/** Properties for {@link RayJob}. */
export interface RayJobProps extends RayClusterOptions {
  /** Namespace of the job (the team's namespace). */
  readonly namespace: string;
  /** Command the job runs on the cluster (`spec.entrypoint`), e.g. `python train.py`. */
  readonly entrypoint: string;
  /**
   * Name of the RayJob.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * LocalQueue the job is admitted through (`kueue.x-k8s.io/queue-name`).
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
   * Seconds the job may run before it is stopped.
   *
   * @default - no deadline
   */
  readonly activeDeadlineSeconds?: number;
}

/**
 * A Ray job on its own cluster (KubeRay `ray.io/v1` RayJob): the cluster is created for the job
 * and deleted when it finishes (`shutdownAfterJobFinishes`, which Kueue requires).
 *
 * @see https://docs.ray.io/en/latest/cluster/kubernetes/getting-started/rayjob-quick-start.html
 */
export class RayJob extends Construct {
  /** Kubernetes name of the RayJob. */
  public readonly jobName: string;
  /** The generated RayJob. */
  public readonly resource: ray.RayJob;

  constructor(scope: Construct, id: string, props: RayJobProps) {
    super(scope, id);
    this.jobName = props.name ?? id;
    if (props.entrypoint.trim() === '') {
      throw new Error(`RayJob '${this.jobName}': entrypoint must not be empty`);
    }
    const scratch = scratchVolumes([TMP_DIR]);
    this.resource = new ray.RayJob(this, 'Resource', {
      metadata: {
        name: this.jobName,
        namespace: props.namespace,
        labels: {
          ...appLabels(this.jobName, 'ray'),
          [WORKLOAD_LABEL]: this.jobName,
          ...(props.queue ? { [QUEUE_NAME_LABEL]: props.queue, [PRIORITY_CLASS_LABEL]: props.priorityClass ?? PRIORITY_CLASS_NAMES.batch } : {}),
        },
      },
      spec: {
        entrypoint: props.entrypoint,
        ...(props.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: props.activeDeadlineSeconds } : {}),
        rayClusterSpec: rayClusterSpec(this.jobName, props),
        shutdownAfterJobFinishes: true,
        // the submitter pod is rendered here so it meets the same baseline as the cluster
        submitterPodTemplate: {
          spec: {
            automountServiceAccountToken: false,
            containers: [
              {
                name: 'ray-job-submitter',
                image: IMAGES.ray,
                env: [{ name: 'HOME', value: '/tmp' }],
                resources: containerResources({ cpuMilli: 500, memoryBytes: 1024 ** 3 }),
                securityContext: restrictedContainerSecurity(),
                volumeMounts: scratch.mounts,
              },
            ],
            restartPolicy: 'Never',
            securityContext: restrictedPodSecurity(1000),
            volumes: scratch.volumes,
          },
        },
        ttlSecondsAfterFinished: 3600,
      },
    });
  }
}
