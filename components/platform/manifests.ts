/**
 * Splits rendered manifests so Namespaces are created before the objects that live in them
 * (Pulumi's YAML groups register objects without ordering them), and marks the objects whose
 * readiness Pulumi must not wait for.
 */
import { parseAllDocuments } from 'yaml';

/** A rendered Namespace, as created before everything else. */
export interface NamespaceObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Namespace';
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
}

/** Rendered manifests in apply order. */
export interface OrderedManifests {
  /** Every Namespace, sorted by name. */
  readonly namespaces: NamespaceObject[];
  /**
   * Every other object, as parsed objects, files in name order and documents in file order.
   * Handed to the YAML group as objects, not text: text would be decoded by the cluster's
   * provider, which is unknown in the first preview of a cloud stack, so that preview would show
   * none of them.
   */
  readonly objects: KubeObject[];
  /** `apiVersion/kind` of every object, for summaries and tests; sorted. */
  readonly kinds: string[];
}

/** A rendered Kubernetes object. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/**
 * The annotation that turns off Pulumi's await logic for one object (@pulumi/kubernetes 4.34
 * `yaml/yaml.js`, `skipAwait`): the object counts as ready once the API server accepts it.
 */
export const SKIP_AWAIT_ANNOTATION = 'pulumi.com/skipAwait';

/**
 * Kinds that run or front workload pods (`<apiVersion group>/<kind>`, core kinds without group).
 * Their readiness waits on GPU scheduling, MIG reconfiguration, Kueue admission, image pulls of
 * many GiB and volumes bound on first use, none of which belongs in an infrastructure update's
 * 10-minute await, so `pulumi up` does not wait for them.
 */
export const UNAWAITED_KINDS: readonly string[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Pod',
  'Job',
  'Service',
  'PersistentVolumeClaim',
  'InferenceService',
  'TrainJob',
  'RayCluster',
  'RayJob',
  'RayService',
  'JobSet',
];

/** True when Pulumi must not wait for the object's readiness (see {@link UNAWAITED_KINDS}). */
export function isUnawaited(obj: KubeObject): boolean {
  return typeof obj.kind === 'string' && UNAWAITED_KINDS.includes(obj.kind);
}

/** The object with {@link SKIP_AWAIT_ANNOTATION} set when it is one of {@link UNAWAITED_KINDS}. */
function markAwait(obj: KubeObject): KubeObject {
  if (!isUnawaited(obj)) return obj;
  const metadata = obj.metadata ?? {};
  return { ...obj, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), [SKIP_AWAIT_ANNOTATION]: 'true' } } };
}

/**
 * Orders the output of `renderManifests` (file name → YAML stream).
 *
 * @throws Error naming the file when a document is not valid YAML or not a Kubernetes object
 */
export function orderManifests(files: Readonly<Record<string, string>>): OrderedManifests {
  const namespaces: NamespaceObject[] = [];
  const objects: KubeObject[] = [];
  const kinds: string[] = [];
  for (const file of Object.keys(files).sort()) {
    const rest: KubeObject[] = [];
    for (const doc of parseAllDocuments(files[file]!)) {
      if (doc.errors.length > 0) throw new Error(`rendered manifest ${file} is not valid YAML: ${doc.errors[0]!.message}`);
      const obj = doc.toJS() as KubeObject | null;
      if (obj === null || obj === undefined) continue;
      if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
        throw new Error(`rendered manifest ${file} holds a document without apiVersion and kind`);
      }
      kinds.push(`${obj.apiVersion}/${obj.kind}`);
      if (obj.apiVersion === 'v1' && obj.kind === 'Namespace') {
        if (typeof obj.metadata?.name !== 'string') throw new Error(`rendered manifest ${file} holds a Namespace without metadata.name`);
        namespaces.push(obj as NamespaceObject);
      } else rest.push(markAwait(obj));
    }
    objects.push(...rest);
  }
  namespaces.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  return { namespaces, objects, kinds: kinds.sort() };
}
