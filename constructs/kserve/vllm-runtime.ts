import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { SERVING_SHM_BYTES_PER_GPU } from '../../planner/resolve/serving-pod';
import { IMAGES } from '../../versions';
import * as kserve from '../imports/serving.kserve.io';
import { appLabels } from '../common/labels';
import { containerResources, restrictedContainerSecurity, scratchVolumes, TMP_DIR } from '../common/pod';

/** Model format name the `cnai-vllm` runtime serves. */
export const VLLM_MODEL_FORMAT = 'vLLM';

/** Default name of the vLLM ServingRuntime. */
export const VLLM_RUNTIME_NAME = 'cnai-vllm';

/** Port vLLM's OpenAI server listens on (`--port`), also the probes' and the metrics' port. */
export const VLLM_PORT = 8080;

/** The user name the server runs under; uid 1000 has no passwd entry in the vLLM image. */
export const VLLM_USER = 'vllm';

/**
 * Environment of every vLLM container. The root filesystem is read-only, so home and caches live
 * in the `/tmp` emptyDir. `USER` and `LOGNAME` name the user because the image has no passwd
 * entry for uid 1000: Python's `getpass.getuser()` (which torch uses for its cache paths) reads
 * `LOGNAME` and `USER` first and only falls back to the passwd database, which then fails.
 */
export const VLLM_ENV: readonly Readonly<{ name: string; value: string }>[] = [
  { name: 'HOME', value: '/tmp' },
  { name: 'HF_HOME', value: '/tmp/hf' },
  { name: 'LOGNAME', value: VLLM_USER },
  { name: 'USER', value: VLLM_USER },
  { name: 'XDG_CACHE_HOME', value: '/tmp/.cache' },
];

/**
 * Probes of the vLLM container, as KServe's own `kserve-vllmserver` runtime sets them
 * (`config/runtimes/kserve-vllmserver.yaml@v0.20.0`): `/v1/models` answers 200 only once the
 * model is loaded, so the replica takes traffic (and a rollout moves on) only then, and a large
 * model gets 30 minutes to load before the kubelet restarts it.
 */
export function vllmProbes(): { readinessProbe: k8s.Probe; startupProbe: k8s.Probe } {
  const httpGet = (): k8s.HttpGetAction => ({ path: '/v1/models', port: k8s.IntOrString.fromNumber(VLLM_PORT) });
  return {
    readinessProbe: { httpGet: httpGet(), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
    startupProbe: { httpGet: httpGet(), initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 60, successThreshold: 1 },
  };
}

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
    // each InferenceService sets its own limit; this bounds one that does not
    const scratch = scratchVolumes([TMP_DIR, { name: 'dshm', path: '/dev/shm', memory: true, sizeBytes: SERVING_SHM_BYTES_PER_GPU }]);
    this.resource = new kserve.ServingRuntime(this, 'Resource', {
      metadata: { name: this.runtimeName, namespace: props.namespace, labels: appLabels(this.runtimeName, 'serving-runtime') },
      spec: {
        annotations: { 'prometheus.kserve.io/path': '/metrics', 'prometheus.kserve.io/port': String(VLLM_PORT) },
        containers: [
          {
            name: 'kserve-container',
            image: this.image,
            command: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
            args: [`--port=${VLLM_PORT}`, '--model=/mnt/models', '--served-model-name={{.Name}}'],
            env: VLLM_ENV.map((e) => ({ ...e })),
            ports: [{ containerPort: VLLM_PORT, name: 'http', protocol: 'TCP' }],
            ...vllmProbes(),
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
