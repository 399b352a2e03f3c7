/**
 * Validates core Kubernetes objects with the kubernetes-models classes.
 */

interface ModelClass {
  new (obj: unknown): { validate(): void };
}

/** Module path of an apiVersion in kubernetes-models (`apps/v1`, `v1`, `networking.k8s.io/v1`). */
function modulePath(apiVersion: string): string {
  return `kubernetes-models/${apiVersion.includes('/') ? apiVersion : `v1`}`;
}

/** Throws with the schema errors when the object is not a valid core object; returns false when kubernetes-models has no such kind. */
export function validateCore(obj: { apiVersion: string; kind: string }): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath(obj.apiVersion)) as Record<string, ModelClass | undefined>;
  const Model = mod[obj.kind];
  if (!Model) return false;
  new Model(obj).validate();
  return true;
}

/** Whether an apiVersion is a core Kubernetes API group. */
export function isCoreApi(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}
