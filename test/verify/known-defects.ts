/**
 * The defects `cnai verify` finds today in plans the planner emits, so the property over random
 * platform files can assert that nothing else fails. Each class names its cause; when its fix
 * lands, its pattern stops matching anything and should be removed.
 */
import type { ManifestObject } from '../../constructs/platform/render';
import type { Plan } from '../../planner/plan-types';
import { verifyObjects } from '../../verify/verify';

/**
 * Kueue quotas are exactly the planned capacity, so an InferenceService with 1 to 3 replicas
 * (25 % maxUnavailable rounds down to 0) never gets its surge pod admitted.
 */
export const SURGE_NOT_ADMITTED = /^rollout blocked: the surge pod \(maxSurge 1, maxUnavailable 0\) is not admitted: /;

/** The EKS stack installs no EBS CSI driver and no default StorageClass, so every claim stays Pending. */
export const NO_STORAGE_CLASS_ON_EKS = /names no StorageClass and eks has no default StorageClass/;

/**
 * The RayCluster head (1 CPU, 4 GiB, no node selector) is neither in the planner's demand nor
 * pinned to a pool: Kueue admits it on the first flavor with quota, and whatever that quota was
 * planned for is then not admitted. Recognised by verifying again with heads that request nothing.
 */
function withoutRayHeadRequests(objects: readonly ManifestObject[]): ManifestObject[] {
  return objects.map((o) => {
    if (o.kind !== 'RayCluster') return o;
    const spec = o['spec'] as { headGroupSpec: { template: { spec: { containers: { resources?: unknown }[] } } } };
    const template = spec.headGroupSpec.template;
    const containers = template.spec.containers.map((c) => ({ ...c, resources: {} }));
    return { ...o, spec: { ...spec, headGroupSpec: { ...spec.headGroupSpec, template: { ...template, spec: { ...template.spec, containers } } } } };
  });
}

/** Verify failures of a plan not explained by one of the known defects above, as `workload: reason`. */
export function unexplainedVerifyFailures(plan: Plan, objects: readonly ManifestObject[]): string[] {
  const report = verifyObjects(plan, objects);
  const failing = report.workloads.filter((w) => w.reason !== '' && !SURGE_NOT_ADMITTED.test(w.reason) && !NO_STORAGE_CLASS_ON_EKS.test(w.reason));
  if (failing.length === 0) return [];
  const again = new Map(verifyObjects(plan, withoutRayHeadRequests(objects)).workloads.map((w) => [w.workload, w.reason]));
  return failing
    .filter((w) => {
      const reason = again.get(w.workload) ?? '';
      return reason !== '' && !SURGE_NOT_ADMITTED.test(reason) && !NO_STORAGE_CLASS_ON_EKS.test(reason);
    })
    .map((w) => `${plan.provider} ${w.workload}: ${w.reason}`);
}
