/**
 * The platform's manifests as YAML text, one file per component, for `cnai synth` and the
 * Pulumi components.
 */
import { ApiObject, App } from 'cdk8s';
import type { Plan } from '../../planner/plan-types';
import type { PlatformOptions } from './options';
import { PLATFORM_COMPONENTS, PlatformChart } from './platform-chart';
import { withPlainJson } from './plain-json';
import { YamlWriter } from './yaml-writer';

/** A Kubernetes object as plain JSON. */
export interface ManifestObject {
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name, namespace, labels and annotations. */
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Apply order inside a file: namespaces, then cluster-wide queueing objects, then the rest. */
const KIND_RANK: Readonly<Record<string, number>> = {
  Namespace: 0,
  Cohort: 1,
  WorkloadPriorityClass: 1,
  ResourceFlavor: 1,
  ClusterQueue: 2,
  LocalQueue: 3,
  ServingRuntime: 3,
  ClusterTrainingRuntime: 3,
  ServiceAccount: 3,
  ConfigMap: 3,
  PersistentVolumeClaim: 3,
};

function compareObjects(a: ManifestObject, b: ManifestObject): number {
  const key = (o: ManifestObject): string[] => [String(KIND_RANK[o.kind] ?? 5), o.kind, o.metadata.namespace ?? '', o.metadata.name ?? ''];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! !== kb[i]!) return ka[i]! < kb[i]! ? -1 : 1;
  }
  return 0;
}

/**
 * Every object of the planned platform, grouped by component (`tenancy`, `kueue`, `kserve`, ...)
 * and sorted in apply order; components without objects are left out.
 */
export function renderObjects(plan: Plan, options: PlatformOptions = {}): Record<string, ManifestObject[]> {
  const chart = new PlatformChart(new App(), 'platform', { plan, ...options });
  const out: Record<string, ManifestObject[]> = {};
  withPlainJson(() => {
    for (const name of PLATFORM_COMPONENTS) {
      const objects = chart.components[name].node
        .findAll()
        .filter((c): c is ApiObject => c instanceof ApiObject)
        .map((o) => o.toJson() as ManifestObject)
        .sort(compareObjects);
      if (objects.length > 0) out[name] = objects;
    }
  });
  return out;
}

/**
 * The planned platform as YAML, one multi-document file per component (`kueue.yaml`,
 * `kserve.yaml`, `tenancy.yaml`, ...). Pure and deterministic: the same plan and options give
 * the same bytes (keys sorted, objects in a total order).
 *
 * @returns file name -> YAML text
 */
export function renderManifests(plan: Plan, options: PlatformOptions = {}): Record<string, string> {
  return manifestFiles(renderObjects(plan, options));
}

/** Rendered objects as YAML, one multi-document file per component (`<component>.yaml`). */
export function manifestFiles(components: Readonly<Record<string, readonly ManifestObject[]>>): Record<string, string> {
  const files: Record<string, string> = {};
  // one writer for all files: components share most of their names, labels and quantities
  const yaml = new YamlWriter();
  for (const [component, objects] of Object.entries(components)) {
    files[`${component}.yaml`] = objects.map((o) => yaml.document(o)).join('---\n');
  }
  return files;
}
