/**
 * An admission policy that keeps team Services inside the cluster: no `LoadBalancer` or
 * `NodePort` type and no `externalIPs`. Team members may create Services (notebooks and
 * predictors need them), and RBAC cannot tell one Service type from another; a cloud load
 * balancer or a node port would expose a workload to the internet past the team's
 * NetworkPolicies, and `externalIPs` can capture other traffic (CVE-2020-8554).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** Name of the ValidatingAdmissionPolicy and its binding. */
export const SERVICE_EXPOSURE_POLICY = 'cnai-team-services-cluster-internal';

/** CEL validations of the policy, with the message a refused request gets. */
export const SERVICE_EXPOSURE_RULES: readonly { readonly expression: string; readonly message: string }[] = [
  {
    expression: "!has(object.spec.type) || (object.spec.type != 'LoadBalancer' && object.spec.type != 'NodePort')",
    message: 'team Services must be ClusterIP or headless: LoadBalancer and NodePort would expose the workload outside the cluster',
  },
  {
    expression: '!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0',
    message: 'team Services must not set spec.externalIPs',
  },
];

/**
 * Creates the policy and a binding that denies violations in the team namespaces.
 *
 * @param namespaces the team namespaces (`plan.teams[].namespace`)
 */
export function createServiceExposurePolicy(
  name: string,
  namespaces: readonly string[],
  opts: pulumi.CustomResourceOptions,
): { policy: k8s.admissionregistration.v1.ValidatingAdmissionPolicy; binding: k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding } {
  const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
    `${name}-service-exposure`,
    {
      metadata: { name: SERVICE_EXPOSURE_POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] }],
        },
        validations: SERVICE_EXPOSURE_RULES.map((r) => ({ expression: r.expression, message: r.message })),
      },
    },
    opts,
  );
  const binding = new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
    `${name}-service-exposure`,
    {
      metadata: { name: SERVICE_EXPOSURE_POLICY },
      spec: {
        policyName: SERVICE_EXPOSURE_POLICY,
        validationActions: ['Deny'],
        matchResources: {
          namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...new Set(namespaces)].sort() }] },
        },
      },
    },
    { ...opts, dependsOn: [policy] },
  );
  return { policy, binding };
}
