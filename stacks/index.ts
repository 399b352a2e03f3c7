/**
 * The Pulumi program (`main: stacks/` in Pulumi.yaml): one platform per stack, described by the
 * platform file named in `cnai:platform`. `Pulumi.dev.yaml` targets kind, `Pulumi.staging.yaml`
 * GKE and `Pulumi.prod.yaml` EKS.
 */
import * as pulumi from '@pulumi/pulumi';

import { CnaiPlatform } from '../components';
import { loadHighsSolver } from '../solver/highs';
import { platformArgsFromConfig } from './config';

// The optimiser's solver loads asynchronously (a WebAssembly module); the platform is created once
// it is there, so the stack plans exactly as `cnai plan` does. Pulumi waits for the exports below.
const platform = loadHighsSolver().then((solver) => new CnaiPlatform(pulumi.getStack(), { ...platformArgsFromConfig(), solver }));

/** Kubeconfig of the cluster (secret): `pulumi stack output kubeconfig --show-secrets > kubeconfig`. */
export const kubeconfig = pulumi.output(platform.then((p) => p.kubeconfig));
/** Pools, GPUs and cost of the deployed plan. */
export const planSummary = pulumi.output(platform.then((p) => p.planSummary));
/** USD per hour at catalogue list prices. */
export const hourlyCost = pulumi.output(platform.then((p) => p.hourlyCost));
/** API server and MLflow backends. */
export const endpoints = pulumi.output(platform.then((p) => p.endpoints));
/** Helm releases installed, `<release>@<chart version>`. */
export const operators = pulumi.output(platform.then((p) => p.operators.installed));
