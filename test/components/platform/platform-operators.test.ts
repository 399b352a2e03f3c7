import { parse } from 'yaml';

import { CHARTS, versionsForKubernetes } from '../../../versions';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

const mocks = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports */
const k8s = require('@pulumi/kubernetes') as typeof import('@pulumi/kubernetes');
const { PlatformOperators } = require('../../../components/platform/platform-operators') as typeof import('../../../components/platform/platform-operators');
/* eslint-enable @typescript-eslint/no-require-imports */

const RELEASE = 'kubernetes:helm.sh/v3:Release';

/** The value at a dotted path of nested Helm values. */
function at(values: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], values);
}

describe('PlatformOperators', () => {
  let eks: InstanceType<typeof PlatformOperators>;

  beforeAll(async () => {
    const provider = new k8s.Provider('eks-k8s', { kubeconfig: '{}' });
    eks = new PlatformOperators('eks', { provider, kubernetesVersion: '1.33', gpuStack: 'gpu-operator' });
    const gkeProvider = new k8s.Provider('gke-k8s', { kubeconfig: '{}' });
    new PlatformOperators('gke', { provider: gkeProvider, kubernetesVersion: '1.33', gpuStack: 'gke-managed' });
    const kindProvider = new k8s.Provider('kind-k8s', { context: 'kind-cnai' });
    new PlatformOperators('kind', { provider: kindProvider, kubernetesVersion: '1.31', gpuStack: 'none' });
    await settle(mocks);
  });

  const release = (name: string): Record<string, unknown> => mocks.one(RELEASE, name).inputs;

  it('pins every chart to the exact version and source in versions.ts', () => {
    const expected: [string, keyof typeof CHARTS][] = [
      ['eks-kube-prometheus-stack', 'kubePrometheusStack'],
      ['eks-gpu-operator', 'gpuOperator'],
      ['eks-kueue', 'kueue'],
      ['eks-kuberay-operator', 'kuberay'],
      ['eks-kubeflow-trainer', 'trainer'],
      ['eks-kserve-crd', 'kserveCrd'],
      ['eks-kserve', 'kserveResources'],
    ];
    for (const [name, key] of expected) {
      const r = release(name);
      const pin = CHARTS[key];
      expect({ name, version: r['version'], chart: r['chart'], namespace: r['namespace'], repo: at(r, 'repositoryOpts.repo') }).toEqual({
        name,
        version: pin.version,
        chart: pin.chart,
        namespace: pin.namespace,
        repo: pin.repo,
      });
    }
  });

  it('takes the cert-manager version from the per-Kubernetes-minor map', () => {
    expect(release('eks-cert-manager')['version']).toBe(versionsForKubernetes('1.33').certManager);
    expect(release('kind-cert-manager')['version']).toBe(versionsForKubernetes('1.31').certManager);
    expect(release('eks-cert-manager')['values']).toEqual({ crds: { enabled: true, keep: true } });
  });

  // deployments/gpu-operator/templates/clusterpolicy.yaml@v26.7.0 is the only reader of the operand values and renders only with deployCR;
  // templates/nvidiadriver.yaml reads driver.enabled for the default NVIDIADriver.
  it('leaves every operand setting to the rendered ClusterPolicy: only deployCR off and no default NVIDIADriver', () => {
    expect(release('eks-gpu-operator')['values']).toEqual({ clusterPolicy: { deployCR: false }, driver: { enabled: false } });
  });

  // grafana chart 12.10.4 (kube-prometheus-stack 88.3.0's) templates/_helpers.tpl "grafana.password": random 40 characters, kept
  // through lookup, unless adminPassword is set; kube-prometheus-stack 88.3.0 no longer sets one.
  it('leaves Grafana to generate and keep its own admin password', () => {
    expect(at(release('eks-kube-prometheus-stack'), 'values.grafana.adminPassword')).toBeUndefined();
    expect(at(release('eks-kube-prometheus-stack'), 'values.grafana.admin')).toBeUndefined();
  });

  it('skips the GPU operator where GKE manages GPUs and on kind', () => {
    const names = mocks.ofType(RELEASE).map((r) => r.name);
    expect(names.filter((n) => n.startsWith('gke-'))).not.toContain('gke-gpu-operator');
    expect(names.filter((n) => n.startsWith('kind-'))).not.toContain('kind-gpu-operator');
    expect(names.filter((n) => n.startsWith('gke-'))).toContain('gke-kueue');
  });

  it('installs in the recommended order, each release depending on the previous one', () => {
    const order = [
      'eks-cert-manager',
      'eks-kube-prometheus-stack',
      'eks-gpu-operator',
      'eks-kueue',
      'eks-kuberay-operator',
      'eks-kubeflow-trainer',
      'eks-kserve-crd',
      'eks-kserve',
    ];
    expect(mocks.one(RELEASE, order[0]!).dependencies).toEqual([]);
    for (let i = 1; i < order.length; i++) {
      const deps = mocks.one(RELEASE, order[i]!).dependencies ?? [];
      expect(deps.some((urn) => urn.endsWith(`::${order[i - 1]}`))).toBe(true);
    }
  });

  it('uses the explicit provider and fixed Helm release names', () => {
    for (const r of mocks.ofType(RELEASE).filter((x) => x.name.startsWith('eks-'))) {
      expect(r.provider).toMatch(/pulumi:providers:kubernetes::eks-k8s::/);
      expect(r.inputs['name']).toBe(r.name.slice('eks-'.length));
    }
  });

  it('runs KServe in Standard mode and Kueue with fair sharing and the platform integrations', () => {
    expect(at(release('eks-kserve'), 'values.kserve.controller.deploymentMode')).toBe('Standard');
    // host names keep the service name and the namespace in separate DNS labels, so 40-character
    // workload and team names never make one label longer than 63 characters
    expect(at(release('eks-kserve'), 'values.kserve.controller.gateway.domainTemplate')).toBe('{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}');
    const config = parse(String(at(release('eks-kueue'), 'values.managerConfig.controllerManagerConfigYaml'))) as {
      apiVersion: string;
      integrations: { frameworks: string[] };
      fairSharing: { preemptionStrategies: string[] };
    };
    expect(config.apiVersion).toBe('config.kueue.x-k8s.io/v1beta2');
    expect(config.integrations.frameworks).toEqual(expect.arrayContaining(['trainer.kubeflow.org/trainjob', 'ray.io/rayjob', 'deployment', 'batch/job']));
    expect(config.fairSharing.preemptionStrategies).toEqual(['LessThanOrEqualToFinalShare', 'LessThanInitialShare']);
    // charts/kueue/values.yaml@v0.19.2 sets these; apis/config/v1beta2/defaults.go does not default them
    expect((config as unknown as { controller: { groupKindConcurrency: Record<string, number> } }).controller.groupKindConcurrency).toEqual({
      'ClusterQueue.kueue.x-k8s.io': 5,
      'Job.batch': 5,
      'LocalQueue.kueue.x-k8s.io': 5,
      Pod: 5,
      'ResourceFlavor.kueue.x-k8s.io': 1,
      'Workload.kueue.x-k8s.io': 10,
    });
  });

  it('installs no KServe runtime chart: every InferenceService uses the platform ServingRuntime', () => {
    expect(mocks.ofType(RELEASE).map((r) => String(r.inputs['chart']))).not.toContain('oci://ghcr.io/kserve/charts/kserve-runtime-configs');
  });

  it('reports what it installed', async () => {
    const installed = await valueOf(eks.installed);
    expect(installed[0]).toBe(`cert-manager@${versionsForKubernetes('1.33').certManager}`);
    expect(installed).toContain(`gpu-operator@${CHARTS.gpuOperator.version}`);
  });

  it('rejects an unknown Kubernetes minor before creating anything', () => {
    const provider = new k8s.Provider('bad-k8s', { context: 'x' });
    expect(() => new PlatformOperators('bad', { provider, kubernetesVersion: '1.20', gpuStack: 'none' })).toThrow(
      "PlatformOperators(bad).kubernetesVersion: Kubernetes minor '1.20' is not supported by the pinned stack",
    );
    expect(() => new PlatformOperators('bad2', { provider, kubernetesVersion: '1.33', gpuStack: 'none', timeoutSeconds: 5 })).toThrow(
      'PlatformOperators(bad2).timeoutSeconds: must be a whole number of seconds >= 60, got 5',
    );
  });
});
