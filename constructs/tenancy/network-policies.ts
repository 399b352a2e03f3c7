import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels } from '../common/labels';

/** Properties for {@link TeamNetworkPolicies}. */
export interface TeamNetworkPoliciesProps {
  /** The team's namespace. */
  readonly namespace: string;
  /**
   * Namespace of Prometheus, allowed to scrape every pod.
   *
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Namespaces of the ingress gateway that reaches inference pods on port 8080.
   *
   * @default ['ingress-nginx']
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

const TCP = 'TCP';
const nsSelector = (name: string): k8s.LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

/**
 * Default-deny NetworkPolicy for a team namespace plus explicit allows: DNS, traffic inside the
 * namespace, Prometheus scrapes, the serving ingress to inference pods, MLflow, and HTTPS out.
 */
export class TeamNetworkPolicies extends Construct {
  /** Names of the policies, in the order rendered. */
  public readonly policyNames: readonly string[];

  constructor(scope: Construct, id: string, props: TeamNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = appLabels(ns, 'tenancy');
    const policies: [string, k8s.NetworkPolicySpec][] = [
      ['default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
      [
        'allow-dns',
        {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ namespaceSelector: nsSelector('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [
                { port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' },
                { port: k8s.IntOrString.fromNumber(53), protocol: TCP },
              ],
            },
          ],
        },
      ],
      [
        'allow-same-namespace',
        { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
      ],
      [
        'allow-monitoring-scrape',
        { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: nsSelector(props.monitoringNamespace ?? 'monitoring') }] }] },
      ],
      [
        'allow-serving-ingress',
        {
          podSelector: { matchLabels: { 'app.kubernetes.io/component': 'inference' } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [...(props.servingIngressNamespaces ?? ['ingress-nginx'])].sort().map((n) => ({ namespaceSelector: nsSelector(n) })),
              ports: [{ port: k8s.IntOrString.fromNumber(8080), protocol: TCP }],
            },
          ],
        },
      ],
      [
        'allow-mlflow',
        {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            { to: [{ namespaceSelector: nsSelector(props.mlflowNamespace ?? 'mlflow') }], ports: [{ port: k8s.IntOrString.fromNumber(5000), protocol: TCP }] },
          ],
        },
      ],
    ];
    if (props.allowInternetHttps ?? true) {
      policies.push([
        'allow-internet-https',
        {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'] } }],
              ports: [{ port: k8s.IntOrString.fromNumber(443), protocol: TCP }],
            },
          ],
        },
      ]);
    }
    this.policyNames = policies.map(([name]) => name);
    for (const [name, spec] of policies) {
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, namespace: ns, labels }, spec });
    }
  }
}
