import { Construct } from 'constructs';
import { IMAGES } from '../../versions';
import * as trainer from '../imports/trainer.kubeflow.org';
import { appLabels } from '../common/labels';
import { containerResources, restrictedContainerSecurity, restrictedPodSecurity, scratchVolumes, TMP_DIR } from '../common/pod';

/** Default name of the PyTorch ClusterTrainingRuntime. */
export const TORCH_RUNTIME_NAME = 'cnai-torch-distributed';

/** Name of the replicated job (and container) that runs the trainer, as upstream's runtimes name it. */
export const TRAINER_NODE = 'node';

/** Properties for {@link TorchTrainingRuntime}. */
export interface TorchTrainingRuntimeProps {
  /**
   * Name of the ClusterTrainingRuntime.
   *
   * @default 'cnai-torch-distributed'
   */
  readonly name?: string;
  /**
   * PyTorch image.
   *
   * @default - `IMAGES.pytorch` from versions.ts (Trainer v2.3.0's torch runtime image)
   */
  readonly image?: string;
}

/**
 * A Kubeflow Trainer ClusterTrainingRuntime for distributed PyTorch (`trainer.kubeflow.org/v1alpha1`).
 *
 * Upstream's `torch-distributed` with the security baseline added: a non-root user, a read-only
 * root filesystem, `/tmp` and an in-memory `/dev/shm` (NCCL and data loaders need it). Named
 * apart from upstream's so the Trainer chart's own runtimes can coexist.
 *
 * @see https://www.kubeflow.org/docs/components/trainer/operator-guides/runtime/
 */
export class TorchTrainingRuntime extends Construct {
  /** Kubernetes name of the ClusterTrainingRuntime. */
  public readonly runtimeName: string;
  /** The generated ClusterTrainingRuntime. */
  public readonly resource: trainer.ClusterTrainingRuntime;

  constructor(scope: Construct, id: string, props: TorchTrainingRuntimeProps = {}) {
    super(scope, id);
    this.runtimeName = props.name ?? TORCH_RUNTIME_NAME;
    const scratch = scratchVolumes([TMP_DIR, { name: 'dshm', path: '/dev/shm', memory: true }]);
    this.resource = new trainer.ClusterTrainingRuntime(this, 'Resource', {
      metadata: {
        name: this.runtimeName,
        labels: { ...appLabels(this.runtimeName, 'training-runtime'), 'trainer.kubeflow.org/framework': 'torch' },
      },
      spec: {
        mlPolicy: { numNodes: 1, torch: {} },
        template: {
          spec: {
            replicatedJobs: [
              {
                name: TRAINER_NODE,
                template: {
                  metadata: { labels: { 'trainer.kubeflow.org/trainjob-ancestor-step': 'trainer' } },
                  spec: {
                    template: {
                      spec: {
                        automountServiceAccountToken: false,
                        containers: [
                          {
                            name: TRAINER_NODE,
                            image: props.image ?? IMAGES.pytorch,
                            env: [{ name: 'HOME', value: '/tmp' }],
                            // each TrainJob sets resourcesPerNode; this only bounds a job that does not
                            resources: containerResources({ cpuMilli: 1000, memoryBytes: 4 * 1024 ** 3 }),
                            securityContext: restrictedContainerSecurity(),
                            volumeMounts: scratch.mounts,
                          },
                        ],
                        securityContext: restrictedPodSecurity(1000),
                        volumes: scratch.volumes,
                      },
                    },
                  },
                },
              },
            ],
          },
        },
      },
    });
  }
}
