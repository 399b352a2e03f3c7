import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels } from '../common/labels';

/** Pod Security Standard levels. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** Properties for {@link PlatformNamespace}. */
export interface PlatformNamespaceProps {
  /**
   * Name of the namespace.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Pod Security level enforced, audited and warned about.
   *
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Why a namespace needs a level below `restricted`; required for anything else, and recorded
   * as the `cnai.dev/pod-security-reason` annotation so reviewers see it on the object.
   *
   * @default - none (only allowed with 'restricted')
   */
  readonly podSecurityReason?: string;
  /**
   * Extra labels.
   *
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Namespace with Pod Security admission labels (`pod-security.kubernetes.io/enforce`, `audit`,
 * `warn`), `restricted` unless a reason for less is given.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class PlatformNamespace extends Construct {
  /** Kubernetes name of the namespace. */
  public readonly namespaceName: string;
  /** Effective Pod Security level. */
  public readonly podSecurity: PodSecurityLevel;
  /** The generated Namespace. */
  public readonly resource: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps = {}) {
    super(scope, id);
    this.namespaceName = props.name ?? id;
    this.podSecurity = props.podSecurity ?? 'restricted';
    if (this.podSecurity !== 'restricted' && !props.podSecurityReason) {
      throw new Error(`namespace '${this.namespaceName}': Pod Security '${this.podSecurity}' needs a podSecurityReason saying why 'restricted' is not enough`);
    }
    this.resource = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.namespaceName,
        labels: {
          ...appLabels(this.namespaceName, 'namespace'),
          ...props.labels,
          'pod-security.kubernetes.io/audit': this.podSecurity,
          'pod-security.kubernetes.io/enforce': this.podSecurity,
          'pod-security.kubernetes.io/warn': this.podSecurity,
        },
        ...(props.podSecurityReason ? { annotations: { 'cnai.dev/pod-security-reason': props.podSecurityReason } } : {}),
      },
    });
  }
}
