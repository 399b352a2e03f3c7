/**
 * What Kubeflow Trainer v2.3.0 does with the TrainJob and runtime we render: which container runs
 * the platform file's command.
 */
import { renderObjects, type ManifestObject } from '../../constructs/platform/render';
import { BatchJob } from '../../constructs/workloads/batch-job';
import { fixturePlan } from './fixtures/plan';
import { find, type Loose, loose, synth, testChart } from './helpers/objects';

/**
 * The container Trainer's JobSet builder gives `spec.trainer.command`/`args`: the container named
 * `node` of the replicated job labelled `trainer.kubeflow.org/trainjob-ancestor-step: trainer`
 * (`pkg/runtime/framework/plugins/jobset/builder.go@v2.3.0`, `Builder.Trainer`).
 */
function trainerContainer(runtime: ManifestObject, job: ManifestObject): Record<string, unknown> {
  const jobs = loose(runtime['spec']).template.spec.replicatedJobs as unknown as Loose[];
  const ancestor = jobs.filter(
    (j) => (j.template.metadata?.labels as unknown as Record<string, string> | undefined)?.['trainer.kubeflow.org/trainjob-ancestor-step'] === 'trainer',
  );
  expect(ancestor).toHaveLength(1);
  const containers = ancestor[0]!.template.spec.template.spec.containers as unknown as Record<string, unknown>[];
  const node = containers.find((c) => c['name'] === 'node');
  expect(node).toBeDefined();
  const trainer = loose(job['spec']).trainer as unknown as Record<string, unknown>;
  // the builder replaces the container's command and args with the TrainJob's, when set
  return { ...node!, ...(trainer['command'] ? { command: trainer['command'] } : {}), ...(trainer['args'] ? { args: trainer['args'] } : {}) };
}

describe('TrainJob command', () => {
  it("runs the platform file's command and args in the trainer container", () => {
    const plan = fixturePlan();
    const workloads = plan.workloads.map((w) => (w.name === 'finetune' ? { ...w, command: ['torchrun', '/workspace/train.py'], args: ['--epochs=3'] } : w));
    const objects = renderObjects({ ...plan, workloads })['trainer']!;
    const container = trainerContainer(find(objects, 'ClusterTrainingRuntime'), find(objects, 'TrainJob', 'finetune'));
    // torch.go@v2.3.0 injects only PET_* env and the port, so this command is what trains
    expect(container['command']).toEqual(['torchrun', '/workspace/train.py']);
    expect(container['args']).toEqual(['--epochs=3']);
  });
});

describe('BatchJob command', () => {
  it("keeps a given image's entrypoint and passes args to it", () => {
    const chart = testChart();
    new BatchJob(chart, 'j', { namespace: 'a', image: 'ghcr.io/acme/etl:1.0', args: ['--day=1'], resources: { cpuMilli: 1000, memoryBytes: 1024 ** 3 } });
    const c = loose(find(synth(chart), 'Job')['spec']).template.spec.containers[0]!;
    expect(c.command).toBeUndefined();
    expect(c.args).toEqual(['--day=1']);
  });

  it('renders the command and args of the plan', () => {
    const plan = fixturePlan();
    const workloads = plan.workloads.map((w) => (w.name === 'etl' ? { ...w, command: ['python', '/app/etl.py'], args: ['--all'] } : w));
    const c = loose(find(renderObjects({ ...plan, workloads })['batch']!, 'Job', 'etl')['spec']).template.spec.containers[0]!;
    expect(c.command).toEqual(['python', '/app/etl.py']);
    expect(c.args).toEqual(['--all']);
  });
});
