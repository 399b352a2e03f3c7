/**
 * A rendered pod spec as the scheduler sees it: effective requests, node selection, tolerations,
 * spread and anti-affinity, and the claims it mounts.
 */
import { cpuMilliOf, memoryBytesOf } from '../planner/resolve/quantity';
import type { AntiAffinityTerm, NodeSelectorRequirement, PodTemplate, PodToleration, Resources, SpreadConstraint } from './model';

/** A container as rendered (only what decides scheduling). */
export interface RawContainer {
  readonly name?: string;
  readonly resources?: { readonly requests?: Readonly<Record<string, unknown>>; readonly limits?: Readonly<Record<string, unknown>> };
  readonly restartPolicy?: string;
}

/** A pod spec as rendered (only what decides scheduling). */
export interface RawPodSpec {
  readonly containers?: readonly RawContainer[];
  readonly initContainers?: readonly RawContainer[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly PodToleration[];
  readonly affinity?: {
    readonly nodeAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution?: {
        readonly nodeSelectorTerms?: readonly { readonly matchExpressions?: readonly NodeSelectorRequirement[] }[];
      };
    };
    readonly podAntiAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly {
        readonly topologyKey: string;
        readonly labelSelector?: { readonly matchLabels?: Readonly<Record<string, string>> };
      }[];
    };
  };
  readonly topologySpreadConstraints?: readonly {
    readonly topologyKey: string;
    readonly maxSkew: number;
    readonly whenUnsatisfiable?: string;
    readonly minDomains?: number;
    readonly labelSelector?: { readonly matchLabels?: Readonly<Record<string, string>> };
  }[];
  readonly volumes?: readonly { readonly persistentVolumeClaim?: { readonly claimName: string } }[];
  readonly overhead?: Readonly<Record<string, unknown>>;
}

/**
 * Parsed quantities, CPU apart from the rest (`cpu` reads in milli-CPU): a fleet repeats a
 * handful of quantity strings many thousand times.
 */
const parsedCpu = new Map<string, number>();
const parsedOther = new Map<string, number>();

/** A quantity in the unit of its resource: milli-CPU for `cpu`, bytes for `memory`, units otherwise. */
export function amountOf(resource: string, q: unknown): number {
  const isCpu = resource === 'cpu';
  if (typeof q === 'number') return isCpu ? cpuMilliOf(q) : memoryBytesOf(q);
  const v = String(q);
  const cache = isCpu ? parsedCpu : parsedOther;
  let n = cache.get(v);
  if (n === undefined) {
    n = isCpu ? cpuMilliOf(v) : memoryBytesOf(v);
    cache.set(v, n);
  }
  return n;
}

/** A container's requests; a resource with only a limit is requested at its limit (API defaulting). */
export function containerRequests(c: RawContainer): Record<string, number> {
  const out: Record<string, number> = {};
  const limits = c.resources?.limits;
  const requests = c.resources?.requests;
  if (limits) for (const r in limits) out[r] = amountOf(r, limits[r]);
  if (requests) for (const r in requests) out[r] = amountOf(r, requests[r]);
  return out;
}

function addInto(into: Record<string, number>, add: Resources): void {
  for (const r in add) into[r] = (into[r] ?? 0) + add[r]!;
}

/**
 * Effective pod requests as kube-scheduler and Kueue compute them: the app containers and
 * restartable (sidecar) init containers add up; each classic init container runs alone next to
 * the sidecars started before it; the pod asks for the larger of the two, plus its overhead
 * (k8s.io/component-helpers resource/helpers.go `PodRequests`, Kubernetes 1.33).
 */
export function effectiveRequests(spec: RawPodSpec): Record<string, number> {
  const reqs: Record<string, number> = {};
  for (const c of spec.containers ?? []) addInto(reqs, containerRequests(c));
  const sidecars: Record<string, number> = {};
  const initMax: Record<string, number> = {};
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      addInto(reqs, r);
      addInto(sidecars, r);
      continue;
    }
    const running: Record<string, number> = { ...sidecars };
    addInto(running, r);
    for (const [k, v] of Object.entries(running)) initMax[k] = Math.max(initMax[k] ?? 0, v);
  }
  for (const [k, v] of Object.entries(initMax)) reqs[k] = Math.max(reqs[k] ?? 0, v);
  for (const [r, q] of Object.entries(spec.overhead ?? {})) reqs[r] = (reqs[r] ?? 0) + amountOf(r, q);
  reqs['pods'] = 1;
  return reqs;
}

/** The scheduling view of a pod spec with its labels. */
export function podTemplateOf(spec: RawPodSpec, labels: Readonly<Record<string, string>>): PodTemplate {
  const spread: SpreadConstraint[] = (spec.topologySpreadConstraints ?? [])
    .filter((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule')
    .map((c) => ({
      topologyKey: c.topologyKey,
      maxSkew: c.maxSkew,
      matchLabels: { ...(c.labelSelector?.matchLabels ?? {}) },
      ...(c.minDomains ? { minDomains: c.minDomains } : {}),
    }));
  const antiAffinity: AntiAffinityTerm[] = (spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => ({
    topologyKey: t.topologyKey,
    matchLabels: { ...(t.labelSelector?.matchLabels ?? {}) },
  }));
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return {
    labels: { ...labels },
    nodeSelector: { ...(spec.nodeSelector ?? {}) },
    nodeAffinity: terms.map((t) => [...(t.matchExpressions ?? [])]),
    tolerations: [...(spec.tolerations ?? [])],
    requests: effectiveRequests(spec),
    spread,
    antiAffinity,
    claims: (spec.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])),
  };
}
