/**
 * Facts of the EKS cluster the stack creates that other layers read without loading Pulumi
 * (`cnai verify` models the target's StorageClasses from them).
 */

/** Name of the default StorageClass the EKS stack creates (encrypted gp3 through the EBS CSI driver). */
export const EKS_DEFAULT_STORAGE_CLASS = 'gp3';
