/**
 * The Pulumi program (`main: stacks/` in Pulumi.yaml): one platform per stack, described by the
 * platform file named in `cnai:platform`. `Pulumi.dev.yaml` targets kind, `Pulumi.staging.yaml`
 * GKE and `Pulumi.prod.yaml` EKS.
 */
import * as pulumi from '@pulumi/pulumi';

import { CnaiPlatform } from '../components';
import { platformArgsFromConfig } from './config';

const platform = new CnaiPlatform(pulumi.getStack(), platformArgsFromConfig());

/** Kubeconfig of the cluster (secret): `pulumi stack output kubeconfig --show-secrets > kubeconfig`. */
export const kubeconfig = platform.kubeconfig;
/** Pools, GPUs and cost of the deployed plan. */
export const planSummary = platform.planSummary;
/** USD per hour at catalogue list prices. */
export const hourlyCost = platform.hourlyCost;
/** API server and MLflow backends. */
export const endpoints = platform.endpoints;
/** Helm releases installed, `<release>@<chart version>`. */
export const operators = platform.operators.installed;
