/**
 * MLflow's stores on a cloud, in the form the rendered manifests take.
 *
 * The manifests are plain YAML rendered when the program starts, but the database host and the
 * bucket name are only known once the cloud resources exist. So the component writes them into a
 * Secret, and the tracking server reads them as environment variables that Kubernetes expands in
 * its arguments (`$(MLFLOW_DB_HOST)`, `$(MLFLOW_ARTIFACT_ROOT)`), next to the database user and
 * password that already come from a Secret.
 */
import type { k8s } from 'cdk8s-plus-28';

import { ArtifactStore, DB_SECRET_KEYS, MlflowDatabase } from '../../constructs/mlflow/stores';

/** Name of the Secret holding MLflow's cloud database and artifact settings, in MLflow's namespace. */
export const MLFLOW_BACKEND_SECRET = 'mlflow-backend';

/** Keys of {@link MLFLOW_BACKEND_SECRET}: the credentials keys the constructs expect, plus endpoints. */
export const MLFLOW_BACKEND_KEYS = { ...DB_SECRET_KEYS, host: 'host', port: 'port', database: 'database', artifactRoot: 'artifactRoot' } as const;

/** What the MLflow tracking server is rendered with on a cloud. */
export interface MlflowStores {
  readonly database: MlflowDatabase;
  readonly artifacts: ArtifactStore;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
}

/**
 * The database and artifact store of a cloud backend, read from {@link MLFLOW_BACKEND_SECRET}.
 *
 * @param serviceAccountAnnotations what MLflow's ServiceAccount needs for cloud credentials
 * @param region set as `AWS_DEFAULT_REGION` for S3 (boto3 needs a region with Pod Identity)
 */
export function cloudMlflowStores(serviceAccountAnnotations: Readonly<Record<string, string>>, region: string | undefined): MlflowStores {
  const fromSecret = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: MLFLOW_BACKEND_SECRET, key } } });
  const env: k8s.EnvVar[] = [
    fromSecret('MLFLOW_DB_HOST', MLFLOW_BACKEND_KEYS.host),
    fromSecret('MLFLOW_ARTIFACT_ROOT', MLFLOW_BACKEND_KEYS.artifactRoot),
    ...(region !== undefined ? [{ name: 'AWS_DEFAULT_REGION', value: region }] : []),
  ];
  return {
    database: MlflowDatabase.external({ host: '$(MLFLOW_DB_HOST)', credentialsSecret: MLFLOW_BACKEND_SECRET }),
    artifacts: ArtifactStore.custom('$(MLFLOW_ARTIFACT_ROOT)', env),
    serviceAccountAnnotations,
  };
}
