/**
 * What the API server, the network plugin and MLflow do with the tenancy, access and MLflow
 * objects we render: who may reach what, and through which path.
 */
import { mlflowAllowedHosts, MlflowTrackingServer } from '../../constructs/mlflow/tracking-server';
import { renderObjects, type ManifestObject } from '../../constructs/platform/render';
import { NODE_LOCAL_ENDPOINTS, TeamNetworkPolicies, TEAM_METRICS_PORTS } from '../../constructs/tenancy/network-policies';
import { TeamAccess } from '../../constructs/tenancy/team-access';
import { fixturePlan } from './fixtures/plan';
import { find, type Loose, loose, synth, testChart } from './helpers/objects';

/** Shell-style matching as MLflow's `--allowed-hosts` patterns use it (fnmatch: `*` matches anything). */
function fnmatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(value);
}

/** Whether an egress rule list lets a pod reach `ip:port/protocol` (ipBlock rules only). */
function egressAllows(policies: readonly ManifestObject[], ip: string, port: number, protocol: string): boolean {
  const inCidr = (cidr: string): boolean => {
    const [base, bits] = cidr.split('/') as [string, string];
    const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
    return (toInt(ip) & mask) >>> 0 === (toInt(base) & mask) >>> 0;
  };
  return policies.some((p) =>
    ((loose(p['spec']).egress as unknown as Loose[] | undefined) ?? []).some((rule) => {
      const to = (rule.to as unknown as { ipBlock?: { cidr: string; except?: string[] } }[] | undefined) ?? [];
      const ports = (rule.ports as unknown as { port: number; protocol: string }[] | undefined) ?? [];
      const ipOk = to.some((t) => t.ipBlock && inCidr(t.ipBlock.cidr) && !(t.ipBlock.except ?? []).some(inCidr));
      return ipOk && ports.some((pp) => pp.port === port && pp.protocol === protocol);
    }),
  );
}

describe('team network policies', () => {
  const policies = () => {
    const chart = testChart();
    new TeamNetworkPolicies(chart, 'n', { namespace: 'team-a' });
    return synth(chart);
  };

  it('let pods reach NodeLocal DNS, the EKS Pod Identity agent and the GKE metadata server', () => {
    // NetworkPolicy semantics: an egress allow must name the link-local address; 169.254.0.0/16 is excluded from HTTPS out
    const np = policies();
    expect(egressAllows(np, '169.254.20.10', 53, 'UDP')).toBe(true);
    expect(egressAllows(np, '169.254.170.23', 80, 'TCP')).toBe(true);
    expect(egressAllows(np, '169.254.169.254', 80, 'TCP')).toBe(true);
    expect(egressAllows(np, '169.254.169.252', 988, 'TCP')).toBe(true);
    // and nothing else on link-local
    expect(egressAllows(np, '169.254.1.1', 443, 'TCP')).toBe(false);
    expect(NODE_LOCAL_ENDPOINTS.length).toBe(4);
  });

  it('open only the metrics ports to Prometheus', () => {
    const scrape = loose(find(policies(), 'NetworkPolicy', 'allow-monitoring-scrape')['spec']).ingress[0]!;
    expect(scrape.ports).toEqual(TEAM_METRICS_PORTS.map((port) => ({ port, protocol: 'TCP' })));
    expect(TEAM_METRICS_PORTS).toEqual([8080]);
  });
});

describe('access from outside the namespace', () => {
  it('members may port-forward to their pods: the API server authorizes create on pods/portforward', () => {
    const chart = testChart();
    new TeamAccess(chart, 'a', { namespace: 'team-a', groups: ['g'] });
    const rules = find(synth(chart), 'Role')['rules'] as { resources: string[]; verbs: string[] }[];
    expect(rules.find((r) => r.resources.includes('pods/portforward'))?.verbs).toEqual(['create']);
  });

  it("every team's groups may port-forward to the shared MLflow, and only to it", () => {
    const objects = renderObjects(fixturePlan())['mlflow']!;
    const role = find(objects, 'Role', 'cnai-mlflow-user');
    expect(role['rules']).toEqual([
      { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
    ]);
    expect((find(objects, 'RoleBinding', 'cnai-mlflow-user')['subjects'] as { name: string }[]).map((s) => s.name)).toEqual(['ml-admins', 'research-devs']);
  });
});

describe('MLflow', () => {
  it('accepts the Host header of every client of its Service', () => {
    // MLflow >= 3.5 answers 403 to a Host outside --allowed-hosts (docs: self-hosting/security/network)
    const chart = testChart();
    const server = new MlflowTrackingServer(chart, 'm', { namespace: 'mlflow' });
    const args = loose(find(synth(chart), 'Deployment', 'mlflow')['spec']).template.spec.containers[0]!.args as unknown as string[];
    const allowed = args
      .find((a) => a.startsWith('--allowed-hosts='))!
      .slice('--allowed-hosts='.length)
      .split(',');
    expect(allowed).toEqual(mlflowAllowedHosts('mlflow', 'mlflow'));
    const hosts = [new URL(server.trackingUri).host, 'mlflow.mlflow.svc:5000', 'mlflow.mlflow:5000', 'mlflow:5000', 'localhost:5000', '127.0.0.1:15000'];
    for (const host of hosts) expect(allowed.some((p) => fnmatch(p, host))).toBe(true);
    expect(allowed.some((p) => fnmatch(p, 'evil.example.com'))).toBe(false);
  });

  it('its namespace denies by default and admits only team namespaces and Prometheus on the tracking port', () => {
    const objects = renderObjects(fixturePlan())['mlflow']!.filter((o) => o.kind === 'NetworkPolicy');
    expect(objects.map((o) => o.metadata.name)).toEqual(
      expect.arrayContaining(['default-deny', 'allow-dns', 'allow-same-namespace', 'allow-node-local', 'allow-internet-https', 'allow-team-clients']),
    );
    const clients = loose(find(objects, 'NetworkPolicy', 'allow-team-clients')['spec']).ingress[0]!;
    expect(clients.from).toEqual([
      { namespaceSelector: { matchExpressions: [{ key: 'cnai.dev/team', operator: 'Exists' }] } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    expect(clients.ports).toEqual([{ port: 5000, protocol: 'TCP' }]);
    // team namespaces carry the label the selector needs
    const ns = find(renderObjects(fixturePlan())['tenancy']!, 'Namespace', 'team-product');
    expect(ns.metadata['labels']).toMatchObject({ 'cnai.dev/team': 'product' });
  });
});
