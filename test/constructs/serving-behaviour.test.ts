/**
 * What KServe, vLLM and KubeRay do with the serving and Ray objects we render, at the pinned tags.
 */
import { InferenceService } from '../../constructs/kserve/inference-service';
import { HF_TOKEN_KEY } from '../../constructs/kserve/model-download-account';
import { VLLM_PORT, VllmServingRuntime } from '../../constructs/kserve/vllm-runtime';
import { rayClusterSpec } from '../../constructs/kuberay/cluster-spec';
import { renderObjects, type ManifestObject } from '../../constructs/platform/render';
import { SERVING_ROLLOUT, servingSharedMemoryBytes } from '../../planner/resolve/serving-pod';
import { fixturePlan } from './fixtures/plan';
import { find, type Loose, loose, synth, testChart } from './helpers/objects';

const GiB = 1024 ** 3;

/** The Secrets whose credentials KServe's storage-initializer injector gives a predictor pod. */
function credentialSecretsOf(isvc: ManifestObject, objects: readonly ManifestObject[]): string[] {
  // pkg/credentials/service_account_credentials.go@v0.20.0: the predictor's ServiceAccount (default
  // `default`) is read, and every Secret it lists is mounted into the storage-initializer
  const predictor = loose(isvc['spec']).predictor;
  const account = (predictor.serviceAccountName as unknown as string | undefined) ?? 'default';
  const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === account && o.metadata.namespace === isvc.metadata.namespace);
  return ((sa?.['secrets'] as { name: string }[] | undefined) ?? []).map((s) => s.name);
}

function envOf(container: Loose): Record<string, string> {
  return Object.fromEntries((container.env as unknown as { name: string; value?: string }[]).map((e) => [e.name, e.value ?? '<from>']));
}

describe('gated Hugging Face downloads', () => {
  it('every predictor that downloads from Hugging Face runs as an account listing the token Secret', () => {
    const objects = renderObjects(fixturePlan({ huggingFace: { tokenSecret: 'hf-token' } }))['kserve']!;
    const services = objects.filter((o) => o.kind === 'InferenceService');
    expect(services.length).toBeGreaterThan(0);
    for (const isvc of services) {
      // pkg/credentials/hf/hf_secret.go@v0.20.0 turns a listed Secret's HF_TOKEN key into the initializer's HF_TOKEN
      expect(credentialSecretsOf(isvc, objects)).toEqual(['hf-token']);
    }
    const sa = find(
      objects.filter((o) => o.metadata.namespace === 'team-product'),
      'ServiceAccount',
      'cnai-model-download',
    );
    expect(sa['automountServiceAccountToken']).toBe(false);
    expect(HF_TOKEN_KEY).toBe('HF_TOKEN');
  });

  it('does not hand the token to the model container, which loads from /mnt/models', () => {
    const objects = renderObjects(fixturePlan({ huggingFace: { tokenSecret: 'hf-token' } }))['kserve']!;
    for (const isvc of objects.filter((o) => o.kind === 'InferenceService')) {
      expect(Object.keys(envOf(loose(isvc['spec']).predictor.model))).not.toContain('HF_TOKEN');
    }
  });

  it('without spec.huggingFace the predictors keep the namespace default account', () => {
    const objects = renderObjects(fixturePlan())['kserve']!;
    expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    for (const isvc of objects.filter((o) => o.kind === 'InferenceService')) expect(credentialSecretsOf(isvc, objects)).toEqual([]);
  });
});

describe('vLLM start-up on shared and whole GPUs', () => {
  it("a time-sliced replica's --gpu-memory-utilization is at most its share of the GPU", () => {
    const plan = fixturePlan();
    const shared = {
      ...plan.workloads.find((w) => w.name === 'chat')!,
      name: 'sliced-chat',
      nodePool: 'l4-shared',
      perReplica: { gpus: 0.25, gpuMemoryBytes: 4 * GiB, cpuMilli: 2000, memoryBytes: 17 * GiB, gpuResource: { name: 'nvidia.com/gpu.shared', count: 1 } },
      serving: { precision: 'bf16', kvPrecision: 'bf16', maxContextTokens: 4096, concurrency: 8, gpuMemoryUtilization: 0.225, maxReplicas: 2 },
    };
    const objects = renderObjects({ ...plan, workloads: [...plan.workloads, shared] })['kserve']!;
    const args = loose(find(objects, 'InferenceService', 'sliced-chat')['spec']).predictor.model.args as unknown as string[];
    const util = Number(args.find((a) => a.startsWith('--gpu-memory-utilization='))!.split('=')[1]);
    // vLLM refuses to start when free memory < utilization × whole device memory; each share must fit
    expect(util).toBeLessThanOrEqual(shared.perReplica.gpus);
  });
});

describe('InferenceService rollout, probes, user and shared memory', () => {
  const render = () => {
    const chart = testChart();
    new InferenceService(chart, 'big', {
      namespace: 'team-a',
      storageUri: 'hf://meta-llama/Llama-3.1-70B-Instruct',
      resources: { cpuMilli: 16000, memoryBytes: 260 * GiB, gpu: { name: 'nvidia.com/gpu', count: 4 } },
      engine: { tensorParallel: 4 },
      minReplicas: 2,
    });
    new VllmServingRuntime(chart, 'rt', { namespace: 'team-a' });
    return synth(chart);
  };

  it('rolls out without surging above the planned replicas', () => {
    // deployment_reconciler.go@v0.20.0: the predictor's deploymentStrategy replaces the 25 %/25 % default
    const predictor = loose(find(render(), 'InferenceService')['spec']).predictor;
    expect(predictor.deploymentStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(SERVING_ROLLOUT).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(
      () =>
        new InferenceService(testChart(), 'stuck', {
          namespace: 'a',
          storageUri: 'pvc://m/x',
          resources: { cpuMilli: 1000, memoryBytes: 4 * GiB },
          rollout: { maxSurge: 0, maxUnavailable: 0 },
        }),
    ).toThrow("InferenceService 'stuck': rollout needs whole maxSurge and maxUnavailable >= 0, not both 0, got 0 and 0");
  });

  it('probes /v1/models on the port vLLM listens on, as KServe’s own vLLM runtime does', () => {
    // config/runtimes/kserve-vllmserver.yaml@v0.20.0: readiness and startup probes GET /v1/models
    const container = loose(find(render(), 'ServingRuntime')['spec']).containers[0]!;
    const port = Number((container.args as unknown as string[]).find((a) => a.startsWith('--port='))!.split('=')[1]);
    for (const probe of [container.readinessProbe, container.startupProbe]) {
      expect(probe.httpGet).toEqual({ path: '/v1/models', port });
    }
    expect(port).toBe(VLLM_PORT);
  });

  it('names the user in USER and LOGNAME, since uid 1000 has no passwd entry in the image', () => {
    // Python getpass.getuser(): LOGNAME, USER, LNAME, USERNAME before the passwd database
    const objects = render();
    for (const c of [loose(find(objects, 'ServingRuntime')['spec']).containers[0]!, loose(find(objects, 'InferenceService')['spec']).predictor.model]) {
      expect(envOf(c)).toMatchObject({ USER: 'vllm', LOGNAME: 'vllm' });
    }
  });

  it('bounds the memory-backed /dev/shm at 1 GiB per GPU, inside the memory request', () => {
    // a Memory emptyDir is charged to the pod's memory cgroup; without sizeLimit it can grow to the limit
    const predictor = loose(find(render(), 'InferenceService')['spec']).predictor;
    const dshm = (predictor.volumes as unknown as { name: string; emptyDir: { medium?: string; sizeLimit?: string } }[]).find((v) => v.name === 'dshm')!;
    expect(dshm.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '4Gi' });
    expect(servingSharedMemoryBytes(4)).toBe(4 * GiB);
    expect(
      () =>
        new InferenceService(testChart(), 'tiny', {
          namespace: 'a',
          storageUri: 'pvc://m/x',
          resources: { cpuMilli: 1000, memoryBytes: 2 * GiB, gpu: { name: 'nvidia.com/gpu', count: 2 } },
          engine: { tensorParallel: 2 },
        }),
    ).toThrow("InferenceService 'tiny': /dev/shm of 2147483648 bytes leaves nothing of the 2147483648-byte memory request");
  });
});

describe('Ray workers on shared GPUs', () => {
  it('declares num-gpus for every GPU resource name, which KubeRay only infers for names ending in gpu or mig-*', () => {
    // ray-operator/controllers/ray/utils/resources.go@v1.7.0: nvidia.com/gpu.shared matches neither rule
    const spec = rayClusterSpec('r', {
      workers: 2,
      workerResources: { cpuMilli: 2000, memoryBytes: 8 * GiB, gpu: { name: 'nvidia.com/gpu.shared', count: 1 } },
    });
    expect(spec.workerGroupSpecs[0]!.rayStartParams).toEqual({ 'num-gpus': '1' });
    const cpu = rayClusterSpec('c', { workers: 1, workerResources: { cpuMilli: 2000, memoryBytes: 8 * GiB } });
    expect(cpu.workerGroupSpecs[0]!.rayStartParams).toEqual({});
  });
});
