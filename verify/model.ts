/**
 * The shapes `cnai verify` reasons about: nodes as the deployment creates them, and the pods,
 * Kueue workloads and volume claims the controllers create from the rendered objects.
 *
 * Quantities are integers in named units: `cpu` in milli-CPU, `memory` in bytes, every other
 * resource (`pods`, `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, ...) in whole units.
 */

/** Resource name to amount (milli-CPU for `cpu`, bytes for `memory`, units otherwise). */
export type Resources = Readonly<Record<string, number>>;

/** A node taint. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
}

/** A pod toleration as the API spells it. */
export interface PodToleration {
  readonly key?: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: string;
}

/** One node of the target cluster. */
export interface NodeModel {
  /** Stable name: `<pool>-<index>`. */
  readonly name: string;
  /** Node group / node pool the node belongs to. */
  readonly pool: string;
  /** Labels the node carries once it has joined (pool labels plus the provider's own). */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  /** Allocatable resources, GPU extended resources included. */
  readonly allocatable: Resources;
}

/** A label selector (`matchLabels` only, the form the rendered objects use). */
export type MatchLabels = Readonly<Record<string, string>>;

/** A node selector requirement of required node affinity. */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

/** A `topologySpreadConstraints` entry with `whenUnsatisfiable: DoNotSchedule`. */
export interface SpreadConstraint {
  readonly topologyKey: string;
  readonly maxSkew: number;
  readonly matchLabels: MatchLabels;
  readonly minDomains?: number;
}

/** A required pod anti-affinity term. */
export interface AntiAffinityTerm {
  readonly topologyKey: string;
  readonly matchLabels: MatchLabels;
}

/** What the scheduler and Kueue see of one pod. */
export interface PodTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Required node affinity: terms ORed, requirements within a term ANDed. */
  readonly nodeAffinity: readonly (readonly NodeSelectorRequirement[])[];
  readonly tolerations: readonly PodToleration[];
  /** Effective requests, as the scheduler computes them (init containers, sidecars, overhead). */
  readonly requests: Resources;
  readonly spread: readonly SpreadConstraint[];
  readonly antiAffinity: readonly AntiAffinityTerm[];
  /** Names of the PersistentVolumeClaims the pod mounts. */
  readonly claims: readonly string[];
}

/** A group of identical pods (a Kueue PodSet). */
export interface PodSet {
  readonly name: string;
  readonly count: number;
  readonly template: PodTemplate;
}

/** How a Deployment replaces its pods (after the API server's defaults). */
export interface RolloutStrategy {
  readonly type: 'RollingUpdate' | 'Recreate';
  /** Pods above `replicas` during a rollout (rounded up from a percentage). */
  readonly maxSurge: number;
  /** Pods below `replicas` during a rollout (rounded down from a percentage). */
  readonly maxUnavailable: number;
}

/** A PersistentVolumeClaim the workload needs. */
export interface ClaimModel {
  /** Claim name (for StatefulSets, `<template>-<statefulset>-<ordinal>`). */
  readonly name: string;
  readonly namespace: string;
  /** `spec.storageClassName`; undefined means the cluster's default StorageClass. */
  readonly storageClassName?: string;
  /** Whether the claim object is rendered (or created by the StatefulSet controller). */
  readonly rendered: boolean;
}

/** How Kueue groups a workload's pods into Workload objects. */
export type AdmissionUnit = 'whole' | 'per-pod' | 'none';

/** One workload of the platform as the controllers materialise it. */
export interface WorkloadModel {
  /** `<namespace>/<name>`. */
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  /** Kind of the rendered object (InferenceService, TrainJob, RayCluster, StatefulSet, Job, Deployment). */
  readonly kind: string;
  /** LocalQueue of `kueue.x-k8s.io/queue-name`; undefined when Kueue does not manage it. */
  readonly queue?: string;
  /** WorkloadPriorityClass value (0 when none). */
  readonly priority: number;
  /**
   * `whole`: one Kueue Workload for every pod (Job, JobSet, RayCluster, StatefulSet pod group);
   * `per-pod`: each pod its own Workload (Deployment pods); `none`: not queued.
   */
  readonly admission: AdmissionUnit;
  readonly podSets: readonly PodSet[];
  /** Rollout of a Deployment; undefined for everything else. */
  readonly rollout?: RolloutStrategy;
  readonly claims: readonly ClaimModel[];
}

/** A StorageClass of the target cluster. */
export interface StorageClassModel {
  readonly name: string;
  /** Annotated `storageclass.kubernetes.io/is-default-class: "true"`. */
  readonly isDefault: boolean;
  /** Whether a provisioner that serves it runs on the target. */
  readonly provisioned: boolean;
}

/** The cluster a plan deploys to, as `cnai verify` models it. */
export interface TargetCluster {
  readonly provider: 'eks' | 'gke' | 'kind';
  readonly nodes: readonly NodeModel[];
  readonly storageClasses: readonly StorageClassModel[];
}
