/**
 * Trainer and KubeRay constructs: nodes × GPUs, queueing, placement through runtime patches.
 */
import { RayCluster } from '../../constructs/kuberay/ray-cluster';
import { RayJob } from '../../constructs/kuberay/ray-job';
import { renderObjects } from '../../constructs/platform/render';
import { TrainJob } from '../../constructs/trainer/train-job';
import { TorchTrainingRuntime } from '../../constructs/trainer/training-runtime';
import { IMAGES, RAY_VERSION } from '../../versions';
import { fixturePlan } from './fixtures/plan';
import { find, loose, synth, testChart } from './helpers/objects';

const GiB = 1024 ** 3;
const placement = {
  nodeSelector: { 'cnai.dev/node-pool': 'h100-whole' },
  tolerations: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' as const }],
};

describe('TrainJob', () => {
  it("runs numNodes pods of resourcesPerNode, one process per GPU, on the torch runtime and the pool's nodes", () => {
    const chart = testChart();
    const job = new TrainJob(chart, 'finetune', {
      namespace: 'team-research',
      numNodes: 2,
      resourcesPerNode: { cpuMilli: 96000, memoryBytes: 1024 * GiB, gpu: { name: 'nvidia.com/gpu', count: 8 } },
      placement,
      queue: 'research-queue',
    });
    const o = find(synth(chart), 'TrainJob');
    const spec = loose(o['spec']);
    expect(job.numProcPerNode).toBe(8);
    expect(o.metadata['labels']).toMatchObject({ 'kueue.x-k8s.io/queue-name': 'research-queue', 'kueue.x-k8s.io/priority-class': 'cnai-training' });
    expect(spec.runtimeRef).toEqual({ apiGroup: 'trainer.kubeflow.org', kind: 'ClusterTrainingRuntime', name: 'cnai-torch-distributed' });
    expect(spec.trainer).toEqual({
      numNodes: 2,
      numProcPerNode: 8,
      resourcesPerNode: { requests: { cpu: '96', memory: '1Ti', 'nvidia.com/gpu': 8 }, limits: { memory: '1Ti', 'nvidia.com/gpu': 8 } },
    });
    const patched = spec.runtimePatches[0]!.trainingRuntimeSpec.template.spec.replicatedJobs[0]!;
    expect(patched.name).toBe('node');
    expect(patched.template.spec.template.spec).toEqual({
      nodeSelector: { 'cnai.dev/node-pool': 'h100-whole' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
    });
  });

  it('rejects a non-integer node count', () => {
    expect(() => new TrainJob(testChart(), 'x', { namespace: 'n', numNodes: 1.5, resourcesPerNode: { cpuMilli: 1000, memoryBytes: GiB } })).toThrow(
      "TrainJob 'x': numNodes must be a whole number >= 1, got 1.5",
    );
  });

  it('the torch runtime runs the pinned PyTorch image as the trainer step', () => {
    const chart = testChart();
    new TorchTrainingRuntime(chart, 'rt');
    const spec = loose(find(synth(chart), 'ClusterTrainingRuntime')['spec']);
    expect(spec.mlPolicy).toEqual({ numNodes: 1, torch: {} });
    const job = spec.template.spec.replicatedJobs[0]!;
    expect(job.template.metadata.labels).toEqual({ 'trainer.kubeflow.org/trainjob-ancestor-step': 'trainer' });
    expect(job.template.spec.template.spec.containers[0]!.image).toBe(IMAGES.pytorch);
  });

  it('the plan renders the multi-node training job', () => {
    const t = loose(find(renderObjects(fixturePlan())['trainer']!, 'TrainJob', 'finetune')['spec']);
    expect(t.trainer.numNodes).toBe(2);
    expect(t.trainer.numProcPerNode).toBe(8);
  });
});

describe('RayCluster and RayJob', () => {
  it('renders a CPU head and a fixed worker group queued through Kueue', () => {
    const chart = testChart();
    new RayCluster(chart, 'rays', {
      namespace: 'team-research',
      workers: 3,
      workerResources: { cpuMilli: 8000, memoryBytes: 64 * GiB, gpu: { name: 'nvidia.com/gpu', count: 1 } },
      workerPlacement: placement,
      queue: 'research-queue',
    });
    const o = find(synth(chart), 'RayCluster');
    const spec = loose(o['spec']);
    expect(o.metadata['labels']).toMatchObject({ 'kueue.x-k8s.io/queue-name': 'research-queue' });
    expect(spec.rayVersion).toBe(RAY_VERSION);
    expect(spec.headGroupSpec.rayStartParams).toEqual({ 'dashboard-host': '0.0.0.0', 'num-cpus': '0' });
    const w = spec.workerGroupSpecs[0]!;
    expect([w.replicas, w.minReplicas, w.maxReplicas]).toEqual([3, 3, 3]);
    expect(w.template.spec.containers[0]!.image).toBe(IMAGES.rayGpu);
    expect(w.template.spec.containers[0]!.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(w.template.spec.nodeSelector).toEqual({ 'cnai.dev/node-pool': 'h100-whole' });
  });

  it('a RayJob shuts its cluster down when finished and renders its submitter within the baseline', () => {
    const chart = testChart();
    new RayJob(chart, 'sweep', {
      namespace: 'team-research',
      entrypoint: 'python sweep.py',
      workers: 1,
      workerResources: { cpuMilli: 2000, memoryBytes: 8 * GiB },
    });
    const spec = loose(find(synth(chart), 'RayJob')['spec']);
    expect(spec.entrypoint).toBe('python sweep.py');
    expect(spec.shutdownAfterJobFinishes).toBe(true);
    expect(spec.submitterPodTemplate.spec.containers[0]!.securityContext.runAsNonRoot).toBe(true);
    expect(spec.rayClusterSpec.workerGroupSpecs[0]!.template.spec.containers[0]!.image).toBe(IMAGES.ray);
  });

  it('rejects an empty entrypoint and zero workers', () => {
    expect(() => new RayJob(testChart(), 'j', { namespace: 'n', entrypoint: ' ', workers: 1, workerResources: { cpuMilli: 1000, memoryBytes: GiB } })).toThrow(
      "RayJob 'j': entrypoint must not be empty",
    );
    expect(() => new RayCluster(testChart(), 'c', { namespace: 'n', workers: 0, workerResources: { cpuMilli: 1000, memoryBytes: GiB } })).toThrow(
      "Ray cluster 'c': workers must be a whole number >= 1, got 0",
    );
  });
});
