/**
 * A RayCluster's head is rendered onto the CPU pool the plan gave it, with the requests the
 * team's quota counts.
 */
import { renderObjects } from '../../constructs/platform/render';
import { plan } from '../../planner/plan';
import { platform, ray } from '../helpers/platform-builders';

describe('the Ray head of a planned RayCluster', () => {
  const p = plan(platform({ workloads: [ray('r', 'research', { replicas: 2, gpu: { count: 1, model: 'L4' } })] }));
  const objects = Object.values(renderObjects(p)).flat();
  const cluster = objects.find((o) => o.kind === 'RayCluster') as unknown as {
    spec: {
      headGroupSpec: {
        template: {
          spec: { nodeSelector?: Record<string, string>; tolerations?: unknown[]; containers: { resources: { requests: Record<string, string> } }[] };
        };
      };
    };
  };

  it('selects the CPU pool of the plan, whose ResourceFlavor has no taint to tolerate', () => {
    // Kueue assigns the head podset a flavor whose nodeLabels its nodeSelector matches (flavorassigner.go@v0.19.2)
    const head = cluster.spec.headGroupSpec.template.spec;
    const pool = p.workloads.find((w) => w.name === 'r')!.head!.nodePool;
    expect(head.nodeSelector).toEqual({ 'cnai.dev/node-pool': pool });
    expect(head.tolerations ?? []).toEqual([]);
    expect(p.quotas.resourceFlavors.find((f) => f.name === pool)!.nodeTaints).toEqual([]);
  });

  it('requests what the quota counts', () => {
    const requests = cluster.spec.headGroupSpec.template.spec.containers[0]!.resources.requests;
    expect(requests).toEqual(expect.objectContaining({ cpu: '1', memory: '4Gi' }));
  });
});
