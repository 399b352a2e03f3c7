/**
 * The Secrets the rendered objects reference but the platform never renders (passwords and
 * tokens stay out of manifests), so that whoever applies the manifests by hand can create them.
 */
import { HF_TOKEN_KEY, MODEL_DOWNLOAD_ACCOUNT } from '../kserve/model-download-account';
import type { ManifestObject } from './render';

/** A Secret some rendered object needs. */
export interface RequiredSecret {
  /** Namespace the Secret must be in. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
  /** Keys the objects read, sorted. */
  readonly keys: readonly string[];
  /** The objects that need it, as `Kind/name`, sorted. */
  readonly usedBy: readonly string[];
}

/** A `secretKeyRef` that names both its Secret and key. */
interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** Appends to `out` every `secretKeyRef` under `node`, in the order a depth-first walk meets them. */
function collectSecretKeyRefs(node: unknown, out: SecretKeyRef[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectSecretKeyRefs(item, out);
    return;
  }
  const rec = node as Record<string, unknown>;
  const ref = rec['secretKeyRef'] as { name?: string; key?: string } | undefined;
  if (ref?.name && ref.key) out.push({ name: ref.name, key: ref.key });
  for (const k in rec) collectSecretKeyRefs(rec[k], out);
}

/**
 * Every Secret referenced by the objects (`secretKeyRef` in any container's environment, and the
 * Secrets a model-download ServiceAccount lists, read for key `HF_TOKEN` by KServe's
 * storage-initializer) that is not itself among them. Sorted by namespace, then name.
 */
export function requiredSecrets(components: Readonly<Record<string, readonly ManifestObject[]>>): RequiredSecret[] {
  const all = Object.values(components).flat();
  const rendered = new Set(all.filter((o) => o.kind === 'Secret').map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`));
  const found = new Map<string, { namespace: string; name: string; keys: Set<string>; usedBy: Set<string> }>();
  const note = (namespace: string, name: string, key: string, by: string): void => {
    const id = `${namespace}/${name}`;
    if (rendered.has(id)) return;
    const entry = found.get(id) ?? { namespace, name, keys: new Set<string>(), usedBy: new Set<string>() };
    entry.keys.add(key);
    entry.usedBy.add(by);
    found.set(id, entry);
  };
  for (const o of all) {
    const namespace = o.metadata.namespace ?? 'default';
    const by = `${o.kind}/${o.metadata.name ?? ''}`;
    const refs: SecretKeyRef[] = [];
    collectSecretKeyRefs(o, refs);
    for (const ref of refs) note(namespace, ref.name, ref.key, by);
    if (o.kind === 'ServiceAccount' && o.metadata.name === MODEL_DOWNLOAD_ACCOUNT) {
      for (const s of (o['secrets'] as { name: string }[] | undefined) ?? []) note(namespace, s.name, HF_TOKEN_KEY, by);
    }
  }
  return [...found.values()]
    .map((e) => ({ namespace: e.namespace, name: e.name, keys: [...e.keys].sort(), usedBy: [...e.usedBy].sort() }))
    .sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1));
}

/**
 * A README for a manifests directory: the Secrets to create before `kubectl apply -f`, each with a
 * `kubectl create secret generic` command (values left for the reader to fill in). kubectl reads
 * only `.yaml`, `.yml` and `.json` files of a directory, so the note does not disturb an apply.
 */
export function secretsReadme(secrets: readonly RequiredSecret[]): string {
  const lines = [
    '# Secrets to create before applying these manifests',
    '',
    'The manifests reference these Secrets but never contain them. The Pulumi stacks create them; when',
    'applying the manifests yourself, create each one first (namespaces come from `tenancy.yaml` and',
    '`mlflow.yaml`, so apply the Namespaces, then the Secrets, then the rest):',
    '',
  ];
  for (const s of secrets) {
    lines.push(`## \`${s.namespace}/${s.name}\``, '', `Used by ${s.usedBy.map((u) => `\`${u}\``).join(', ')}.`, '', '```sh');
    lines.push(`kubectl -n ${s.namespace} create secret generic ${s.name} ${s.keys.map((k) => `--from-literal=${k}=...`).join(' ')}`, '```', '');
  }
  return lines.join('\n');
}
