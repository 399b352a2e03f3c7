/**
 * The EKS add-ons the platform depends on beyond a bare cluster: the VPC CNI with NetworkPolicy
 * enforcement, the EBS CSI driver with its Pod Identity role, and the default StorageClass that
 * notebook and MLflow volume claims bind through.
 */
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

import { type EksAddonKey, EKS_ADDONS, eksAddonVersion } from '../../versions';
import { EKS_DEFAULT_STORAGE_CLASS } from './cluster-facts';

export { EKS_DEFAULT_STORAGE_CLASS } from './cluster-facts';

/** ServiceAccount of the EBS CSI controller (the add-on's own name for it). */
export const EBS_CSI_CONTROLLER_SERVICE_ACCOUNT = 'ebs-csi-controller-sa';
/** AWS managed policy the EBS CSI controller needs to create, attach and delete volumes. */
export const EBS_CSI_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy';

/**
 * `configurationValues` of the `vpc-cni` add-on: without `enableNetworkPolicy` the VPC CNI
 * accepts NetworkPolicy objects and enforces none of them.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 */
export const VPC_CNI_CONFIGURATION = JSON.stringify({ enableNetworkPolicy: 'true' });

/**
 * The `addonName` and, where `versions.ts` pins one for the minor, the `addonVersion` arguments
 * of an EKS add-on (`eks.Addon` args of @pulumi/aws). Without a version EKS installs the add-on's
 * default version for the cluster's Kubernetes version.
 */
export function addonArgs(key: EksAddonKey, kubernetesVersion: string): { addonName: string; addonVersion?: string } {
  const version = eksAddonVersion(key, kubernetesVersion);
  return { addonName: EKS_ADDONS[key].name, ...(version !== undefined ? { addonVersion: version } : {}) };
}

/** What `createClusterAddons` needs. */
export interface ClusterAddonsInputs {
  readonly cluster: aws.eks.Cluster;
  /** The cluster's Kubernetes minor, which the pinned add-on versions are chosen by. */
  readonly kubernetesVersion: string;
  /** The Pod Identity agent; the EBS CSI controller gets its credentials through it. */
  readonly podIdentityAgent: aws.eks.Addon;
  /** Nodes the add-ons' controllers run on (the system node group). */
  readonly systemNodes: readonly pulumi.Resource[];
}

/** The add-ons, for callers and tests. */
export interface ClusterAddons {
  readonly vpcCni: aws.eks.Addon;
  readonly ebsCsi: aws.eks.Addon;
  readonly ebsCsiRole: aws.iam.Role;
}

/**
 * Creates the VPC CNI and EBS CSI add-ons as children of the cluster component.
 *
 * EKS reports an add-on ACTIVE only once its pods run, so the EBS CSI add-on waits for the system
 * nodes; the VPC CNI is already running on every cluster as a self-managed DaemonSet, which the
 * add-on takes over (`resolveConflictsOnCreate: OVERWRITE`).
 */
export function createClusterAddons(name: string, inputs: ClusterAddonsInputs, opts: pulumi.CustomResourceOptions): ClusterAddons {
  const vpcCni = new aws.eks.Addon(
    `${name}-vpc-cni`,
    {
      clusterName: inputs.cluster.name,
      ...addonArgs('vpcCni', inputs.kubernetesVersion),
      configurationValues: VPC_CNI_CONFIGURATION,
      resolveConflictsOnCreate: 'OVERWRITE',
    },
    opts,
  );
  const ebsCsiRole = new aws.iam.Role(
    `${name}-ebs-csi`,
    {
      description: 'Assumed by the EBS CSI controller through EKS Pod Identity',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      }),
    },
    opts,
  );
  const ebsPolicy = new aws.iam.RolePolicyAttachment(`${name}-ebs-csi`, { role: ebsCsiRole.name, policyArn: EBS_CSI_POLICY_ARN }, opts);
  const ebsCsi = new aws.eks.Addon(
    `${name}-ebs-csi`,
    {
      clusterName: inputs.cluster.name,
      ...addonArgs('ebsCsiDriver', inputs.kubernetesVersion),
      podIdentityAssociations: [{ roleArn: ebsCsiRole.arn, serviceAccount: EBS_CSI_CONTROLLER_SERVICE_ACCOUNT }],
    },
    { ...opts, dependsOn: [inputs.podIdentityAgent, ebsPolicy, ...inputs.systemNodes] },
  );
  return { vpcCni, ebsCsi, ebsCsiRole };
}

/**
 * The cluster's default StorageClass: encrypted gp3 volumes from the EBS CSI driver, bound when
 * the first pod is scheduled (`WaitForFirstConsumer`), so a volume is created in that pod's zone.
 */
export function createDefaultStorageClass(name: string, ebsCsi: aws.eks.Addon, opts: pulumi.CustomResourceOptions): k8s.storage.v1.StorageClass {
  return new k8s.storage.v1.StorageClass(
    `${name}-gp3`,
    {
      metadata: { name: EKS_DEFAULT_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
    },
    { ...opts, dependsOn: [ebsCsi] },
  );
}
