/**
 * What every cluster component hands to the platform: a Kubernetes provider bound to the new
 * cluster, its kubeconfig, and the cloud backends MLflow uses.
 */
import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

/** Where the MLflow tracking server keeps its runs and artifacts on a cloud. */
export interface MlflowBackend {
  /** Artifact root, `s3://<bucket>/mlflow` or `gs://<bucket>/mlflow`. */
  readonly artifactRoot: pulumi.Output<string>;
  /** Host name of the managed Postgres. */
  readonly databaseHost: pulumi.Output<string>;
  /** Port of the managed Postgres. */
  readonly databasePort: pulumi.Output<number>;
  /** Database MLflow owns. */
  readonly databaseName: pulumi.Output<string>;
  /** Database user MLflow logs in as. */
  readonly databaseUser: pulumi.Output<string>;
  /** That user's password (a Pulumi secret). */
  readonly databasePassword: pulumi.Output<string>;
  /**
   * Annotations the MLflow ServiceAccount needs for pod-level cloud credentials (GKE Workload
   * Identity); empty where the binding lives outside the cluster (EKS Pod Identity). Known when
   * the program starts, because the rendered manifests are plain YAML.
   */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
}

/** Which component manages the NVIDIA software stack on the cluster's GPU nodes. */
export type GpuStack = 'gpu-operator' | 'gke-managed' | 'none';

/** The Kubernetes ServiceAccount MLflow runs as; cloud credentials are bound to it. */
export interface MlflowIdentity {
  /**
   * Namespace of the MLflow tracking server.
   * @default 'mlflow'
   */
  readonly namespace?: string;
  /**
   * ServiceAccount of the MLflow tracking server.
   * @default 'mlflow'
   */
  readonly serviceAccount?: string;
}

/** Default namespace of the MLflow tracking server (matches the rendered manifests). */
export const DEFAULT_MLFLOW_NAMESPACE = 'mlflow';
/** Default ServiceAccount of the MLflow tracking server (matches the rendered manifests). */
export const DEFAULT_MLFLOW_SERVICE_ACCOUNT = 'mlflow';

/** A cluster the platform can be deployed onto. */
export interface IPlatformCluster {
  /** Kubernetes provider bound to this cluster; every in-cluster resource uses it. */
  readonly provider: k8s.Provider;
  /** Kubeconfig of the cluster (a Pulumi secret); empty when the provider uses the ambient kubeconfig. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Cluster name (kind: the kubeconfig context). */
  readonly clusterName: pulumi.Output<string>;
  /** API server endpoint, where known. */
  readonly endpoint: pulumi.Output<string>;
  /** Who manages drivers, device plugin and MIG on GPU nodes. */
  readonly gpuStack: GpuStack;
  /** Cloud storage and database for MLflow; absent on kind, where MLflow runs MinIO and Postgres in-cluster. */
  readonly mlflow?: MlflowBackend;
  /**
   * In-cluster prerequisites of the workloads beyond the operators (EKS: the default StorageClass
   * and the CNI's NetworkPolicy enforcement); the platform's manifests wait for them.
   */
  readonly workloadPrerequisites?: readonly pulumi.Resource[];
}
