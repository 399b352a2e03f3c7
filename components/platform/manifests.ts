/**
 * Splits rendered manifests so Namespaces are created before the objects that live in them
 * (Pulumi's YAML groups register objects without ordering them).
 */
import { parseAllDocuments, stringify } from 'yaml';

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
  /** Every other object, one YAML stream per rendered file, files in name order. */
  readonly objects: string[];
  /** `apiVersion/kind` of every object, for summaries and tests; sorted. */
  readonly kinds: string[];
}

interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
}

/**
 * Orders the output of `renderManifests` (file name → YAML stream).
 *
 * @throws Error naming the file when a document is not valid YAML or not a Kubernetes object
 */
export function orderManifests(files: Readonly<Record<string, string>>): OrderedManifests {
  const namespaces: NamespaceObject[] = [];
  const objects: string[] = [];
  const kinds: string[] = [];
  for (const file of Object.keys(files).sort()) {
    const rest: unknown[] = [];
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
      } else rest.push(obj);
    }
    if (rest.length > 0) objects.push(rest.map((o) => stringify(o)).join('---\n'));
  }
  namespaces.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  return { namespaces, objects, kinds: kinds.sort() };
}
