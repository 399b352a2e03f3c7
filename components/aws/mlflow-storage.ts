/**
 * MLflow's cloud backends on AWS: an S3 bucket for artifacts, an RDS Postgres for runs, and an
 * IAM role the MLflow pod assumes through EKS Pod Identity (no static keys anywhere).
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

import type { MlflowBackend } from '../cluster';
import type { Network } from './network';

/** Settings of the MLflow database. */
export interface MlflowDatabaseSettings {
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly engineVersion?: string;
  readonly password: pulumi.Input<string>;
}

/** What `createMlflowStorage` needs. */
export interface MlflowStorageInputs {
  readonly network: Network;
  readonly cluster: aws.eks.Cluster;
  /** The Pod Identity agent add-on; the association is useless before it runs. */
  readonly podIdentityAgent: aws.eks.Addon;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly database: MlflowDatabaseSettings;
}

/** Resources of the MLflow backend, for callers and tests. */
export interface MlflowStorage {
  readonly bucket: aws.s3.Bucket;
  readonly database: aws.rds.Instance;
  readonly role: aws.iam.Role;
  readonly backend: MlflowBackend;
}

/**
 * Creates the bucket, database and pod role as children of the cluster component.
 *
 * Stateful resources are protected and retained on delete: a `pulumi destroy` of the platform
 * must never take experiment history with it.
 */
export function createMlflowStorage(name: string, inputs: MlflowStorageInputs, opts: pulumi.CustomResourceOptions): MlflowStorage {
  const keep: pulumi.CustomResourceOptions = { ...opts, protect: true, retainOnDelete: true };
  const bucket = new aws.s3.Bucket(`${name}-mlflow-artifacts`, { forceDestroy: false, tags: { 'cnai.dev/purpose': 'mlflow-artifacts' } }, keep);
  // An overwritten or deleted artifact stays recoverable as a noncurrent version.
  new aws.s3.BucketVersioning(`${name}-mlflow-artifacts`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, opts);
  new aws.s3.BucketPublicAccessBlock(
    `${name}-mlflow-artifacts`,
    { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    opts,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-mlflow-artifacts`,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
    opts,
  );

  // The subnet group and security group outlive a destroy with the database that uses them
  // (deleting either fails while the instance exists), as do the VPC and private subnets.
  const retained: pulumi.CustomResourceOptions = { ...opts, retainOnDelete: true };
  const subnetGroup = new aws.rds.SubnetGroup(
    `${name}-mlflow-db`,
    { subnetIds: inputs.network.zones.map((z) => z.private.id), tags: { Name: `${name}-mlflow-db` } },
    retained,
  );
  const dbSecurityGroup = new aws.ec2.SecurityGroup(
    `${name}-mlflow-db`,
    {
      vpcId: inputs.network.vpc.id,
      description: 'Postgres for MLflow, reachable from inside the VPC only',
      ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrBlocks: [inputs.network.vpc.cidrBlock] }],
      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
    },
    retained,
  );
  const database = new aws.rds.Instance(
    `${name}-mlflow-db`,
    {
      engine: 'postgres',
      ...(inputs.database.engineVersion !== undefined ? { engineVersion: inputs.database.engineVersion } : {}),
      instanceClass: inputs.database.instanceClass,
      allocatedStorage: inputs.database.allocatedStorageGiB,
      storageEncrypted: true,
      // A standby in a second zone: a zone outage does not stop every team's tracking.
      multiAz: true,
      dbName: 'mlflow',
      username: 'mlflow',
      password: inputs.database.password,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [dbSecurityGroup.id],
      publiclyAccessible: false,
      backupRetentionPeriod: 7,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${name}-mlflow-db-final`,
    },
    keep,
  );

  const role = new aws.iam.Role(
    `${name}-mlflow`,
    {
      description: 'Assumed by the MLflow tracking server pod through EKS Pod Identity',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      }),
    },
    opts,
  );
  new aws.iam.RolePolicy(
    `${name}-mlflow-artifacts`,
    {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: [bucket.arn] },
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [pulumi.interpolate`${bucket.arn}/*`] },
        ],
      }),
    },
    opts,
  );
  new aws.eks.PodIdentityAssociation(
    `${name}-mlflow`,
    { clusterName: inputs.cluster.name, namespace: inputs.namespace, serviceAccount: inputs.serviceAccount, roleArn: role.arn },
    { ...opts, dependsOn: [inputs.podIdentityAgent] },
  );

  return {
    bucket,
    database,
    role,
    backend: {
      artifactRoot: pulumi.interpolate`s3://${bucket.bucket}/mlflow`,
      databaseHost: database.address,
      databasePort: database.port,
      databaseName: pulumi.output('mlflow'),
      databaseUser: pulumi.output('mlflow'),
      databasePassword: pulumi.secret(pulumi.output(inputs.database.password)),
      serviceAccountAnnotations: {},
    },
  };
}
