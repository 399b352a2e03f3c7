/**
 * Tenancy (namespaces, quotas, network policies, RBAC) and monitoring (monitors, rules, dashboards).
 */
import { GrafanaDashboards, PLATFORM_DASHBOARDS, renderDashboard } from '../../constructs/monitoring/dashboards';
import { PlatformMonitors } from '../../constructs/monitoring/monitors';
import { GpuPlatformRules } from '../../constructs/monitoring/rules';
import { teamResourceQuota } from '../../constructs/platform/team-quota';
import { renderObjects } from '../../constructs/platform/render';
import { TeamNetworkPolicies } from '../../constructs/tenancy/network-policies';
import { PlatformNamespace } from '../../constructs/tenancy/platform-namespace';
import { TeamAccess } from '../../constructs/tenancy/team-access';
import { TeamNamespace } from '../../constructs/tenancy/team-namespace';
import { fixturePlan } from './fixtures/plan';
import { find, loose, synth, testChart } from './helpers/objects';

describe('tenancy', () => {
  it('a team namespace enforces Pod Security restricted, with a quota and container defaults', () => {
    const chart = testChart();
    new TeamNamespace(chart, 't', { team: 'research', quota: { 'requests.nvidia.com/gpu': 8, 'requests.cpu': '16' } });
    const objects = synth(chart);
    expect(find(objects, 'Namespace').metadata['labels']).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'cnai.dev/team': 'research',
    });
    expect(find(objects, 'Namespace').metadata.name).toBe('team-research');
    expect(find(objects, 'ResourceQuota')['spec']).toEqual({ hard: { 'requests.cpu': '16', 'requests.nvidia.com/gpu': 8 } });
    expect(loose(find(objects, 'LimitRange')['spec']).limits[0]).toEqual({
      type: 'Container',
      defaultRequest: { cpu: '100m', memory: '256Mi' },
      default: { memory: '256Mi' },
    });
  });

  it('a namespace below restricted needs a reason', () => {
    expect(() => new PlatformNamespace(testChart(), 'x', { podSecurity: 'privileged' })).toThrow(
      "namespace 'x': Pod Security 'privileged' needs a podSecurityReason saying why 'restricted' is not enough",
    );
  });

  it('denies all traffic by default and allows DNS, node endpoints, the namespace, scrapes, a named ingress, MLflow and HTTPS out', () => {
    const chart = testChart();
    const np = new TeamNetworkPolicies(chart, 'n', { namespace: 'team-a', servingIngressNamespaces: ['istio-system'] });
    expect(np.policyNames).toEqual([
      'default-deny',
      'allow-dns',
      'allow-same-namespace',
      'allow-node-local',
      'allow-monitoring-scrape',
      'allow-mlflow',
      'allow-serving-ingress',
      'allow-internet-https',
    ]);
    // no gateway is installed by default, so no policy admits one
    expect(new TeamNetworkPolicies(testChart(), 'd', { namespace: 'team-b' }).policyNames).not.toContain('allow-serving-ingress');
    const objects = synth(chart);
    expect(find(objects, 'NetworkPolicy', 'default-deny')['spec']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const ingress = loose(find(objects, 'NetworkPolicy', 'allow-serving-ingress')['spec']);
    expect(ingress.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/component': 'inference' } });
    expect(ingress.ingress[0]!.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }]);
  });

  it("binds the team's groups to a Role without access to Secrets", () => {
    const chart = testChart();
    new TeamAccess(chart, 'a', { namespace: 'team-a', groups: ['b-group', 'a-group', 'a-group'] });
    const objects = synth(chart);
    expect(loose(find(objects, 'RoleBinding')['subjects'])).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'a-group' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'b-group' },
    ]);
    expect(JSON.stringify(find(objects, 'Role')['rules'])).not.toContain('secrets');
  });

  it("a team's ResourceQuota is its nominal quota plus what it may borrow", () => {
    // product: nominal 4 GPUs with borrowingLimit 0; research: 18 nominal + what product lends (4)
    expect(teamResourceQuota(fixturePlan(), 'product')).toMatchObject({ 'requests.nvidia.com/gpu': 4, 'requests.nvidia.com/mig-3g.40gb': 2 });
    expect(teamResourceQuota(fixturePlan(), 'research')).toMatchObject({ 'requests.nvidia.com/gpu': 22, 'requests.nvidia.com/gpu.shared': 3 });
    expect(teamResourceQuota(fixturePlan(), 'nobody')).toBeUndefined();
  });

  it("formats the plan's namespace quota numbers; a plan without them gets them derived from its ClusterQueues", () => {
    const p = fixturePlan();
    const product = p.quotas.namespaceQuotas.find((q) => q.team === 'product')!;
    const edited = {
      ...p,
      quotas: {
        ...p.quotas,
        namespaceQuotas: [
          {
            ...product,
            hard: { requestsCpuMilli: 1500, requestsMemoryBytes: 3 * 2 ** 30, limitsMemoryBytes: 2 ** 20, requestsExtended: { 'nvidia.com/gpu': 2 } },
          },
        ],
      },
    };
    // the constructs only format: milli-CPU as a CPU quantity, bytes as the largest exact binary unit, devices as counts
    expect(teamResourceQuota(edited, 'product')).toEqual({
      'limits.memory': '1Mi',
      'requests.cpu': '1500m',
      'requests.memory': '3Gi',
      'requests.nvidia.com/gpu': 2,
    });
    const { namespaceQuotas: _, ...older } = p.quotas;
    expect(teamResourceQuota({ ...p, quotas: older } as unknown as typeof p, 'research')).toEqual(teamResourceQuota(p, 'research'));
  });

  it('the plan gives each team a namespace, policies and, with groups, a RoleBinding', () => {
    const objects = renderObjects(fixturePlan())['tenancy']!;
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['team-product', 'team-research']);
    expect(objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.namespace)).toEqual(['team-research']);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny')).toHaveLength(2);
  });
});

describe('monitoring', () => {
  it('scrapes DCGM, MLflow, vLLM and Ray, labelled for kube-prometheus-stack, and leaves Kueue to its chart', () => {
    const chart = testChart();
    new PlatformMonitors(chart, 'm', {
      namespace: 'monitoring',
      targets: { gpuOperator: 'gpu-operator', mlflow: 'mlflow', teams: ['team-b', 'team-a'] },
    });
    const objects = synth(chart);
    // charts/kueue/templates/prometheus/monitor.yaml@v0.19.2 already scrapes Kueue (enablePrometheus: true)
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'PodMonitor/cnai-ray',
      'PodMonitor/cnai-vllm',
      'ServiceMonitor/cnai-dcgm-exporter',
      'ServiceMonitor/cnai-mlflow',
    ]);
    for (const o of objects) expect(o.metadata['labels']).toMatchObject({ release: 'kube-prometheus-stack' });
    expect(loose(find(objects, 'PodMonitor', 'cnai-vllm')['spec']).namespaceSelector).toEqual({ matchNames: ['team-a', 'team-b'] });
    expect(loose(find(objects, 'ServiceMonitor', 'cnai-dcgm-exporter')['spec']).endpoints[0]!.port).toBe('gpu-metrics');
  });

  it('alerts on XID errors, full GPU memory, idle GPUs, pending workloads and inference p95 latency', () => {
    const chart = testChart();
    const rules = new GpuPlatformRules(chart, 'r', { namespace: 'monitoring', inferenceP95Seconds: 4 });
    expect(rules.alerts).toEqual(['GpuXidError', 'GpuMemoryNearlyFull', 'GpuProvisionedIdle', 'KueueWorkloadsPendingTooLong', 'InferenceP95LatencyHigh']);
    const group = loose(find(synth(chart), 'PrometheusRule')['spec']).groups[0]!;
    expect(group.rules[4]!.expr).toBe('histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > 4');
    expect(() => new GpuPlatformRules(testChart(), 'bad', { namespace: 'm', gpuMemoryFullRatio: 1.5 })).toThrow(
      'gpuMemoryFullRatio must be in (0, 1], got 1.5',
    );
  });

  it('ships GPU fleet, quota and serving dashboards as sidecar ConfigMaps', () => {
    const chart = testChart();
    const d = new GrafanaDashboards(chart, 'd', { namespace: 'monitoring' });
    expect(d.configMapNames).toEqual(['cnai-gpu-fleet-dashboard', 'cnai-team-quotas-dashboard', 'cnai-serving-latency-dashboard']);
    const cm = find(synth(chart), 'ConfigMap', 'cnai-team-quotas-dashboard');
    expect(cm.metadata['labels']).toMatchObject({ grafana_dashboard: '1' });
    const json = JSON.parse(String(loose(cm['data'])['cnai-team-quotas.json']));
    expect(json.uid).toBe('cnai-team-quotas');
    expect(json.panels[0].targets[0].expr).toContain('kueue_cluster_queue_resource_usage');
    expect(renderDashboard(PLATFORM_DASHBOARDS[0]!)).toBe(renderDashboard(PLATFORM_DASHBOARDS[0]!));
  });
});
