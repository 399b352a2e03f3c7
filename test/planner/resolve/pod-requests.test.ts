/**
 * Pod-level requests and the pods controllers add: what Kueue and the scheduler count.
 */
import { plan } from '../../../planner/plan';
import { KSERVE_STORAGE_INITIALIZER, podRequests, RAY_HEAD_REQUESTS } from '../../../planner/resolve/pod-requests';
import { batch, inference, platform, ray } from '../../helpers/platform-builders';

const MIB = 2 ** 20;

describe('podRequests', () => {
  // k8s component-helpers resource.PodRequests, which Kueue v0.19.2 calls (pkg/workload/workload.go)
  it.each([
    [
      'app containers add up',
      [
        { cpuMilli: 500, memoryBytes: 1 },
        { cpuMilli: 250, memoryBytes: 2 },
      ],
      [],
      { cpuMilli: 750, memoryBytes: 3 },
    ],
    [
      'a larger init container sets the pod',
      [{ cpuMilli: 50, memoryBytes: 64 * MIB }],
      [{ cpuMilli: 100, memoryBytes: 100 * MIB, sidecar: false }],
      { cpuMilli: 100, memoryBytes: 100 * MIB },
    ],
    [
      'a smaller init container changes nothing',
      [{ cpuMilli: 2000, memoryBytes: 16 * MIB }],
      [{ cpuMilli: 100, memoryBytes: 1 * MIB, sidecar: false }],
      { cpuMilli: 2000, memoryBytes: 16 * MIB },
    ],
    [
      'a sidecar adds to the app',
      [{ cpuMilli: 1000, memoryBytes: 10 }],
      [{ cpuMilli: 200, memoryBytes: 5, sidecar: true }],
      { cpuMilli: 1200, memoryBytes: 15 },
    ],
    [
      'an init container after a sidecar runs beside it',
      [{ cpuMilli: 100, memoryBytes: 10 }],
      [
        { cpuMilli: 200, memoryBytes: 5, sidecar: true },
        { cpuMilli: 900, memoryBytes: 5, sidecar: false },
      ],
      { cpuMilli: 1100, memoryBytes: 15 },
    ],
  ])('%s', (_name, containers, init, expected) => {
    expect(podRequests(containers, init)).toEqual(expected);
  });
});

describe('pods the controllers add count in the plan', () => {
  it('plans a Ray head onto a CPU pool with no GPU taint, and counts it in the team quota there', () => {
    const p = plan(
      platform({
        workloads: [ray('r', 'research', { replicas: 2, gpu: { count: 1, model: 'L4' } }), batch('etl', 'research', { gpu: { count: 1, fraction: 0.47 } })],
      }),
    );
    const r = p.workloads.find((w) => w.name === 'r')!;
    expect(r.head).toEqual({ nodePool: 'cpu', cpuMilli: RAY_HEAD_REQUESTS.cpuMilli, memoryBytes: RAY_HEAD_REQUESTS.memoryBytes });
    // Kueue skips a flavor whose nodeTaints the pod does not tolerate (flavorassigner.go checkFlavorForPodSets@v0.19.2): the head's flavor has none
    const flavor = p.quotas.resourceFlavors.find((f) => f.name === 'cpu')!;
    expect(flavor.nodeTaints).toEqual([]);
    const cq = p.quotas.clusterQueues.find((q) => q.team === 'research')!;
    const cpu = cq.resourceGroups[0]!.flavors.find((f) => f.name === 'cpu')!.resources;
    expect(cpu.find((x) => x.name === 'cpu')!.nominalQuota).toBe(RAY_HEAD_REQUESTS.cpuMilli);
    expect(cpu.find((x) => x.name === 'memory')!.nominalQuota).toBe(RAY_HEAD_REQUESTS.memoryBytes);
    // the head has no replica placement; the workers keep theirs
    expect(p.placements.filter((pl) => pl.workload === 'r')).toHaveLength(2);
    // the GPU pools' quota holds only what the GPU pods ask for: etl is admitted beside the workers
    const gpuFlavors = cq.resourceGroups[0]!.flavors.filter((f) => f.name !== 'cpu');
    const workerPool = r.nodePool;
    const workerCpu = gpuFlavors.find((f) => f.name === workerPool)!.resources.find((x) => x.name === 'cpu')!.nominalQuota;
    expect(workerCpu).toBe(
      r.perReplica.cpuMilli * 2 +
        (p.workloads.find((w) => w.name === 'etl')!.nodePool === workerPool ? p.workloads.find((w) => w.name === 'etl')!.perReplica.cpuMilli : 0),
    );
  });

  it("counts KServe's storage-initializer where it is larger than a tiny predictor", () => {
    const p = plan(platform({ workloads: [inference('chat', 't', 'llama-3.2-1b', { resources: { cpu: '50m', memory: '64Mi' } })] }));
    const w = p.workloads[0]!;
    expect(w.perReplica.cpuMilli).toBe(50);
    const cq = p.quotas.clusterQueues[0]!;
    const res = cq.resourceGroups[0]!.flavors.find((f) => f.name === w.nodePool)!.resources;
    // inferenceservice.yaml@v0.20.0: storageInitializer cpuRequest 100m, memoryRequest 100Mi
    expect(res.find((x) => x.name === 'cpu')!.nominalQuota).toBe(KSERVE_STORAGE_INITIALIZER.cpuMilli);
    expect(res.find((x) => x.name === 'memory')!.nominalQuota).toBe(KSERVE_STORAGE_INITIALIZER.memoryBytes);
  });
});
