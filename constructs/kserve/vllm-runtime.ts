import { Construct } from 'constructs';
import { IMAGES } from '../../versions';
import * as kserve from '../imports/serving.kserve.io';
import { appLabels } from '../common/labels';
import { containerResources, restrictedContainerSecurity, scratchVolumes, TMP_DIR } from '../common/pod';

/** Model format name the `cnai-vllm` runtime serves. */
export const VLLM_MODEL_FORMAT = 'vLLM';

/** Default name of the vLLM ServingRuntime. */
export const VLLM_RUNTIME_NAME = 'cnai-vllm';

/** Properties for {@link VllmServingRuntime}. */
export interface VllmServingRuntimeProps {
  /** Namespace of the runtime (InferenceServices use runtimes of their own namespace). */
  readonly namespace: string;
  /**
   * Name of the ServingRuntime.
   *
   * @default 'cnai-vllm'
   */
  readonly name?: string;
  /**
   * vLLM image.
   *
   * @default - `IMAGES.vllm` from versions.ts
   */
  readonly image?: string;
}

/**
 * A KServe ServingRuntime running vLLM's OpenAI-compatible server (`serving.kserve.io/v1alpha1`).
 *
 * KServe's own `kserve-vllmserver` runtime defaults to the `latest` image; this one is pinned and
 * meets the security baseline. The storage initializer puts the weights in `/mnt/models`; caches
 * go to an emptyDir `/tmp` because the root filesystem is read-only.
 *
 * @see https://kserve.github.io/website/docs/model-serving/servingruntimes
 */
export class VllmServingRuntime extends Construct {
  /** Kubernetes name of the ServingRuntime. */
  public readonly runtimeName: string;
  /** Effective image. */
  public readonly image: string;
  /** The generated ServingRuntime. */
  public readonly resource: kserve.ServingRuntime;

  constructor(scope: Construct, id: string, props: VllmServingRuntimeProps) {
    super(scope, id);
    this.runtimeName = props.name ?? VLLM_RUNTIME_NAME;
    this.image = props.image ?? IMAGES.vllm;
    const scratch = scratchVolumes([TMP_DIR, { name: 'dshm', path: '/dev/shm', memory: true }]);
    this.resource = new kserve.ServingRuntime(this, 'Resource', {
      metadata: { name: this.runtimeName, namespace: props.namespace, labels: appLabels(this.runtimeName, 'serving-runtime') },
      spec: {
        annotations: { 'prometheus.kserve.io/path': '/metrics', 'prometheus.kserve.io/port': '8080' },
        containers: [
          {
            name: 'kserve-container',
            image: this.image,
            command: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
            args: ['--port=8080', '--model=/mnt/models', '--served-model-name={{.Name}}'],
            env: [
              { name: 'HOME', value: '/tmp' },
              { name: 'HF_HOME', value: '/tmp/hf' },
              { name: 'XDG_CACHE_HOME', value: '/tmp/.cache' },
            ],
            ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
            // overridden per InferenceService; these only bound a model container that sets none
            resources: containerResources({ cpuMilli: 1000, memoryBytes: 2 * 1024 ** 3 }),
            securityContext: restrictedContainerSecurity(),
            volumeMounts: scratch.mounts,
          },
        ],
        protocolVersions: ['v1'],
        supportedModelFormats: [{ name: VLLM_MODEL_FORMAT, autoSelect: true, version: '1' }],
        volumes: scratch.volumes,
      },
    });
  }
}
