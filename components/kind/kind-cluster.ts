/**
 * `KindCluster`: the platform on an existing kind cluster on a laptop or CI runner. CPU only;
 * creates no cloud resource, only a Kubernetes provider bound to the kind context.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import type { Plan } from '../../planner/plan-types';
import type { IPlatformCluster } from '../cluster';
import { ComponentArgsError, checkPlanFor } from '../validation';

/** Arguments of `KindCluster`. */
export interface KindClusterArgs {
  /** The plan to deploy; must target `kind` and carry no GPU pool. */
  readonly plan: Plan;
  /**
   * Kubeconfig context of the kind cluster (`kind create cluster --name cnai` names it `kind-cnai`).
   * @default - `kind-<plan.platform>`
   */
  readonly context?: pulumi.Input<string>;
  /**
   * Kubeconfig contents or file path.
   * @default - the ambient kubeconfig (`$KUBECONFIG` or `~/.kube/config`)
   */
  readonly kubeconfig?: pulumi.Input<string>;
}

/**
 * An existing kind cluster as a deployment target.
 *
 * @example
 * const kind = new KindCluster('dev', { plan, context: 'kind-cnai' });
 * new k8s.core.v1.Namespace('demo', {}, { provider: kind.provider });
 */
export class KindCluster extends pulumi.ComponentResource implements IPlatformCluster {
  /** Kubernetes provider bound to the kind context. */
  public readonly provider: k8s.Provider;
  /** The kubeconfig passed in (secret); empty when the ambient kubeconfig is used. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** The kubeconfig context. */
  public readonly clusterName: pulumi.Output<string>;
  /** Not known without contacting the cluster; always empty. */
  public readonly endpoint: pulumi.Output<string>;
  /** kind nodes have no GPU, so no GPU software is installed. */
  public readonly gpuStack = 'none' as const;

  constructor(name: string, args: KindClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    validateKindArgs(name, args);
    super('cnai:kind:KindCluster', name, {}, opts);

    const context = args.context ?? `kind-${args.plan.platform}`;
    this.provider = new k8s.Provider(`${name}-k8s`, { context, ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}) }, { parent: this });
    this.kubeconfig = pulumi.secret(pulumi.output(args.kubeconfig ?? ''));
    this.clusterName = pulumi.output(context);
    this.endpoint = pulumi.output('');
    this.registerOutputs({ kubeconfig: this.kubeconfig, clusterName: this.clusterName, endpoint: this.endpoint });
  }
}

function validateKindArgs(name: string, args: KindClusterArgs): void {
  const where = `KindCluster(${name})`;
  checkPlanFor(args.plan, 'kind', where);
  args.plan.nodePools.forEach((pool, i) => {
    if (pool.gpuModel !== null || pool.gpusPerNode > 0) {
      throw new ComponentArgsError(
        `${where}.plan.nodePools[${i}]`,
        `pool '${pool.name}' has ${pool.gpusPerNode} x ${pool.gpuModel ?? 'GPU'} but kind nodes have no GPU; fix: mark GPU workloads cpuFallback: true or deploy to eks/gke`,
      );
    }
  });
}
