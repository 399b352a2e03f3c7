/**
 * The platform's manifests as YAML text, one file per component, for `cnai synth` and the
 * Pulumi components.
 */
import { ApiObject, App } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Plan } from '../../planner/plan-types';
import type { PlatformOptions } from './options';
import { buildPlatformChart, PLATFORM_COMPONENTS } from './platform-chart';
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

/** The sort key of an object in its file: kind rank, kind, namespace, name. */
function orderKey(o: ManifestObject): string[] {
  return [String(KIND_RANK[o.kind] ?? 5), o.kind, o.metadata.namespace ?? '', o.metadata.name ?? ''];
}

function compareKeys(ka: readonly string[], kb: readonly string[]): number {
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! !== kb[i]!) return ka[i]! < kb[i]! ? -1 : 1;
  }
  return 0;
}

/** The objects in apply order (a stable sort on {@link orderKey}, each key made once). */
function inApplyOrder(objects: readonly ManifestObject[]): ManifestObject[] {
  const keyed = objects.map((o) => ({ o, key: orderKey(o) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((k) => k.o);
}

/**
 * Every object of the planned platform, grouped by component (`tenancy`, `kueue`, `kserve`, ...)
 * and sorted in apply order; components without objects are left out.
 *
 * The objects are those of a {@link PlatformChart}, each as its `toJson` gives it. They are
 * rendered while the chart is built, a team or workload at a time, and their constructs dropped
 * from the tree once rendered, so a platform of many teams never holds its whole construct tree
 * beside its JSON.
 */
export function renderObjects(plan: Plan, options: PlatformOptions = {}): Record<string, ManifestObject[]> {
  return withPlainJson(() => {
    const rendered = new Map<Construct, ManifestObject[]>();
    // ids already rendered and dropped, per component: the tree no longer refuses them twice
    const dropped = new Map<Construct, Set<string>>();
    const flush = (component: Construct): void => {
      let objects = rendered.get(component);
      if (!objects) rendered.set(component, (objects = []));
      let ids = dropped.get(component);
      if (!ids) dropped.set(component, (ids = new Set()));
      for (const child of component.node.children) {
        const id = child.node.id;
        // the message constructs' addChild gives for a name used twice
        if (ids.has(id)) throw new Error(`There is already a Construct with name '${id}' in Construct [${component.node.id}]`);
        for (const c of child.node.findAll()) if (c instanceof ApiObject) objects.push(c.toJson() as ManifestObject);
        component.node.tryRemoveChild(id);
        ids.add(id);
      }
    };
    const chart = buildPlatformChart(new App(), 'platform', { plan, ...options }, flush);
    const out: Record<string, ManifestObject[]> = {};
    for (const name of PLATFORM_COMPONENTS) {
      const component = chart.components[name];
      flush(component);
      const objects = inApplyOrder(rendered.get(component)!);
      if (objects.length > 0) out[name] = objects;
    }
    return out;
  });
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
