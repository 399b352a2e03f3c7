import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels } from '../common/labels';

/** Name of the Role team members get in their namespace. */
export const TEAM_ROLE_NAME = 'cnai-team-member';

/** Properties for {@link TeamAccess}. */
export interface TeamAccessProps {
  /** The team's namespace. */
  readonly namespace: string;
  /** Identity-provider groups bound to the team's Role. */
  readonly groups: readonly string[];
}

const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];

/**
 * RBAC for a team: a Role that manages the platform's workload kinds in the namespace (and only
 * reads pods, logs and queues), bound to the team's groups.
 *
 * No access to Secrets, RBAC, quotas or network policies: those belong to the platform.
 */
export class TeamAccess extends Construct {
  /** The generated Role. */
  public readonly role: k8s.KubeRole;

  constructor(scope: Construct, id: string, props: TeamAccessProps) {
    super(scope, id);
    const labels = appLabels(props.namespace, 'tenancy');
    this.role = new k8s.KubeRole(this, 'Role', {
      metadata: { name: TEAM_ROLE_NAME, namespace: props.namespace, labels },
      rules: [
        { apiGroups: ['serving.kserve.io'], resources: ['inferenceservices'], verbs: WRITE },
        { apiGroups: ['trainer.kubeflow.org'], resources: ['trainjobs'], verbs: WRITE },
        { apiGroups: ['ray.io'], resources: ['rayclusters', 'rayjobs'], verbs: WRITE },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: WRITE },
        { apiGroups: ['apps'], resources: ['statefulsets', 'deployments'], verbs: WRITE },
        { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'services'], verbs: WRITE },
        { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: READ },
        // `kubectl port-forward` to a notebook or predictor: the one access path from outside
        // the namespace (the apiserver checks create on pods/portforward; svc/ targets also read services)
        { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
        { apiGroups: ['kueue.x-k8s.io'], resources: ['localqueues', 'workloads'], verbs: READ },
      ],
    });
    const groups = [...new Set(props.groups)].sort();
    if (groups.length > 0) {
      new k8s.KubeRoleBinding(this, 'Binding', {
        metadata: { name: TEAM_ROLE_NAME, namespace: props.namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: TEAM_ROLE_NAME },
        subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
      });
    }
  }
}
