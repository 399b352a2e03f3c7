import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { SERVING_ROLLOUT, servingSharedMemoryBytes } from '../../planner/resolve/serving-pod';
import { IMAGES } from '../../versions';
import * as kserve from '../imports/serving.kserve.io';
import { appLabels, PRIORITY_CLASS_LABEL, QUEUE_NAME_LABEL, WORKLOAD_LABEL } from '../common/labels';
import { type ContainerResources, containerResources, restrictedContainerSecurity, restrictedPodSecurity, scratchVolumes, TMP_DIR } from '../common/pod';
import { PRIORITY_CLASS_NAMES } from '../common/priority';
import { type PodPlacement, tolerationsFor, zoneSpread } from '../common/scheduling';
import { type VllmEngineOptions, vllmArgs } from './vllm-args';
import { VLLM_ENV, VLLM_MODEL_FORMAT, VLLM_RUNTIME_NAME } from './vllm-runtime';

/** How a Deployment rollout replaces replicas, in pods. */
export interface RolloutBounds {
  /** Pods started above the replica count during a rollout. */
  readonly maxSurge: number;
  /** Pods below the replica count during a rollout. */
  readonly maxUnavailable: number;
}

/** Properties for {@link InferenceService}. */
export interface InferenceServiceProps {
  /** Namespace of the service (the team's namespace). */
  readonly namespace: string;
  /**
   * Name of the InferenceService, also the served model name.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /** Where the weights are: `hf://org/repo`, `s3://bucket/path`, `gs://...`, `pvc://claim/path`. */
  readonly storageUri: string;
  /** CPU, memory and GPU of one replica. */
  readonly resources: ContainerResources;
  /**
   * vLLM engine settings.
   *
   * @default - bf16, tensor parallel 1, GPU memory utilisation 0.9
   */
  readonly engine?: VllmEngineOptions;
  /**
   * Image of the model server, replacing the runtime's (KServe merges the model container over
   * the runtime's); it must serve vLLM's OpenAI API with the runtime's command.
   *
   * @default - the ServingRuntime's vLLM image on GPUs, `IMAGES.vllmCpu` without
   */
  readonly image?: string;
  /**
   * Replicas kept running.
   *
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Replicas the autoscaler may add up to.
   *
   * @default - minReplicas
   */
  readonly maxReplicas?: number;
  /**
   * Node selector and tolerations of the node pool.
   *
   * @default - schedule anywhere
   */
  readonly placement?: PodPlacement;
  /**
   * Spread replicas evenly across zones.
   *
   * @default false
   */
  readonly zoneSpread?: boolean;
  /**
   * LocalQueue the service's pods are admitted through (`kueue.x-k8s.io/queue-name`).
   *
   * @default - not managed by Kueue
   */
  readonly queue?: string;
  /**
   * Kueue WorkloadPriorityClass, only used with `queue`.
   *
   * @default 'cnai-serving'
   */
  readonly priorityClass?: string;
  /**
   * ServingRuntime that runs the model.
   *
   * @default 'cnai-vllm'
   */
  readonly runtime?: string;
  /**
   * ServiceAccount of the replicas. KServe's storage-initializer mounts the credentials of the
   * Secrets this account lists (a Secret with key `HF_TOKEN` for gated Hugging Face models); see
   * {@link ModelDownloadServiceAccount}.
   *
   * @default - the namespace's `default` account (anonymous downloads)
   */
  readonly serviceAccountName?: string;
  /**
   * Rollout bounds of the predictor Deployment.
   *
   * @default - `SERVING_ROLLOUT` (maxSurge 0, maxUnavailable 1): quota and nodes are planned full
   */
  readonly rollout?: RolloutBounds;
  /**
   * Size limit of the memory-backed `/dev/shm`, bytes; it counts against the replica's memory.
   *
   * @default - `servingSharedMemoryBytes` of the replica's GPU count (1 GiB per GPU)
   */
  readonly sharedMemoryBytes?: number;
  /**
   * Non-root user the server runs as.
   *
   * @default 1000
   */
  readonly runAsUser?: number;
}

/**
 * An LLM served by KServe on vLLM (`serving.kserve.io/v1beta1` InferenceService, Standard
 * deployment mode, HPA between min and max replicas) plus a PodDisruptionBudget that lets node
 * drains take at most one replica at a time. Rollouts replace replicas without surging (quota
 * and nodes are planned full), `/dev/shm` is bounded, and with `serviceAccountName` the
 * storage-initializer downloads with the Secrets that account lists.
 *
 * GPUs: the resource name says the sharing: `nvidia.com/gpu` (whole GPUs or GKE slices),
 * `nvidia.com/mig-<profile>` (MIG, mixed strategy) or `nvidia.com/gpu.shared` (time-slicing).
 * Without a GPU the replica runs vLLM's CPU image.
 *
 * @see https://kserve.github.io/website/docs/model-serving/generative-inference/overview
 * @example
 * new InferenceService(chart, 'chat', {
 *   namespace: 'team-product', storageUri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
 *   resources: { cpuMilli: 4000, memoryBytes: 32 * 2 ** 30, gpu: { name: 'nvidia.com/gpu', count: 1 } },
 *   engine: { maxContextTokens: 8192, concurrency: 32 }, minReplicas: 2, zoneSpread: true,
 * });
 */
export class InferenceService extends Construct {
  /** Kubernetes name of the InferenceService. */
  public readonly serviceName: string;
  /** Effective lower replica bound. */
  public readonly minReplicas: number;
  /** Effective upper replica bound. */
  public readonly maxReplicas: number;
  /** Labels on every replica's pod. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** The generated InferenceService. */
  public readonly resource: kserve.InferenceService;
  /** The generated PodDisruptionBudget. */
  public readonly disruptionBudget: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    this.serviceName = props.name ?? id;
    this.minReplicas = props.minReplicas ?? 1;
    this.maxReplicas = props.maxReplicas ?? this.minReplicas;
    if (!Number.isInteger(this.minReplicas) || this.minReplicas < 1 || !Number.isInteger(this.maxReplicas) || this.maxReplicas < this.minReplicas) {
      throw new Error(
        `InferenceService '${this.serviceName}': need whole replicas with 1 <= minReplicas <= maxReplicas, got ${this.minReplicas}..${this.maxReplicas}`,
      );
    }
    const gpu = props.resources.gpu;
    const onGpu = gpu !== undefined && gpu.count > 0;
    const tp = props.engine?.tensorParallel ?? 1;
    if (onGpu && gpu.name.startsWith('nvidia.com/mig-') && tp > 1) {
      // NCCL cannot span MIG instances, so a sliced replica must fit one slice
      throw new Error(
        `InferenceService '${this.serviceName}': tensor parallelism ${tp} is impossible on MIG slices (${gpu.name}); use whole GPUs or tensorParallel 1`,
      );
    }
    if (onGpu && tp > 1 && gpu.count !== tp) {
      throw new Error(`InferenceService '${this.serviceName}': tensor parallelism ${tp} needs ${tp} GPUs per replica, got ${gpu.count} of ${gpu.name}`);
    }
    this.podLabels = { ...appLabels(this.serviceName, 'inference'), [WORKLOAD_LABEL]: this.serviceName };
    const kueueLabels: Record<string, string> = props.queue
      ? { [QUEUE_NAME_LABEL]: props.queue, [PRIORITY_CLASS_LABEL]: props.priorityClass ?? PRIORITY_CLASS_NAMES.serving }
      : {};
    const shmBytes = props.sharedMemoryBytes ?? servingSharedMemoryBytes(onGpu ? gpu.count : 0);
    if (shmBytes >= props.resources.memoryBytes) {
      throw new Error(
        `InferenceService '${this.serviceName}': /dev/shm of ${shmBytes} bytes leaves nothing of the ${props.resources.memoryBytes}-byte memory request; raise the memory or lower sharedMemoryBytes`,
      );
    }
    const rollout = props.rollout ?? SERVING_ROLLOUT;
    if (![rollout.maxSurge, rollout.maxUnavailable].every((n) => Number.isInteger(n) && n >= 0) || rollout.maxSurge + rollout.maxUnavailable === 0) {
      // the Deployment API rejects maxSurge and maxUnavailable both 0: the rollout could never progress
      throw new Error(
        `InferenceService '${this.serviceName}': rollout needs whole maxSurge and maxUnavailable >= 0, not both 0, got ${rollout.maxSurge} and ${rollout.maxUnavailable}`,
      );
    }
    const scratch = scratchVolumes([TMP_DIR, { name: 'dshm', path: '/dev/shm', memory: true, sizeBytes: shmBytes }]);
    const model: k8s.Container = {
      name: 'kserve-container',
      args: vllmArgs(props.engine ?? {}, onGpu),
      env: VLLM_ENV.map((e) => ({ ...e })),
      ...(props.image !== undefined ? { image: props.image } : onGpu ? {} : { image: IMAGES.vllmCpu }),
      resources: containerResources(props.resources),
      securityContext: restrictedContainerSecurity(),
      volumeMounts: scratch.mounts,
    };
    this.resource = new kserve.InferenceService(this, 'Resource', {
      metadata: {
        name: this.serviceName,
        namespace: props.namespace,
        labels: { ...appLabels(this.serviceName, 'inference'), [WORKLOAD_LABEL]: this.serviceName, ...kueueLabels },
        annotations: {
          'serving.kserve.io/autoscalerClass': 'hpa',
          'serving.kserve.io/deploymentMode': 'Standard',
        },
      },
      spec: {
        predictor: {
          automountServiceAccountToken: false,
          // KServe copies this over the Deployment's strategy (deployment_reconciler.go@v0.20.0)
          deploymentStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: {
              maxSurge: kserve.InferenceServiceSpecPredictorDeploymentStrategyRollingUpdateMaxSurge.fromNumber(rollout.maxSurge),
              maxUnavailable: kserve.InferenceServiceSpecPredictorDeploymentStrategyRollingUpdateMaxUnavailable.fromNumber(rollout.maxUnavailable),
            },
          },
          labels: { ...this.podLabels, ...kueueLabels },
          minReplicas: this.minReplicas,
          maxReplicas: this.maxReplicas,
          model: {
            ...model,
            modelFormat: { name: VLLM_MODEL_FORMAT },
            runtime: props.runtime ?? VLLM_RUNTIME_NAME,
            storageUri: props.storageUri,
          },
          ...(props.placement
            ? {
                nodeSelector: { ...props.placement.nodeSelector },
                ...(props.placement.tolerations.length > 0 ? { tolerations: tolerationsFor(props.placement.tolerations) } : {}),
              }
            : {}),
          securityContext: restrictedPodSecurity(props.runAsUser ?? 1000),
          ...(props.serviceAccountName ? { serviceAccountName: props.serviceAccountName } : {}),
          ...(props.zoneSpread ? { topologySpreadConstraints: zoneSpread({ [WORKLOAD_LABEL]: this.serviceName }) } : {}),
          volumes: scratch.volumes,
        },
      },
    });
    this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: this.serviceName, namespace: props.namespace, labels: appLabels(this.serviceName, 'inference') },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { [WORKLOAD_LABEL]: this.serviceName } },
      },
    });
  }
}
