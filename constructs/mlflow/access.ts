import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels } from '../common/labels';

/** Name of the Role that lets team members open the MLflow UI. */
export const MLFLOW_USER_ROLE = 'cnai-mlflow-user';

/** Properties for {@link MlflowAccess}. */
export interface MlflowAccessProps {
  /** Namespace of the tracking server. */
  readonly namespace: string;
  /** Identity-provider groups of every team. */
  readonly groups: readonly string[];
}

/**
 * RBAC for the shared MLflow UI: team groups may find the server's pods and Service and
 * `kubectl port-forward` to them (the API server checks `create` on `pods/portforward`), nothing
 * else in the namespace. Renders nothing when no team names a group.
 */
export class MlflowAccess extends Construct {
  /** The generated Role, when any group is bound. */
  public readonly role?: k8s.KubeRole;

  constructor(scope: Construct, id: string, props: MlflowAccessProps) {
    super(scope, id);
    const groups = [...new Set(props.groups)].sort();
    if (groups.length === 0) return;
    const labels = appLabels(MLFLOW_USER_ROLE, 'mlflow');
    this.role = new k8s.KubeRole(this, 'Role', {
      metadata: { name: MLFLOW_USER_ROLE, namespace: props.namespace, labels },
      rules: [
        { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list'] },
        { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata: { name: MLFLOW_USER_ROLE, namespace: props.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: MLFLOW_USER_ROLE },
      subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
    });
  }
}
