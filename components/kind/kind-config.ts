/**
 * The kind cluster configuration a kind plan needs: one control-plane node and, per planned
 * node of each pool, one worker carrying that pool's node labels (the Kueue ResourceFlavor and
 * every workload select on them, so a plain `kind create cluster` would leave them all Pending).
 *
 * Pure data: `cnai synth` writes it next to the manifests and `kind create cluster --config`
 * reads it; `cnai verify --target plan` reads the same object as the nodes of a kind target.
 */
import type { Plan } from '../../planner/plan-types';

/** One node of a kind cluster configuration (`kind.x-k8s.io/v1alpha4` `Node`). */
export interface KindNodeConfig {
  /** `control-plane` or `worker`. */
  readonly role: 'control-plane' | 'worker';
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
 * The kind cluster configuration of a kind plan.
 *
 * @throws Error when the plan does not target kind
 */
export function kindClusterConfig(plan: Plan): KindClusterConfig {
  if (plan.provider !== 'kind') {
    throw new Error(`kind cluster configuration: plan '${plan.platform}' targets ${plan.provider}, not kind`);
  }
  const workers: KindNodeConfig[] = plan.nodePools.flatMap((pool) =>
    Array.from({ length: pool.nodes }, () => ({ role: 'worker' as const, labels: { ...pool.labels } })),
  );
  return { kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: plan.platform, nodes: [{ role: 'control-plane' }, ...workers] };
}
