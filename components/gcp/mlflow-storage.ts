/**
 * MLflow's cloud backends on GCP: a GCS bucket for artifacts, a Cloud SQL Postgres on a private
 * IP for runs, and a Google service account the MLflow pod impersonates through Workload Identity.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

import type { MlflowBackend } from '../cluster';

/** What `createGcpMlflowStorage` needs. */
export interface GcpMlflowStorageInputs {
  readonly project: string;
  readonly region: string;
  readonly network: gcp.compute.Network;
  /** The private services peering; Cloud SQL cannot take a private IP before it exists. */
  readonly peering: gcp.servicenetworking.Connection;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly databaseVersion: string;
  readonly databaseTier: string;
  readonly password: pulumi.Input<string>;
}

/** Resources of the MLflow backend, for callers and tests. */
export interface GcpMlflowStorage {
  readonly bucket: gcp.storage.Bucket;
  readonly database: gcp.sql.DatabaseInstance;
  readonly serviceAccount: gcp.serviceaccount.Account;
  readonly backend: MlflowBackend;
}

/** Account id of MLflow's Google service account (6 to 30 characters). */
export function mlflowAccountId(name: string): string {
  return `${name}-mlflow`;
}

/**
 * Annotations MLflow's ServiceAccount needs for Workload Identity, for the cluster component
 * named `name` in `project`; known before anything is created, so manifests can carry them.
 */
export function gkeMlflowServiceAccountAnnotations(name: string, project: string): Record<string, string> {
  return { 'iam.gke.io/gcp-service-account': `${mlflowAccountId(name)}@${project}.iam.gserviceaccount.com` };
}

/**
 * Creates the bucket, database and identity as children of the cluster component.
 *
 * Stateful resources are protected and retained on delete: a `pulumi destroy` of the platform
 * must never take experiment history with it.
 */
export function createGcpMlflowStorage(name: string, inputs: GcpMlflowStorageInputs, opts: pulumi.CustomResourceOptions): GcpMlflowStorage {
  const keep: pulumi.CustomResourceOptions = { ...opts, protect: true, retainOnDelete: true };
  const bucket = new gcp.storage.Bucket(
    `${name}-mlflow-artifacts`,
    { location: inputs.region.toUpperCase(), uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', forceDestroy: false },
    keep,
  );
  const database = new gcp.sql.DatabaseInstance(
    `${name}-mlflow-db`,
    {
      region: inputs.region,
      databaseVersion: inputs.databaseVersion,
      deletionProtection: true,
      settings: {
        tier: inputs.databaseTier,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: inputs.network.id },
        backupConfiguration: { enabled: true },
      },
    },
    { ...keep, dependsOn: [inputs.peering] },
  );
  const db = new gcp.sql.Database(`${name}-mlflow-db`, { instance: database.name, name: 'mlflow' }, opts);
  const user = new gcp.sql.User(`${name}-mlflow-db`, { instance: database.name, name: 'mlflow', password: inputs.password }, opts);

  const accountId = mlflowAccountId(name);
  const gsa = new gcp.serviceaccount.Account(`${name}-mlflow`, { accountId, displayName: 'MLflow tracking server (Workload Identity)' }, opts);
  new gcp.storage.BucketIAMMember(
    `${name}-mlflow-artifacts`,
    { bucket: bucket.name, role: 'roles/storage.objectAdmin', member: pulumi.interpolate`serviceAccount:${gsa.email}` },
    opts,
  );
  new gcp.serviceaccount.IAMMember(
    `${name}-mlflow-workload-identity`,
    {
      serviceAccountId: gsa.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${inputs.project}.svc.id.goog[${inputs.namespace}/${inputs.serviceAccount}]`,
    },
    opts,
  );

  return {
    bucket,
    database,
    serviceAccount: gsa,
    backend: {
      artifactRoot: pulumi.interpolate`gs://${bucket.name}/mlflow`,
      databaseHost: database.privateIpAddress,
      databasePort: pulumi.output(5432),
      databaseName: db.name,
      databaseUser: user.name,
      databasePassword: pulumi.secret(pulumi.output(inputs.password)),
      // The email is derived rather than read from `gsa.email` so the manifests can be rendered up front.
      serviceAccountAnnotations: gkeMlflowServiceAccountAnnotations(name, inputs.project),
    },
  };
}
