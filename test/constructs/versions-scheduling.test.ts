/**
 * Pinned versions and scheduling helpers the constructs build on.
 */
import { placementForPool, tolerationsFor } from '../../constructs/common/scheduling';
import { CHARTS, IMAGES, KUBERNETES_MINORS, versionsForKubernetes } from '../../versions';
import { fixturePlan } from './fixtures/plan';

describe('versions.ts', () => {
  it('pins every chart exactly, with a namespace and release notes', () => {
    expect(Object.keys(CHARTS).sort()).toEqual([
      'certManager',
      'gpuOperator',
      'kserveCrd',
      'kserveResources',
      'kubePrometheusStack',
      'kuberay',
      'kueue',
      'mlflow',
      'trainer',
    ]);
    for (const [key, pin] of Object.entries(CHARTS)) {
      expect([key, pin.version]).toEqual([key, expect.stringMatching(/^v?\d+\.\d+\.\d+$/)]);
      expect(pin.releaseNotes).toMatch(/^https:\/\//);
      expect(pin.namespace).not.toBe('');
      expect(pin.repo !== undefined || pin.chart.startsWith('oci://')).toBe(true);
    }
  });

  it('pins every image to an exact tag', () => {
    for (const image of Object.values(IMAGES)) expect(image).toMatch(/^[a-z0-9./-]+:[A-Za-z0-9._-]+$/);
    expect(Object.values(IMAGES).filter((i) => i.endsWith(':latest'))).toEqual([]);
  });

  it('serves GPU and CPU inference with the same vLLM release, the newest confirmed one', () => {
    // vLLM's Docker Hub tags: v0.31.0 seen pulled by digest; v0.33.0 was never seen published
    expect(IMAGES.vllm.split(':')[1]).toBe(IMAGES.vllmCpu.split(':')[1]);
    expect(IMAGES.vllm).toBe('vllm/vllm-openai:v0.31.0');
  });

  it('pins the newest cert-manager patch of the line that covers each Kubernetes minor', () => {
    // cert-manager/cert-manager tags (snapshot 2026-08-22): v1.19.6 and v1.20.3 end their lines' patch series
    expect(versionsForKubernetes('1.31').certManager).toBe('v1.19.6');
    expect(versionsForKubernetes('1.32').certManager).toBe('v1.20.3');
  });

  it('knows the supported Kubernetes minors and refuses others, listing them', () => {
    expect(versionsForKubernetes('1.33').certManager).toBe(CHARTS.certManager.version);
    expect(() => versionsForKubernetes('1.20')).toThrow(
      `Kubernetes minor '1.20' is not supported by the pinned stack; supported: ${Object.keys(KUBERNETES_MINORS).sort().join(', ')}`,
    );
  });
});

describe('scheduling', () => {
  const pool = fixturePlan().nodePools.find((p) => p.name === 'h100-mig')!;

  it('selects the pool by its node-pool label and tolerates its taints', () => {
    expect(placementForPool(pool)).toEqual({ nodeSelector: { 'cnai.dev/node-pool': 'h100-mig' }, tolerations: pool.taints });
  });

  it("on GKE, a MIG workload also selects GKE's partition-size label", () => {
    expect(placementForPool({ ...pool, provider: 'gke' }, '3g.40gb').nodeSelector).toEqual({
      'cnai.dev/node-pool': 'h100-mig',
      'cloud.google.com/gke-gpu-partition-size': '3g.40gb',
    });
  });

  it('sorts tolerations by key and effect', () => {
    expect(
      tolerationsFor([
        { key: 'b', value: '1', effect: 'NoSchedule' },
        { key: 'a', value: '2', effect: 'NoExecute' },
      ]).map((t) => t.key),
    ).toEqual(['a', 'b']);
  });
});
