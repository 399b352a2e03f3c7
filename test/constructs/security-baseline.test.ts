/**
 * The security baseline holds for every container the platform renders, on every provider.
 */
import { IMAGES } from '../../versions';
import { renderObjects } from '../../constructs/platform/render';
import { containersOf } from './helpers/objects';
import { fixturePlan } from './fixtures/plan';

const plans = [
  ['eks', fixturePlan()],
  ['gke', fixturePlan({ provider: 'gke' })],
  ['kind', fixturePlan({ provider: 'kind' })],
] as const;

const containers = plans.flatMap(([provider, plan]) =>
  Object.values(renderObjects(plan))
    .flat()
    .flatMap((o) => containersOf(o).map((c) => [`${provider}: ${c.where}`, c] as const)),
);

describe('security baseline', () => {
  it('finds the containers of every workload kind', () => {
    const where = containers.map(([w]) => w).join('\n');
    for (const kind of ['InferenceService', 'ServingRuntime', 'ClusterTrainingRuntime', 'RayCluster', 'StatefulSet', 'Job', 'Deployment']) {
      expect(where).toContain(`${kind}/`);
    }
  });

  it.each(containers)('%s: requests CPU and memory and limits memory', (_where, { container }) => {
    const res = container['resources'] as { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;
    expect(res?.requests?.['cpu']).toBeDefined();
    expect(res?.requests?.['memory']).toBeDefined();
    expect(res?.limits?.['memory']).toBeDefined();
  });

  it.each(containers)(
    '%s: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root',
    (_where, { container, podSecurityContext }) => {
      const sec = container['securityContext'] as Record<string, unknown>;
      expect(sec).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      if (podSecurityContext) {
        expect(podSecurityContext['runAsNonRoot']).toBe(true);
        expect(podSecurityContext['runAsUser']).toBeGreaterThan(0);
      }
    },
  );

  it.each(containers.filter(([, c]) => c.container['image'] !== undefined))(
    '%s: image pinned to an exact version from versions.ts',
    (_where, { container }) => {
      const image = String(container['image']);
      expect(Object.values(IMAGES)).toContain(image);
      expect(image).toMatch(/:[^:/]+$/);
      expect(image).not.toMatch(/:latest$/);
    },
  );

  it("sizes every TrainJob's trainer pods with CPU and memory requests and a memory limit", () => {
    const jobs = Object.values(renderObjects(fixturePlan()))
      .flat()
      .filter((o) => o.kind === 'TrainJob');
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) {
      const res = (j['spec'] as { trainer: { resourcesPerNode: { requests: Record<string, unknown>; limits: Record<string, unknown> } } }).trainer
        .resourcesPerNode;
      expect(Object.keys(res.requests)).toEqual(expect.arrayContaining(['cpu', 'memory']));
      expect(res.limits['memory']).toBe(res.requests['memory']);
    }
  });

  it('renders no Secret and no literal credential', () => {
    for (const [, plan] of plans) {
      const objects = Object.values(renderObjects(plan)).flat();
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      const text = JSON.stringify(objects);
      expect(text).not.toMatch(/"name":"[A-Z_]*(PASSWORD|SECRET|TOKEN)[A-Z_]*","value"/);
    }
  });

  it('only the GPU operator namespace is privileged, and it says why', () => {
    const namespaces = Object.values(renderObjects(fixturePlan()))
      .flat()
      .filter((o) => o.kind === 'Namespace');
    const levels = Object.fromEntries(
      namespaces.map((n) => [n.metadata.name, (n.metadata['labels'] as Record<string, string>)['pod-security.kubernetes.io/enforce']]),
    );
    expect(levels).toEqual({ 'gpu-operator': 'privileged', mlflow: 'restricted', 'team-product': 'restricted', 'team-research': 'restricted' });
    const gpuNs = namespaces.find((n) => n.metadata.name === 'gpu-operator')!;
    expect((gpuNs.metadata['annotations'] as Record<string, string>)['cnai.dev/pod-security-reason']).toMatch(/host access/);
  });
});
