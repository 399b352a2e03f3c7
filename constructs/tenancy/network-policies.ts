import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels } from '../common/labels';
import { VLLM_PORT } from '../kserve/vllm-runtime';
import { RAY_METRICS_PORT } from '../kuberay/cluster-spec';
import { MLFLOW_PORT } from '../mlflow/tracking-server';

/** Properties for {@link TeamNetworkPolicies}. */
export interface TeamNetworkPoliciesProps {
  /** The team's namespace. */
  readonly namespace: string;
  /**
   * Namespace of Prometheus, allowed to scrape the metrics ports of the team's pods.
   *
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Namespaces of an ingress gateway that reaches inference pods on port 8080. The platform
   * installs none: users reach predictors and notebooks with `kubectl port-forward`, which
   * NetworkPolicies do not filter (the kubelet connects inside the pod's network namespace).
   *
   * @default - no ingress from other namespaces
   */
  readonly servingIngressNamespaces?: readonly string[];
  /**
   * Namespace of the MLflow tracking server the team's pods may reach.
   *
   * @default 'mlflow'
   */
  readonly mlflowNamespace?: string;
  /**
   * Allow HTTPS to addresses outside the cluster's private ranges (model and dataset downloads).
   *
   * @default true
   */
  readonly allowInternetHttps?: boolean;
}

/** Ports Prometheus scrapes on team pods: vLLM's server and Ray's metrics exporter. */
export const TEAM_METRICS_PORTS: readonly number[] = [...new Set([VLLM_PORT, RAY_METRICS_PORT])].sort((a, b) => a - b);

/**
 * Link-local services on the node that pods must reach and that the internet-HTTPS rule excludes
 * with 169.254.0.0/16: the NodeLocal DNSCache address (EKS and GKE add-ons), the EKS Pod
 * Identity agent, and the GKE metadata server that serves Workload Identity tokens.
 */
export const NODE_LOCAL_ENDPOINTS: readonly {
  readonly cidr: string;
  readonly ports: readonly { port: number; protocol: 'TCP' | 'UDP' }[];
  readonly what: string;
}[] = [
  // kubernetes.io/docs/tasks/administer-cluster/nodelocaldns: the cache listens on 169.254.20.10
  {
    cidr: '169.254.20.10/32',
    ports: [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ],
    what: 'NodeLocal DNSCache',
  },
  // docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html: the agent serves credentials on 169.254.170.23:80
  { cidr: '169.254.170.23/32', ports: [{ port: 80, protocol: 'TCP' }], what: 'EKS Pod Identity agent' },
  // cloud.google.com/kubernetes-engine/docs/concepts/workload-identity: pods query 169.254.169.254:80,
  // served by the gke-metadata-server on 169.254.169.252:988 (UNVERIFIED against the current page: the port-988 rule is from earlier GKE network-policy guidance)
  { cidr: '169.254.169.254/32', ports: [{ port: 80, protocol: 'TCP' }], what: 'GKE metadata server' },
  { cidr: '169.254.169.252/32', ports: [{ port: 988, protocol: 'TCP' }], what: 'GKE metadata server (Workload Identity)' },
];

/** A NetworkPolicy by name. */
export type NamedPolicy = readonly [name: string, spec: k8s.NetworkPolicySpec];

/** The Namespace selector of one namespace by name (the label the API server sets on every Namespace). */
export const namespaceNamed = (name: string): k8s.LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

const port = (n: number, protocol: 'TCP' | 'UDP' = 'TCP'): k8s.NetworkPolicyPort => ({ port: k8s.IntOrString.fromNumber(n), protocol });

/**
 * The policies every platform namespace starts from: deny everything, then allow DNS (kube-dns
 * and NodeLocal DNSCache), the node's credential endpoints, traffic inside the namespace and,
 * optionally, HTTPS to addresses outside the private ranges.
 */
export function baselinePolicies(opts: { readonly allowInternetHttps: boolean }): NamedPolicy[] {
  const policies: NamedPolicy[] = [
    ['default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
    [
      'allow-dns',
      {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: namespaceNamed('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [port(53, 'UDP'), port(53)],
          },
        ],
      },
    ],
    [
      'allow-same-namespace',
      { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
    ],
    [
      'allow-node-local',
      {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: NODE_LOCAL_ENDPOINTS.map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: e.ports.map((p) => port(p.port, p.protocol)) })),
      },
    ],
  ];
  if (opts.allowInternetHttps) {
    policies.push([
      'allow-internet-https',
      {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'] } }],
            ports: [port(443)],
          },
        ],
      },
    ]);
  }
  return policies;
}

/** Renders named policies into a namespace under `scope`, one child per policy (id = name). */
export function renderPolicies(scope: Construct, namespace: string, labels: Record<string, string>, policies: readonly NamedPolicy[]): string[] {
  for (const [name, spec] of policies) new k8s.KubeNetworkPolicy(scope, name, { metadata: { name, namespace, labels }, spec });
  return policies.map(([name]) => name);
}

/**
 * Default-deny NetworkPolicy for a team namespace plus explicit allows: the baseline (DNS, also
 * through NodeLocal DNSCache, the node's credential endpoints, the namespace itself, HTTPS out),
 * Prometheus scrapes of the metrics ports, MLflow and, where one is named, an ingress gateway.
 */
export class TeamNetworkPolicies extends Construct {
  /** Names of the policies, in the order rendered. */
  public readonly policyNames: readonly string[];

  constructor(scope: Construct, id: string, props: TeamNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const base = baselinePolicies({ allowInternetHttps: props.allowInternetHttps ?? true });
    const policies: NamedPolicy[] = [
      ...base.filter(([name]) => name !== 'allow-internet-https'),
      [
        'allow-monitoring-scrape',
        {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [
            { from: [{ namespaceSelector: namespaceNamed(props.monitoringNamespace ?? 'monitoring') }], ports: TEAM_METRICS_PORTS.map((p) => port(p)) },
          ],
        },
      ],
      [
        'allow-mlflow',
        {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ to: [{ namespaceSelector: namespaceNamed(props.mlflowNamespace ?? 'mlflow') }], ports: [port(MLFLOW_PORT)] }],
        },
      ],
    ];
    const ingressNamespaces = [...(props.servingIngressNamespaces ?? [])].sort();
    if (ingressNamespaces.length > 0) {
      policies.push([
        'allow-serving-ingress',
        {
          podSelector: { matchLabels: { 'app.kubernetes.io/component': 'inference' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: ingressNamespaces.map((n) => ({ namespaceSelector: namespaceNamed(n) })), ports: [port(VLLM_PORT)] }],
        },
      ]);
    }
    policies.push(...base.filter(([name]) => name === 'allow-internet-https'));
    this.policyNames = renderPolicies(this, ns, appLabels(ns, 'tenancy'), policies);
  }
}
