/**
 * Where MLflow keeps runs (a Postgres database) and artifacts (a bucket or a volume).
 */
import { k8s } from 'cdk8s-plus-28';

/** Keys of the database credentials Secret. */
export const DB_SECRET_KEYS = { username: 'username', password: 'password' } as const;

/** Keys of an S3-compatible credentials Secret (MinIO). */
export const S3_SECRET_KEYS = { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' } as const;

/** Options of {@link MlflowDatabase.inCluster}. */
export interface InClusterDatabaseOptions {
  /**
   * Secret with keys `username` and `password`; the URL-safe password becomes part of the URI.
   *
   * @default 'mlflow-db'
   */
  readonly credentialsSecret?: string;
  /**
   * Size of the database volume, GiB.
   *
   * @default 10
   */
  readonly storageGiB?: number;
}

/** Options of {@link MlflowDatabase.external}. */
export interface ExternalDatabaseOptions {
  /** Host name of the database endpoint (RDS, Cloud SQL, ...). */
  readonly host: string;
  /**
   * Port.
   *
   * @default 5432
   */
  readonly port?: number;
  /**
   * Database name.
   *
   * @default 'mlflow'
   */
  readonly database?: string;
  /** Secret with keys `username` and `password`. */
  readonly credentialsSecret: string;
}

/**
 * MLflow's backend store: a Postgres database, in the cluster or external.
 *
 * Credentials only ever come from a Secret reference; nothing secret is rendered.
 */
export class MlflowDatabase {
  /** A Postgres StatefulSet with a volume, next to the tracking server (kind, demos). */
  public static inCluster(options: InClusterDatabaseOptions = {}): MlflowDatabase {
    const storageGiB = options.storageGiB ?? 10;
    if (!Number.isInteger(storageGiB) || storageGiB < 1) {
      throw new Error(`in-cluster MLflow database: storageGiB must be a whole number >= 1, got ${storageGiB}`);
    }
    return new MlflowDatabase('mlflow-postgres', 5432, 'mlflow', options.credentialsSecret ?? 'mlflow-db', storageGiB);
  }

  /** A managed database reached at `host` (clouds). */
  public static external(options: ExternalDatabaseOptions): MlflowDatabase {
    if (options.host.trim() === '') throw new Error('external MLflow database: host must not be empty');
    return new MlflowDatabase(options.host, options.port ?? 5432, options.database ?? 'mlflow', options.credentialsSecret, undefined);
  }

  private constructor(
    /** Host the tracking server connects to. */
    public readonly host: string,
    /** Port. */
    public readonly port: number,
    /** Database name. */
    public readonly database: string,
    /** Secret with `username` and `password`. */
    public readonly credentialsSecret: string,
    /** Volume size when the database runs in the cluster; undefined for an external one. */
    public readonly inClusterStorageGiB: number | undefined,
  ) {}
}

/** Options of {@link ArtifactStore.s3} and {@link ArtifactStore.gcs}. */
export interface BucketOptions {
  /**
   * Prefix inside the bucket.
   *
   * @default 'mlflow'
   */
  readonly path?: string;
}

/** Options of {@link ArtifactStore.minio}. */
export interface MinioOptions extends BucketOptions {
  /** MinIO endpoint URL, e.g. `http://minio.minio.svc:9000`. */
  readonly endpoint: string;
  /** Bucket name. */
  readonly bucket: string;
  /** Secret with keys `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`. */
  readonly credentialsSecret: string;
}

/**
 * Where MLflow stores artifacts. The server proxies artifact traffic (`--serve-artifacts`), so
 * only the server needs bucket access: on EKS through Pod Identity or IRSA on its
 * ServiceAccount, on GKE through Workload Identity, on MinIO through a Secret.
 */
export class ArtifactStore {
  /** An S3 bucket, reached with the ServiceAccount's cloud identity. */
  public static s3(bucket: string, options: BucketOptions & { readonly region?: string } = {}): ArtifactStore {
    const env = options.region ? [{ name: 'AWS_DEFAULT_REGION', value: options.region }] : [];
    return new ArtifactStore('s3', `s3://${bucket}/${options.path ?? 'mlflow'}`, env, undefined);
  }

  /** A GCS bucket, reached with the ServiceAccount's Workload Identity. */
  public static gcs(bucket: string, options: BucketOptions = {}): ArtifactStore {
    return new ArtifactStore('gcs', `gs://${bucket}/${options.path ?? 'mlflow'}`, [], undefined);
  }

  /** A MinIO (S3-compatible) bucket with keys from a Secret. */
  public static minio(options: MinioOptions): ArtifactStore {
    const env: k8s.EnvVar[] = [
      { name: 'MLFLOW_S3_ENDPOINT_URL', value: options.endpoint },
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: options.credentialsSecret, key: S3_SECRET_KEYS.accessKeyId } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: options.credentialsSecret, key: S3_SECRET_KEYS.secretAccessKey } } },
    ];
    return new ArtifactStore('minio', `s3://${options.bucket}/${options.path ?? 'mlflow'}`, env, undefined);
  }

  /** A PersistentVolumeClaim mounted into the server (kind, demos; one server replica only). */
  public static persistentVolume(sizeGiB = 20): ArtifactStore {
    if (!Number.isInteger(sizeGiB) || sizeGiB < 1) {
      throw new Error(`MLflow artifact volume: sizeGiB must be a whole number >= 1, got ${sizeGiB}`);
    }
    return new ArtifactStore('volume', '/mlartifacts', [], sizeGiB);
  }

  /** Any destination MLflow understands, with the environment it needs. */
  public static custom(destination: string, env: readonly k8s.EnvVar[] = []): ArtifactStore {
    return new ArtifactStore('custom', destination, env, undefined);
  }

  private constructor(
    /** `s3`, `gcs`, `minio`, `volume` or `custom`. */
    public readonly kind: 's3' | 'gcs' | 'minio' | 'volume' | 'custom',
    /** `--artifacts-destination` of the server. */
    public readonly destination: string,
    /** Environment the server needs to reach the store. */
    public readonly env: readonly k8s.EnvVar[],
    /** Volume size for `volume`. */
    public readonly volumeSizeGiB: number | undefined,
  ) {}
}
