/**
 * KServe constructs: vLLM engine arguments, GPU resources, placement, replicas, PDB.
 */
import { InferenceService } from '../../constructs/kserve/inference-service';
import { defaultStorageUri } from '../../constructs/kserve/model-sources';
import { vllmArgs } from '../../constructs/kserve/vllm-args';
import { VllmServingRuntime } from '../../constructs/kserve/vllm-runtime';
import { renderObjects } from '../../constructs/platform/render';
import { IMAGES } from '../../versions';
import { fixturePlan } from './fixtures/plan';
import { find, type Loose, synth, testChart } from './helpers/objects';

const GiB = 1024 ** 3;
type Predictor = Loose;

describe('vllmArgs', () => {
  it('turns precision, context, concurrency, memory share and TP into engine flags', () => {
    expect(vllmArgs({ precision: 'fp8', maxContextTokens: 8192, concurrency: 32, gpuMemoryUtilization: 0.85, tensorParallel: 2 }, true)).toEqual([
      '--dtype=auto',
      '--quantization=fp8',
      '--kv-cache-dtype=fp8',
      '--max-model-len=8192',
      '--max-num-seqs=32',
      '--gpu-memory-utilization=0.85',
      '--tensor-parallel-size=2',
    ]);
  });

  it('leaves GPU memory utilisation out on CPU', () => {
    expect(vllmArgs({}, false)).toEqual(['--dtype=bfloat16', '--kv-cache-dtype=auto', '--tensor-parallel-size=1']);
  });

  it('rejects an unknown precision and an out-of-range memory share', () => {
    expect(() => vllmArgs({ precision: 'fp4' }, true)).toThrow("unknown serving precision 'fp4'; allowed: fp32, bf16, fp16, fp8, int8, int4");
    expect(() => vllmArgs({ gpuMemoryUtilization: 1.2 }, true)).toThrow('gpuMemoryUtilization must be in (0, 1], got 1.2');
  });
});

describe('InferenceService', () => {
  function render(extra: Partial<ConstructorParameters<typeof InferenceService>[2]> = {}) {
    const chart = testChart();
    const isvc = new InferenceService(chart, 'chat', {
      namespace: 'team-product',
      storageUri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
      resources: { cpuMilli: 4000, memoryBytes: 32 * GiB, gpu: { name: 'nvidia.com/mig-3g.40gb', count: 1 } },
      minReplicas: 2,
      maxReplicas: 4,
      queue: 'product-queue',
      zoneSpread: true,
      placement: { nodeSelector: { 'cnai.dev/node-pool': 'h100-mig' }, tolerations: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] },
      ...extra,
    });
    return { isvc, objects: synth(chart) };
  }

  it('requests the MIG resource, pins the pool, spreads zones and scales between min and max', () => {
    const { objects } = render();
    const o = find(objects, 'InferenceService');
    expect(o.metadata['annotations']).toEqual({ 'serving.kserve.io/autoscalerClass': 'hpa', 'serving.kserve.io/deploymentMode': 'Standard' });
    expect(o.metadata['labels']).toMatchObject({ 'kueue.x-k8s.io/queue-name': 'product-queue', 'kueue.x-k8s.io/priority-class': 'cnai-serving' });
    const p = (o['spec'] as { predictor: Predictor }).predictor;
    expect(p.minReplicas).toBe(2);
    expect(p.maxReplicas).toBe(4);
    expect(p.model.resources).toEqual({
      requests: { cpu: '4', memory: '32Gi', 'nvidia.com/mig-3g.40gb': 1 },
      limits: { memory: '32Gi', 'nvidia.com/mig-3g.40gb': 1 },
    });
    expect(p.model.modelFormat).toEqual({ name: 'vLLM' });
    expect(p.model.runtime).toBe('cnai-vllm');
    expect(p.model.storageUri).toBe('hf://meta-llama/Llama-3.1-8B-Instruct');
    expect(p.nodeSelector).toEqual({ 'cnai.dev/node-pool': 'h100-mig' });
    expect(p.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]);
    expect(p.topologySpreadConstraints).toEqual([
      {
        labelSelector: { matchLabels: { 'cnai.dev/workload': 'chat' } },
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
      },
    ]);
    expect(p.labels['kueue.x-k8s.io/queue-name']).toBe('product-queue');
  });

  it('adds a PodDisruptionBudget that lets one replica go at a time', () => {
    const pdb = find(render().objects, 'PodDisruptionBudget');
    expect(pdb['spec']).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'cnai.dev/workload': 'chat' } } });
  });

  it('refuses tensor parallelism on MIG slices', () => {
    expect(() => render({ engine: { tensorParallel: 2 } })).toThrow(
      "InferenceService 'chat': tensor parallelism 2 is impossible on MIG slices (nvidia.com/mig-3g.40gb); use whole GPUs or tensorParallel 1",
    );
  });

  it('runs the CPU image without a GPU', () => {
    const { objects } = render({ resources: { cpuMilli: 2000, memoryBytes: 8 * GiB } });
    const p = (find(objects, 'InferenceService')['spec'] as { predictor: Predictor }).predictor;
    expect(p.model.image).toBe(IMAGES.vllmCpu);
    expect(p.model.args).not.toContain('--gpu-memory-utilization=0.9');
  });

  it('rejects maxReplicas below minReplicas', () => {
    expect(() => render({ minReplicas: 3, maxReplicas: 2 })).toThrow(
      "InferenceService 'chat': need whole replicas with 1 <= minReplicas <= maxReplicas, got 3..2",
    );
  });
});

describe('VllmServingRuntime', () => {
  it('runs the pinned vLLM image on /mnt/models for the vLLM model format', () => {
    const chart = testChart();
    new VllmServingRuntime(chart, 'rt', { namespace: 'team-product' });
    const spec = find(synth(chart), 'ServingRuntime')['spec'] as Loose;
    expect(spec.supportedModelFormats).toEqual([{ name: 'vLLM', autoSelect: true, version: '1' }]);
    expect(spec.containers[0].image).toBe(IMAGES.vllm);
    expect(spec.containers[0].args).toContain('--model=/mnt/models');
  });
});

describe('inference from the plan', () => {
  const objects = renderObjects(fixturePlan())['kserve']!;

  it('renders tensor parallelism over whole GPUs and the plan engine settings', () => {
    const big = (find(objects, 'InferenceService', 'big-chat')['spec'] as { predictor: Predictor }).predictor;
    expect(big.model.args).toEqual(
      expect.arrayContaining(['--tensor-parallel-size=4', '--gpu-memory-utilization=0.92', '--max-model-len=32768', '--max-num-seqs=64', '--quantization=fp8']),
    );
    expect(big.model.resources.limits['nvidia.com/gpu']).toBe(4);
    expect(big.model.storageUri).toBe(defaultStorageUri('llama-3.1-70b'));
    expect(defaultStorageUri('llama-3.1-70b')).toBe('hf://meta-llama/Llama-3.1-70B-Instruct');
    expect(defaultStorageUri('my-own')).toBe('pvc://models/my-own');
  });

  it('renders one vLLM runtime per namespace that serves', () => {
    expect(objects.filter((o) => o.kind === 'ServingRuntime').map((o) => o.metadata.namespace)).toEqual(['team-product']);
  });
});
