/**
 * Choices a plan does not make: where the stack's components live and how MLflow stores data.
 */
import type { ArtifactStore, MlflowDatabase } from '../mlflow/stores';

/** Options of {@link PlatformChart} and `renderManifests` beyond the plan. */
export interface PlatformOptions {
  /**
   * MLflow backend store.
   *
   * @default - `MlflowDatabase.inCluster()`; on clouds pass `MlflowDatabase.external(...)` with the managed database
   */
  readonly mlflowDatabase?: MlflowDatabase;
  /**
   * MLflow artifact store.
   *
   * @default - S3 bucket `<platform>-mlflow-artifacts` on EKS, GCS bucket of that name on GKE, a volume on kind
   */
  readonly mlflowArtifacts?: ArtifactStore;
  /**
   * Annotations of MLflow's ServiceAccount (IRSA role or GKE Workload Identity).
   *
   * @default - none
   */
  readonly mlflowServiceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * Namespace of MLflow.
   *
   * @default - `CHARTS.mlflow.namespace` ('mlflow')
   */
  readonly mlflowNamespace?: string;
  /**
   * Namespace of kube-prometheus-stack, where monitors, rules and dashboards go.
   *
   * @default - `CHARTS.kubePrometheusStack.namespace` ('monitoring')
   */
  readonly monitoringNamespace?: string;
  /**
   * Labels kube-prometheus-stack selects monitors and rules by.
   *
   * @default - `{ release: 'kube-prometheus-stack' }`
   */
  readonly prometheusSelectorLabels?: Readonly<Record<string, string>>;
  /**
   * Namespaces of an ingress gateway (installed separately) allowed to reach inference pods.
   *
   * @default - none: predictors and notebooks are reached with `kubectl port-forward`
   */
  readonly servingIngressNamespaces?: readonly string[];
  /**
   * Storage URI per model id, overriding the Hugging Face defaults.
   *
   * @default - `hf://<repo>` for catalogue models, `pvc://models/<model>` otherwise
   */
  readonly modelSources?: Readonly<Record<string, string>>;
}
