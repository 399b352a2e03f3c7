import { Construct } from 'constructs';
import * as trainer from '../imports/trainer.kubeflow.org';
import { appLabels, PRIORITY_CLASS_LABEL, QUEUE_NAME_LABEL, WORKLOAD_LABEL } from '../common/labels';
import { type ContainerResources, containerResources } from '../common/pod';
import { PRIORITY_CLASS_NAMES } from '../common/priority';
import { type PodPlacement, tolerationsFor } from '../common/scheduling';
import { TORCH_RUNTIME_NAME, TRAINER_NODE } from './training-runtime';

/** Manager name of the runtime patches this construct writes. */
export const RUNTIME_PATCH_MANAGER = 'cnai.dev/platform';

/** Properties for {@link TrainJob}. */
export interface TrainJobProps {
  /** Namespace of the job (the team's namespace). */
  readonly namespace: string;
  /**
   * Name of the TrainJob.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /** Nodes the job spans. */
  readonly numNodes: number;
  /** CPU, memory and GPUs of each node's trainer pod; the GPU count is the processes per node. */
  readonly resourcesPerNode: ContainerResources;
  /**
   * ClusterTrainingRuntime the job runs on.
   *
   * @default 'cnai-torch-distributed'
   */
  readonly runtime?: string;
  /**
   * Training command (`spec.trainer.command`).
   *
   * @default - the runtime image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Training arguments (`spec.trainer.args`).
   *
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * Trainer image (`spec.trainer.image`).
   *
   * @default - the runtime's image
   */
  readonly image?: string;
  /**
   * Node selector and tolerations of the node pool, applied as a runtime patch to the trainer pods.
   *
   * @default - schedule anywhere
   */
  readonly placement?: PodPlacement;
  /**
   * LocalQueue the job is admitted through (`kueue.x-k8s.io/queue-name`).
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
 * A distributed training job (Kubeflow Trainer `trainer.kubeflow.org/v1alpha1` TrainJob) on the
 * PyTorch ClusterTrainingRuntime: `numNodes` pods with `resourcesPerNode` each, one process per GPU,
 * admitted as one gang by Kueue.
 *
 * @see https://www.kubeflow.org/docs/components/trainer/
 */
export class TrainJob extends Construct {
  /** Kubernetes name of the TrainJob. */
  public readonly jobName: string;
  /** Processes per node (GPUs per node, or 1 without GPUs). */
  public readonly numProcPerNode: number;
  /** The generated TrainJob. */
  public readonly resource: trainer.TrainJob;

  constructor(scope: Construct, id: string, props: TrainJobProps) {
    super(scope, id);
    this.jobName = props.name ?? id;
    if (!Number.isInteger(props.numNodes) || props.numNodes < 1) {
      throw new Error(`TrainJob '${this.jobName}': numNodes must be a whole number >= 1, got ${props.numNodes}`);
    }
    const gpu = props.resourcesPerNode.gpu;
    this.numProcPerNode = gpu && gpu.count > 0 ? gpu.count : 1;
    const placement = props.placement;
    this.resource = new trainer.TrainJob(this, 'Resource', {
      metadata: {
        name: this.jobName,
        namespace: props.namespace,
        labels: {
          ...appLabels(this.jobName, 'training'),
          [WORKLOAD_LABEL]: this.jobName,
          ...(props.queue ? { [QUEUE_NAME_LABEL]: props.queue, [PRIORITY_CLASS_LABEL]: props.priorityClass ?? PRIORITY_CLASS_NAMES.training } : {}),
        },
      },
      spec: {
        runtimeRef: { apiGroup: 'trainer.kubeflow.org', kind: 'ClusterTrainingRuntime', name: props.runtime ?? TORCH_RUNTIME_NAME },
        trainer: {
          ...(props.image !== undefined ? { image: props.image } : {}),
          ...(props.command !== undefined ? { command: [...props.command] } : {}),
          ...(props.args !== undefined ? { args: [...props.args] } : {}),
          numNodes: props.numNodes,
          numProcPerNode: this.numProcPerNode,
          resourcesPerNode: containerResources(props.resourcesPerNode),
        },
        ...(placement
          ? {
              runtimePatches: [
                {
                  manager: RUNTIME_PATCH_MANAGER,
                  trainingRuntimeSpec: {
                    template: {
                      spec: {
                        replicatedJobs: [
                          {
                            name: TRAINER_NODE,
                            template: {
                              spec: {
                                template: {
                                  spec: {
                                    nodeSelector: { ...placement.nodeSelector },
                                    ...(placement.tolerations.length > 0 ? { tolerations: tolerationsFor(placement.tolerations) } : {}),
                                  },
                                },
                              },
                            },
                          },
                        ],
                      },
                    },
                  },
                },
              ],
            }
          : {}),
      },
    });
  }
}
