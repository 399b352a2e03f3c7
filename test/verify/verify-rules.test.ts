/**
 * One fixture per scheduler filter and Kueue admission rule that must fail, each asserting the
 * reported reason; and the modelled controller behaviours the reasons depend on.
 */
import type { ManifestObject } from '../../constructs/platform/render';
import { workloadsOf } from '../../verify/controllers';
import type { NodeModel, PodTemplate } from '../../verify/model';
import { targetCluster } from '../../verify/nodes';
import { effectiveRequests } from '../../verify/pod-spec';
import { ClusterScheduler } from '../../verify/scheduler';
import { verifyObjects, type WorkloadVerdict } from '../../verify/verify';
import { example, GPU_TOLERATION, probeDeployment } from './helpers';

const reference = example('reference');
const kind = example('kind-laptop');

function verdict(objects: readonly ManifestObject[], key: string, base = reference): WorkloadVerdict {
  const r = verifyObjects(base.plan, [...base.objects, ...objects]);
  const v = r.workloads.find((w) => w.workload === key);
  if (!v) throw new Error(`no verdict for ${key}`);
  return v;
}

describe('kube-scheduler filters', () => {
  it('a missing toleration: TaintToleration rejects every tainted GPU node', () => {
    // pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go: "node(s) had untolerated taint {key: value}"
    const v = verdict([probeDeployment({ nodeSelector: { 'cnai.dev/node-pool': 'gpu-l40s-whole' } })], 'team-probe/probe');
    expect(v.podsPlaced).toBe(0);
    expect(v.reason).toBe(
      "pod of main: 0/11 nodes are available: 3 node(s) didn't match Pod's node affinity/selector, 8 node(s) had untolerated taint {nvidia.com/gpu: present}.",
    );
  });

  it('a selector no node has: NodeAffinity rejects all nodes', () => {
    // pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go: ErrReasonPod
    const v = verdict([probeDeployment({ nodeSelector: { 'cnai.dev/node-pool': 'gpu-a100' }, tolerations: [GPU_TOLERATION] })], 'team-probe/probe');
    expect(v.reason).toBe("pod of main: 0/11 nodes are available: 11 node(s) didn't match Pod's node affinity/selector.");
  });

  it('too many GPUs for any node: NodeResourcesFit names the extended resource', () => {
    // pkg/scheduler/framework/plugins/noderesources/fit.go: "Insufficient <resource>" for every resource, extended ones included
    const v = verdict(
      [probeDeployment({ nodeSelector: { 'cnai.dev/node-pool': 'gpu-l4-whole' }, tolerations: [GPU_TOLERATION], requests: { 'nvidia.com/gpu': 5 } })],
      'team-probe/probe',
    );
    expect(v.reason).toBe("pod of main: 0/11 nodes are available: 3 Insufficient nvidia.com/gpu, 8 node(s) didn't match Pod's node affinity/selector.");
  });

  it('a zone spread that cannot be met: kind nodes carry no zone label', () => {
    // pkg/scheduler/framework/plugins/podtopologyspread/filtering.go: ErrReasonNodeLabelNotMatch
    const v = verdict([probeDeployment({ namespace: 'team-dev', zoneSpread: true })], 'team-dev/probe', kind);
    expect(v.reason).toBe(
      "pod of main: 0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.",
    );
  });

  it('a zone spread with skew: one eligible zone never skews; a full second zone stops the next pod', () => {
    // one eligible domain means the skew is always 0: both land on the single-zone L40S node
    const v = verdict(
      [
        probeDeployment({
          replicas: 2,
          nodeSelector: { 'cnai.dev/node-pool': 'gpu-l40s-whole' },
          tolerations: [GPU_TOLERATION],
          zoneSpread: true,
          requests: { cpu: '100m' },
        }),
      ],
      'team-probe/probe',
    );
    expect(`${v.podsPlaced}/${v.podsWanted}`).toBe('2/2');
    // zone b has room for no pod: once zone a holds one, skew 1 forbids a second there
    const zone = (name: string, z: string, cpu: number): NodeModel => ({
      name,
      pool: 'p',
      labels: { 'topology.kubernetes.io/zone': z },
      taints: [],
      allocatable: { cpu, memory: 2 ** 34, pods: 110 },
    });
    const scheduler = new ClusterScheduler([zone('a-0', 'a', 10000), zone('a-1', 'a', 10000), zone('b-0', 'b', 500)]);
    const template: PodTemplate = {
      labels: { app: 'web' },
      nodeSelector: {},
      nodeAffinity: [],
      tolerations: [],
      requests: { cpu: 1000, memory: 2 ** 30, pods: 1 },
      spread: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, matchLabels: { app: 'web' } }],
      antiAffinity: [],
      claims: [],
    };
    expect(scheduler.schedule({ namespace: 'n', template }).node).toBe('a-0');
    expect(scheduler.schedule({ namespace: 'n', template }).reason).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match pod topology spread constraints.",
    );
  });

  it('required anti-affinity: a second replica finds no other kind worker', () => {
    // pkg/scheduler/framework/plugins/interpodaffinity/filtering.go: ErrReasonAntiAffinityRulesNotMatch
    const v = verdict([probeDeployment({ namespace: 'team-dev', replicas: 2, hostAntiAffinity: true })], 'team-dev/probe', kind);
    expect(`${v.podsPlaced}/${v.podsWanted}`).toBe('1/2');
    expect(v.reason).toBe(
      "pod of main: 0/2 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.",
    );
  });
});

describe('Kueue admission', () => {
  it('quota exhausted with nothing to borrow: the numbers of the flavor and the cohort', () => {
    // pkg/scheduler/flavorassigner/flavorassigner.go@v0.19.2 fitsResourceQuota; a single-team cohort lends nothing
    const objects = kind.objects.map((o) =>
      o.kind === 'Job' && o.metadata.name === 'etl' ? { ...o, spec: { ...(o['spec'] as object), parallelism: 20, completions: 20 } } : o,
    );
    const r = verifyObjects(kind.plan, objects);
    const v = r.workloads.find((w) => w.workload === 'team-dev/etl')!;
    expect(v.admitted).toBe('no');
    expect(v.reason).toBe(
      'etl: podset main (20 pods) fits no flavor: kind-workers: 10 cpu requested, 500m left (most ever 3; cohort can lend 0); 10Gi memory requested, 0.5Gi left (most ever 7.5Gi; cohort can lend 0Gi)',
    );
  });

  it('a Ray head pinned to the CPU flavor leaves the GPU quota to the batch job of its team', () => {
    // the flavor assigner tries flavors in resource-group order and stops at the first that fits; the head selects the cpu pool
    const r = verifyObjects(reference.plan, reference.objects);
    const ray = r.workloads.find((w) => w.workload === 'team-research/ray-eval')!;
    expect(ray.flavor).toBe('cpu,gpu-l4-whole');
    const etl = r.workloads.find((w) => w.workload === 'team-research/etl')!;
    expect([etl.admitted, etl.flavor, etl.reason]).toEqual(['yes', 'gpu-l4-shared', '']);
  });

  it('a flavor taint the pod does not tolerate and the flavor does not add', () => {
    // flavorassigner.go@v0.19.2 checkFlavorForPodSets: "untolerated taint ... in flavor ..."
    const objects = reference.objects.map((o) =>
      o.kind === 'ResourceFlavor' && o.metadata.name === 'gpu-l40s-whole' ? { ...o, spec: { ...(o['spec'] as object), tolerations: [] } } : o,
    );
    const stripped = objects.map((o) => (o.kind === 'TrainJob' ? { ...o, spec: { ...(o['spec'] as object), runtimePatches: [] } } : o));
    const r = verifyObjects(reference.plan, stripped);
    expect(r.workloads.find((w) => w.workload === 'team-research/finetune')!.reason).toContain(
      'untolerated taint nvidia.com/gpu=present:NoSchedule in flavor gpu-l40s-whole',
    );
  });

  it('a queue label naming no LocalQueue', () => {
    const v = verdict([probeDeployment({ namespace: 'team-product', queue: 'nowhere' })], 'team-product/probe');
    expect(v.admitted).toBe('no');
    expect(v.reason).toBe("LocalQueue team-product/nowhere doesn't exist");
  });
});

describe('day-2 headroom', () => {
  it('a surge that cannot fit: maxUnavailable 0 and no CPU left on the system nodes for the extra pod', () => {
    // kubernetes pkg/controller/deployment/util/deployment_util.go ResolveFenceposts: 25% of 2 is surge 1, unavailable 0
    const v = verdict([probeDeployment({ replicas: 2, requests: { cpu: '2500m' } })], 'team-probe/probe');
    expect(v.podsPlaced).toBe(2);
    expect(v.rollout).toBe('blocked');
    expect(v.reason).toBe(
      'rollout blocked: the surge pod (maxSurge 1, maxUnavailable 0) does not fit: 0/11 nodes are available: 1 Insufficient memory, 3 Insufficient cpu, 8 node(s) had untolerated taint {nvidia.com/gpu: present}.',
    );
  });

  it('maxUnavailable > 0 rolls out without surge room', () => {
    const v = verdict(
      [probeDeployment({ replicas: 2, requests: { cpu: '2500m' }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } })],
      'team-probe/probe',
    );
    expect(v.rollout).toBe('ok');
    expect(v.reason).toBe('');
  });

  it("claims bind through the EKS stack's default class; a class without a provisioner, and one kind does not have, stay unbound", () => {
    // components/aws/cluster-addons.ts: the EKS stack's gp3 default StorageClass, provisioned by the EBS CSI add-on
    expect(verdict([], 'team-research/notebooks').claimsUnbound).toBe(0);
    const gp2: ManifestObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'old-data', namespace: 'team-probe' },
      spec: { storageClassName: 'gp2', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    const eks = verdict([gp2, probeDeployment({ claim: 'old-data' })], 'team-probe/probe');
    expect(eks.claimsUnbound).toBe(1);
    expect(eks.reason).toBe('claim team-probe/old-data: StorageClass gp2 has no provisioner running on eks');
    const pvc: ManifestObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'fast-data', namespace: 'team-dev' },
      spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    const v = verdict([pvc, probeDeployment({ namespace: 'team-dev', claim: 'fast-data' })], 'team-dev/probe', kind);
    expect(v.reason).toBe('claim team-dev/fast-data: StorageClass fast does not exist on kind (standard)');
    const missing = verdict([probeDeployment({ namespace: 'team-dev', claim: 'models' })], 'team-dev/probe', kind);
    expect(missing.reason).toBe('claim team-dev/models is mounted but not rendered; the pod stays ContainerCreating');
  });
});

describe('nodes and pods as the deployment creates them', () => {
  it('EKS nodes advertise the time-slicing replicas of the rendered device-plugin config as nvidia.com/gpu.shared', () => {
    // k8s-device-plugin api/config/v1/replicas.go@v0.20.0: renameByDefault renames to <resource>.shared
    const nodes = targetCluster(reference.plan, reference.objects).nodes;
    const shared = nodes.filter((n) => n.pool === 'gpu-l4-shared');
    expect(shared).toHaveLength(4);
    expect(shared[0]!.allocatable['nvidia.com/gpu.shared']).toBe(2);
    expect(shared[0]!.allocatable['nvidia.com/gpu']).toBeUndefined();
    // without the ClusterPolicy pointing at the ConfigMap, the device plugin never reads it
    const noPolicy = targetCluster(
      reference.plan,
      reference.objects.filter((o) => o.kind !== 'ClusterPolicy'),
    ).nodes.find((n) => n.pool === 'gpu-l4-shared')!;
    expect(noPolicy.allocatable['nvidia.com/gpu']).toBe(1);
    expect(noPolicy.allocatable['nvidia.com/gpu.shared']).toBeUndefined();
  });

  it('EKS MIG nodes advertise nvidia.com/mig-<profile> from the mig-parted layout their label names', () => {
    const fleet = example('eks-fleet');
    const mig = targetCluster(fleet.plan, fleet.objects).nodes.find((n) => n.labels['nvidia.com/mig.config'] !== undefined)!;
    const pool = fleet.plan.nodePools.find((p) => p.name === mig.pool)!;
    const layout = pool.sharing.migDevices!;
    const expected: Record<string, number> = {};
    for (const g of layout)
      for (const [p, c] of Object.entries(g.profiles))
        expected[`nvidia.com/mig-${p}`] = (expected[`nvidia.com/mig-${p}`] ?? 0) + c * (g.devices === 'all' ? pool.gpusPerNode : g.devices.length);
    const advertised = Object.fromEntries(Object.entries(mig.allocatable).filter(([k]) => k.startsWith('nvidia.com/mig-')));
    expect(advertised).toEqual(expected);
  });

  it('GKE nodes carry the GPU taint GKE sets and advertise partitions as nvidia.com/gpu', () => {
    const gke = example('gke-fleet');
    const nodes = targetCluster(gke.plan, gke.objects).nodes;
    const mig = nodes.find((n) => n.labels['cloud.google.com/gke-gpu-partition-size'] === '3g.40gb')!;
    expect(mig.taints).toContainEqual({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
    // an H100 holds two 3g.40gb partitions
    expect(mig.allocatable['nvidia.com/gpu']).toBe(2 * gke.plan.nodePools.find((p) => p.name === mig.pool)!.gpusPerNode);
  });

  it('kind: the control plane is tainted and the workers carry the pool labels', () => {
    const nodes = targetCluster(kind.plan, kind.objects).nodes;
    expect(nodes.map((n) => n.name)).toEqual([`${kind.plan.platform}-control-plane`, `${kind.plan.platform}-worker`]);
    expect(nodes[0]!.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' }]);
    expect(nodes[1]!.labels['cnai.dev/node-pool']).toBe('kind-workers');
  });

  it('a predictor pod adds the storage initializer as an init container; a Ray worker waits for the GCS', () => {
    // charts/kserve-resources/values.yaml@v0.20.0 kserve.storage.resources: 100m / 100Mi requested
    const w = workloadsOf(kind.objects).find((x) => x.key === 'team-dev/tiny-chat')!;
    const container = kind.plan.workloads.find((x) => x.name === 'tiny-chat')!.perReplica;
    expect(w.podSets[0]!.template.requests['cpu']).toBe(Math.max(container.cpuMilli, 100));
    expect(w.admission).toBe('per-pod');
    // the predictor's deploymentStrategy (maxSurge 0, maxUnavailable 1) becomes the Deployment's: deployment_reconciler.go@v0.20.0
    expect(w.rollout).toEqual({ type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 });
    // ray-operator/controllers/ray/common/pod.go@v1.7.0: wait-gcs-ready 200m / 256Mi
    const ray = workloadsOf(reference.objects).find((x) => x.key === 'team-research/ray-eval')!;
    expect(ray.podSets.map((p) => `${p.name}:${p.count}`)).toEqual(['head:1', 'workers:2']);
  });

  it('effective requests: the largest init container against the app containers plus sidecars, plus overhead', () => {
    // k8s.io/component-helpers resource/helpers.go PodRequests
    const r = effectiveRequests({
      containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' } } }],
      initContainers: [
        { restartPolicy: 'Always', resources: { requests: { cpu: '500m', memory: '256Mi' } } },
        { resources: { requests: { cpu: '2', memory: '512Mi' } } },
      ],
      overhead: { cpu: '100m' },
    });
    expect(r).toEqual({ cpu: 2600, memory: 1280 * 2 ** 20, pods: 1 });
  });
});
