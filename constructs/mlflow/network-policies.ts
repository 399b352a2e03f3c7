import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels, TEAM_LABEL } from '../common/labels';
import { baselinePolicies, namespaceNamed, type NamedPolicy, renderPolicies } from '../tenancy/network-policies';
import { MLFLOW_PORT } from './tracking-server';

/** Properties for {@link MlflowNetworkPolicies}. */
export interface MlflowNetworkPoliciesProps {
  /** Namespace of the tracking server. */
  readonly namespace: string;
  /**
   * Namespace of Prometheus, allowed to scrape the server's `/metrics`.
   *
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Port of an external backend database (RDS, Cloud SQL) the server connects to; its address is
   * not known when rendering, so egress to this port is open to every address.
   *
   * @default - none: the database runs in the namespace
   */
  readonly externalDatabasePort?: number;
}

/**
 * NetworkPolicies of the MLflow namespace: default deny, then the baseline (DNS, node credential
 * endpoints, the namespace itself so the server reaches its in-cluster Postgres, HTTPS out for
 * the S3/GCS artifact store), the tracking port from every team namespace (namespaces labelled
 * `cnai.dev/team`) and from Prometheus, and the external database's port where there is one.
 *
 * The server is shared by all teams and has no authentication of its own; this keeps everything
 * but the team namespaces and monitoring away from it (see docs/decisions/0007-shared-mlflow.md).
 */
export class MlflowNetworkPolicies extends Construct {
  /** Names of the policies, in the order rendered. */
  public readonly policyNames: readonly string[];

  constructor(scope: Construct, id: string, props: MlflowNetworkPoliciesProps) {
    super(scope, id);
    const tracking: k8s.NetworkPolicyPort = { port: k8s.IntOrString.fromNumber(MLFLOW_PORT), protocol: 'TCP' };
    const policies: NamedPolicy[] = [
      ...baselinePolicies({ allowInternetHttps: true }),
      [
        'allow-team-clients',
        {
          podSelector: { matchLabels: { 'app.kubernetes.io/component': 'tracking-server' } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                { namespaceSelector: { matchExpressions: [{ key: TEAM_LABEL, operator: 'Exists' }] } },
                { namespaceSelector: namespaceNamed(props.monitoringNamespace ?? 'monitoring') },
              ],
              ports: [tracking],
            },
          ],
        },
      ],
    ];
    if (props.externalDatabasePort !== undefined) {
      policies.push([
        'allow-external-database',
        {
          podSelector: { matchLabels: { 'app.kubernetes.io/component': 'tracking-server' } },
          policyTypes: ['Egress'],
          egress: [{ ports: [{ port: k8s.IntOrString.fromNumber(props.externalDatabasePort), protocol: 'TCP' }] }],
        },
      ]);
    }
    this.policyNames = renderPolicies(this, props.namespace, appLabels(props.namespace, 'mlflow'), policies);
  }
}
