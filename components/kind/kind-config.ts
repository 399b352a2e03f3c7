/**
 * The kind cluster configuration a kind plan needs: one control-plane node and, per planned
 * node of each pool, one worker carrying that pool's node labels (the Kueue ResourceFlavor and
 * every workload select on them, so a plain `kind create cluster` would leave them all Pending),
 * every node on the kind node image pinned for the plan's Kubernetes minor.
 *
 * Pure data: `examples/kind-laptop/kind-config.yaml` is this object for the kind example (a test
 * keeps the two equal), `kind create cluster --config` reads it; `cnai verify --target plan`
 * reads the same object as the nodes of a kind target.
 */
import { stringify } from 'yaml';

import type { Plan } from '../../planner/plan-types';
import { KIND } from '../../versions';

/** One node of a kind cluster configuration (`kind.x-k8s.io/v1alpha4` `Node`). */
export interface KindNodeConfig {
  /** `control-plane` or `worker`. */
  readonly role: 'control-plane' | 'worker';
  /** Node image: decides the node's Kubernetes version. */
  readonly image: string;
  /** Node labels kind applies when it creates the node. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A kind cluster configuration (`kind.x-k8s.io/v1alpha4` `Cluster`). */
export interface KindClusterConfig {
  readonly kind: 'Cluster';
  readonly apiVersion: 'kind.x-k8s.io/v1alpha4';
  /** Cluster name; `kind-<name>` is the kubeconfig context. */
  readonly name: string;
  /** The control plane first, then one worker per planned node, pool by pool in plan order. */
  readonly nodes: readonly KindNodeConfig[];
}

/**
 * The kind node image pinned for a Kubernetes minor.
 *
 * @throws Error naming the minor and the pinned ones when no image is pinned for it
 */
export function kindNodeImage(minor: string): string {
  const image = KIND.nodeImages[minor];
  if (image === undefined) {
    const known = Object.keys(KIND.nodeImages).sort().join(', ');
    throw new Error(
      `kind ${KIND.version} has no node image pinned for Kubernetes ${minor} (pinned: ${known}); fix: set spec.target.kubernetesVersion to one of them for kind`,
    );
  }
  return image;
}

/**
 * The kind cluster configuration of a kind plan.
 *
 * @throws Error when the plan does not target kind, or its minor has no pinned node image
 */
export function kindClusterConfig(plan: Plan): KindClusterConfig {
  if (plan.provider !== 'kind') {
    throw new Error(`kind cluster configuration: plan '${plan.platform}' targets ${plan.provider}, not kind`);
  }
  const image = kindNodeImage(plan.kubernetesVersion);
  const workers: KindNodeConfig[] = plan.nodePools.flatMap((pool) =>
    Array.from({ length: pool.nodes }, () => ({ role: 'worker' as const, image, labels: { ...pool.labels } })),
  );
  return { kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: plan.platform, nodes: [{ role: 'control-plane', image }, ...workers] };
}

/** {@link kindClusterConfig} as the YAML file `kind create cluster --config` reads. */
export function kindClusterConfigYaml(plan: Plan): string {
  return `# kind cluster for platform '${plan.platform}', generated from its plan (kindClusterConfig).\n${stringify(kindClusterConfig(plan))}`;
}
