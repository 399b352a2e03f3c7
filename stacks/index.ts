/**
 * The Pulumi program (`main: stacks/` in Pulumi.yaml): one platform per stack, described by the
 * platform file named in `cnai:platform`. `Pulumi.dev.yaml` targets kind, `Pulumi.staging.yaml`
 * GKE and `Pulumi.prod.yaml` EKS.
 */
import * as pulumi from '@pulumi/pulumi';

import { CnaiPlatform } from '../components';
import { loadHighsSolver } from '../solver/highs';
import { platformArgsFromConfig } from './config';

/**
 * The program: Pulumi calls the exported function and registers what it returns as the stack's
 * outputs (the async entry point of the Node.js SDK, pulumi/pulumi#3321). It is async because the
 * optimiser's solver loads asynchronously (a WebAssembly module), and the platform is planned with
 * it, so the stack deploys exactly the plan `cnai plan` prints.
 */
export = async () => {
  const solver = await loadHighsSolver();
  const platform = new CnaiPlatform(pulumi.getStack(), { ...platformArgsFromConfig(), solver });
  return {
    /** Kubeconfig of the cluster (secret): `pulumi stack output kubeconfig --show-secrets > kubeconfig`. */
    kubeconfig: platform.kubeconfig,
    /** Pools, GPUs and cost of the deployed plan. */
    planSummary: platform.planSummary,
    /** USD per hour at catalogue list prices. */
    hourlyCost: platform.hourlyCost,
    /** API server and MLflow backends. */
    endpoints: platform.endpoints,
    /** Helm releases installed, `<release>@<chart version>`. */
    operators: platform.operators.installed,
  };
};
