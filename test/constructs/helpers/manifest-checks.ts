/**
 * Checks the API server (and the platform's security baseline) applies to rendered objects beyond
 * their schemas: names and label values within the limits of their kind, every container within
 * the baseline, and custom resources in a version their CRD serves.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ManifestObject } from '../../../constructs/platform/render';
import { IMAGES } from '../../../versions';
import { containersOf } from './objects';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Label values: empty, or up to 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Kinds whose names must be DNS-1123 labels (63 characters): namespaces; objects whose name
 * becomes a label value, a pod hostname or a Service name (Jobs, StatefulSets, the workload CRDs,
 * queues referenced by the queue-name label).
 */
const LABEL_NAMED = new Set([
  'Namespace',
  'Service',
  'StatefulSet',
  'Job',
  'InferenceService',
  'RayCluster',
  'RayJob',
  'TrainJob',
  'LocalQueue',
  'ClusterQueue',
]);

/** Why an object's name (and every label value inside it) would be refused, if it would. */
export function nameProblems(o: ManifestObject): string[] {
  const out: string[] = [];
  const name = o.metadata.name ?? '';
  const id = `${o.kind} ${o.metadata.namespace ?? ''}/${name}`;
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) out.push(`${id}: name is not a DNS-1123 subdomain of at most 253 characters`);
  if (LABEL_NAMED.has(o.kind) && (!DNS1123_LABEL.test(name) || name.length > 63)) out.push(`${id}: name is not a DNS-1123 label of at most 63 characters`);
  // the API server validates Service names as DNS-1035 labels (they become DNS names and env vars)
  if (o.kind === 'Service' && !DNS1035_LABEL.test(name)) out.push(`${id}: a Service name must be a DNS-1035 label (start with a letter)`);
  const ns = o.metadata.namespace;
  if (ns !== undefined && (!DNS1123_LABEL.test(ns) || ns.length > 63)) out.push(`${id}: namespace is not a DNS-1123 label of at most 63 characters`);
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if ((k === 'labels' || k === 'matchLabels' || k === 'nodeSelector') && v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [lk, lv] of Object.entries(v as Record<string, unknown>)) {
          if (typeof lv !== 'string' || lv.length > 63 || !LABEL_VALUE.test(lv))
            out.push(`${id}: ${where}.${k}['${lk}'] = ${JSON.stringify(lv)} is not a valid label value`);
        }
      }
      walk(v, `${where}.${k}`);
    }
  };
  walk(o, '');
  return out;
}

/** Why a container would break the security baseline, if it would. */
export function baselineProblems(o: ManifestObject, overrides: ReadonlySet<string>): string[] {
  const pinned = new Set<string>(Object.values(IMAGES));
  return containersOf(o).flatMap(({ where, container, podSecurityContext }) => {
    const out: string[] = [];
    const res = container['resources'] as { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;
    if (res?.requests?.['cpu'] === undefined || res.requests['memory'] === undefined || res.limits?.['memory'] === undefined) {
      out.push(`${where}: needs CPU and memory requests and a memory limit`);
    }
    const sec = (container['securityContext'] ?? {}) as Record<string, unknown>;
    const caps = sec['capabilities'] as { drop?: unknown } | undefined;
    const seccomp = sec['seccompProfile'] as { type?: unknown } | undefined;
    if (
      sec['allowPrivilegeEscalation'] !== false ||
      sec['readOnlyRootFilesystem'] !== true ||
      sec['runAsNonRoot'] !== true ||
      JSON.stringify(caps?.drop) !== '["ALL"]' ||
      seccomp?.type !== 'RuntimeDefault'
    ) {
      out.push(`${where}: container security context below the baseline: ${JSON.stringify(sec)}`);
    }
    if (podSecurityContext && (podSecurityContext['runAsNonRoot'] !== true || !((podSecurityContext['runAsUser'] as number) > 0))) {
      out.push(`${where}: pod security context must run as a non-root user id: ${JSON.stringify(podSecurityContext)}`);
    }
    const img = container['image'];
    if (img !== undefined && !pinned.has(String(img)) && !overrides.has(String(img)))
      out.push(`${where}: image ${String(img)} is neither pinned in versions.ts nor the file's override`);
    return out;
  });
}

/**
 * Served versions per `group/kind`, read from the CRD files the validator uses. Files are named
 * `<group>_<plural>.yaml` upstream, so only the CRDs of kinds actually rendered are parsed.
 */
export class ServedVersions {
  private readonly files: readonly string[];
  private readonly served = new Map<string, Set<string>>();

  constructor(crdDir: string) {
    this.files = listYaml(crdDir);
  }

  /** Whether the API server serves the object's apiVersion for its kind. */
  public has(apiVersion: string, kind: string): boolean {
    const [group, version] = apiVersion.split('/');
    const key = `${group}/${kind}`;
    if (!this.served.has(key)) {
      const lower = kind.toLowerCase();
      const names = [`${group}_${lower}s.yaml`, `${group}_${lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}es`}.yaml`];
      this.served.set(key, new Set());
      for (const file of this.files.filter((f) => names.includes(path.basename(f)))) {
        for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
          const crd = doc.toJS() as { kind?: string; spec?: { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] } } | null;
          if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec || `${crd.spec.group}/${crd.spec.names.kind}` !== key) continue;
          for (const v of crd.spec.versions) if (v.served) this.served.get(key)!.add(v.name);
        }
      }
    }
    return this.served.get(key)!.has(version ?? '');
  }
}

function listYaml(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? listYaml(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : []));
}
