import { Construct } from 'constructs';
import type { PoolTaint } from '../../planner/plan-types';
import * as kueue from '../imports/kueue.x-k8s.io';
import { NODE_POOL_LABEL } from '../common/labels';

/** Properties for {@link PoolResourceFlavor}. */
export interface PoolResourceFlavorProps {
  /**
   * Name of the ResourceFlavor; the plan uses the node pool's name.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Node labels that pin admitted pods to the pool.
   *
   * @default - `{ "cnai.dev/node-pool": <name> }`
   */
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /**
   * Taints the pool's nodes carry; Kueue admits only workloads that tolerate them, and the
   * flavor adds matching tolerations to admitted pods.
   *
   * @default - no taints
   */
  readonly nodeTaints?: readonly PoolTaint[];
}

/**
 * A Kueue ResourceFlavor for one node pool (`kueue.x-k8s.io/v1beta2`).
 *
 * Its node labels select exactly the pool, and its tolerations equal the pool's taints, so a
 * workload admitted on this flavor lands on this pool and nowhere else.
 *
 * @see https://kueue.sigs.k8s.io/docs/concepts/resource_flavor/
 */
export class PoolResourceFlavor extends Construct {
  /** Kubernetes name of the ResourceFlavor. */
  public readonly flavorName: string;
  /** Node labels the flavor selects. */
  public readonly nodeLabels: Readonly<Record<string, string>>;
  /** The generated ResourceFlavor. */
  public readonly resource: kueue.ResourceFlavor;

  constructor(scope: Construct, id: string, props: PoolResourceFlavorProps = {}) {
    super(scope, id);
    this.flavorName = props.name ?? id;
    this.nodeLabels = props.nodeLabels ?? { [NODE_POOL_LABEL]: this.flavorName };
    const taints = [...(props.nodeTaints ?? [])].sort((a, b) => (a.key === b.key ? (a.effect < b.effect ? -1 : 1) : a.key < b.key ? -1 : 1));
    this.resource = new kueue.ResourceFlavor(this, 'Resource', {
      metadata: { name: this.flavorName },
      spec: {
        nodeLabels: { ...this.nodeLabels },
        ...(taints.length > 0
          ? {
              nodeTaints: taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
              tolerations: taints.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect })),
            }
          : {}),
      },
    });
  }
}
