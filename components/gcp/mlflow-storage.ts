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
  /**
   * The Workload Identity cluster: the `<project>.svc.id.goog` identity pool exists only once it
   * does, so the IAM binding takes its pool from the cluster's output.
   */
  readonly cluster: gcp.container.Cluster;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly databaseVersion: string;
  readonly databaseTier: string;
  readonly databaseEdition: CloudSqlEdition;
  readonly password: pulumi.Input<string>;
}

/** Resources of the MLflow backend, for callers and tests. */
export interface GcpMlflowStorage {
  readonly bucket: gcp.storage.Bucket;
  readonly database: gcp.sql.DatabaseInstance;
  readonly serviceAccount: gcp.serviceaccount.Account;
  readonly backend: MlflowBackend;
}

/** Cloud SQL editions (`settings.edition`). */
export type CloudSqlEdition = 'ENTERPRISE' | 'ENTERPRISE_PLUS';

/**
 * Why a Cloud SQL tier cannot run under an edition, or undefined when it can.
 *
 * Shared-core (`db-f1-micro`, `db-g1-small`) and custom (`db-custom-<vCPU>-<MiB>`) tiers exist
 * only in ENTERPRISE; ENTERPRISE_PLUS takes only the predefined `db-perf-optimized-N-<vCPU>`
 * tiers (the `edition` and `tier` documentation of `settings` in @pulumi/gcp 9.37
 * `types/input.d.ts`, `DatabaseInstanceSettings`).
 */
export function cloudSqlTierProblem(tier: string, edition: CloudSqlEdition): string | undefined {
  const enterprise = /^db-(f1-micro|g1-small|custom-[0-9]+-[0-9]+)$/.test(tier);
  const plus = /^db-perf-optimized-N-[0-9]+$/.test(tier);
  if (edition === 'ENTERPRISE' && !enterprise) {
    return `tier '${tier}' is not an ENTERPRISE tier (db-f1-micro, db-g1-small or db-custom-<vCPU>-<MiB>)`;
  }
  if (edition === 'ENTERPRISE_PLUS' && !plus) {
    return `tier '${tier}' is not an ENTERPRISE_PLUS tier (db-perf-optimized-N-<vCPU>)`;
  }
  return undefined;
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
 * must never take experiment history with it. That covers the `mlflow` database and user inside
 * the instance too (`deletionPolicy: ABANDON`: the provider would otherwise drop them, data
 * included, before it reached the protected instance), and the network the instance's private IP
 * lives on (see `retainedNetwork` in the cluster component).
 */
export function createGcpMlflowStorage(name: string, inputs: GcpMlflowStorageInputs, opts: pulumi.CustomResourceOptions): GcpMlflowStorage {
  const keep: pulumi.CustomResourceOptions = { ...opts, protect: true, retainOnDelete: true };
  const bucket = new gcp.storage.Bucket(
    `${name}-mlflow-artifacts`,
    {
      location: inputs.region.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
      // An overwritten or deleted artifact stays recoverable as a noncurrent version.
      versioning: { enabled: true },
    },
    keep,
  );
  const database = new gcp.sql.DatabaseInstance(
    `${name}-mlflow-db`,
    {
      region: inputs.region,
      databaseVersion: inputs.databaseVersion,
      deletionProtection: true,
      settings: {
        // Without an edition, POSTGRES_16 and later default to ENTERPRISE_PLUS, which rejects
        // the shared-core and custom tiers (checked against the tier by the component).
        edition: inputs.databaseEdition,
        tier: inputs.databaseTier,
        // A standby in a second zone of the region: a zone outage does not stop every team's tracking.
        availabilityType: 'REGIONAL',
        ipConfiguration: { ipv4Enabled: false, privateNetwork: inputs.network.id },
        backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
        retainBackupsOnDelete: true,
      },
    },
    { ...keep, dependsOn: [inputs.peering] },
  );
  const db = new gcp.sql.Database(`${name}-mlflow-db`, { instance: database.name, name: 'mlflow', deletionPolicy: 'ABANDON' }, keep);
  const user = new gcp.sql.User(`${name}-mlflow-db`, { instance: database.name, name: 'mlflow', password: inputs.password, deletionPolicy: 'ABANDON' }, keep);

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
      // The pool comes from the cluster's output, so the binding waits for the cluster that creates it.
      member: pulumi.interpolate`serviceAccount:${inputs.cluster.workloadIdentityConfig.apply((c) => c?.workloadPool ?? `${inputs.project}.svc.id.goog`)}[${inputs.namespace}/${inputs.serviceAccount}]`,
    },
    { ...opts, dependsOn: [inputs.cluster] },
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
