import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { IMAGES } from '../../versions';
import { appLabels } from '../common/labels';
import { containerResources, restrictedContainerSecurity, restrictedPodSecurity, scratchVolumes, TMP_DIR } from '../common/pod';
import { formatBytes } from '../common/quantities';
import { PostgresDatabase } from './postgres';
import { ArtifactStore, DB_SECRET_KEYS, MlflowDatabase } from './stores';

/** Port of the MLflow tracking server. */
export const MLFLOW_PORT = 5000;

/** Properties for {@link MlflowTrackingServer}. */
export interface MlflowTrackingServerProps {
  /** Namespace of the server. */
  readonly namespace: string;
  /**
   * Name of the Deployment, Service and ServiceAccount.
   *
   * @default 'mlflow'
   */
  readonly name?: string;
  /**
   * Backend store.
   *
   * @default - `MlflowDatabase.inCluster()`: a Postgres StatefulSet next to the server
   */
  readonly database?: MlflowDatabase;
  /**
   * Artifact store.
   *
   * @default - `ArtifactStore.persistentVolume()`
   */
  readonly artifacts?: ArtifactStore;
  /**
   * Annotations of the server's ServiceAccount: the cloud identity that reaches the bucket
   * (`eks.amazonaws.com/role-arn` for IRSA, `iam.gke.io/gcp-service-account` for Workload Identity).
   *
   * @default - none (EKS Pod Identity binds by ServiceAccount name and needs no annotation)
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * Server replicas; must be 1 with a volume artifact store.
   *
   * @default 1
   */
  readonly replicas?: number;
  /**
   * MLflow image.
   *
   * @default - `IMAGES.mlflow`
   */
  readonly image?: string;
}

/**
 * The MLflow tracking server: ServiceAccount, `apps/v1` Deployment and Service, with Postgres as
 * the backend store (rendered here when in-cluster) and proxied artifact storage.
 *
 * @see https://mlflow.org/docs/latest/self-hosting/architecture/tracking-server/
 */
export class MlflowTrackingServer extends Construct {
  /** Kubernetes name of the server's Deployment and Service. */
  public readonly serverName: string;
  /** In-cluster URL of the tracking server. */
  public readonly trackingUri: string;
  /**
   * Host headers the server accepts (`--allowed-hosts`): every name of its Service, with and
   * without the port, and localhost for `kubectl port-forward`.
   */
  public readonly allowedHosts: readonly string[];
  /** Effective backend store. */
  public readonly database: MlflowDatabase;
  /** Effective artifact store. */
  public readonly artifacts: ArtifactStore;
  /** The generated Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The generated Service. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: MlflowTrackingServerProps) {
    super(scope, id);
    this.serverName = props.name ?? 'mlflow';
    this.database = props.database ?? MlflowDatabase.inCluster();
    this.artifacts = props.artifacts ?? ArtifactStore.persistentVolume();
    const replicas = props.replicas ?? 1;
    if (this.artifacts.kind === 'volume' && replicas !== 1) {
      throw new Error(`MLflow '${this.serverName}': a volume artifact store allows 1 replica, got ${replicas}; use an S3, GCS or MinIO store to scale out`);
    }
    this.trackingUri = `http://${this.serverName}.${props.namespace}.svc.cluster.local:${MLFLOW_PORT}`;
    this.allowedHosts = mlflowAllowedHosts(this.serverName, props.namespace);
    const labels = appLabels(this.serverName, 'tracking-server');
    const selector = { 'app.kubernetes.io/name': this.serverName };
    if (this.database.inClusterStorageGiB !== undefined) {
      new PostgresDatabase(this, 'Database', {
        namespace: props.namespace,
        name: this.database.host,
        credentialsSecret: this.database.credentialsSecret,
        database: this.database.database,
        storageGiB: this.database.inClusterStorageGiB,
      });
    }
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name: this.serverName,
        namespace: props.namespace,
        labels,
        ...(props.serviceAccountAnnotations ? { annotations: { ...props.serviceAccountAnnotations } } : {}),
      },
      automountServiceAccountToken: false,
    });
    const scratch = scratchVolumes([TMP_DIR]);
    const volumes: k8s.Volume[] = [...scratch.volumes];
    const mounts: k8s.VolumeMount[] = [...scratch.mounts];
    if (this.artifacts.kind === 'volume') {
      new k8s.KubePersistentVolumeClaim(this, 'Artifacts', {
        metadata: { name: `${this.serverName}-artifacts`, namespace: props.namespace, labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: k8s.Quantity.fromString(formatBytes(this.artifacts.volumeSizeGiB! * 1024 ** 3)) } },
        },
      });
      volumes.push({ name: 'artifacts', persistentVolumeClaim: { claimName: `${this.serverName}-artifacts` } });
      mounts.push({ name: 'artifacts', mountPath: this.artifacts.destination });
    }
    const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: this.database.credentialsSecret, key } } });
    // Kubernetes expands $(VAR) in args, so the password never appears in the manifest
    const backendUri = `postgresql://$(MLFLOW_DB_USER):$(MLFLOW_DB_PASSWORD)@${this.database.host}:${this.database.port}/${this.database.database}`;
    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: this.serverName, namespace: props.namespace, labels },
      spec: {
        replicas,
        // a volume store is ReadWriteOnce: the old pod must let go before the new one mounts it
        strategy: this.artifacts.kind === 'volume' ? { type: 'Recreate' } : { type: 'RollingUpdate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'mlflow',
                image: props.image ?? IMAGES.mlflow,
                command: ['mlflow', 'server'],
                args: [
                  '--host=0.0.0.0',
                  `--port=${MLFLOW_PORT}`,
                  `--backend-store-uri=${backendUri}`,
                  '--serve-artifacts',
                  `--artifacts-destination=${this.artifacts.destination}`,
                  // serves Prometheus metrics on /metrics; the directory holds multi-process state
                  '--expose-prometheus=/tmp/prometheus',
                  `--allowed-hosts=${this.allowedHosts.join(',')}`,
                ],
                env: [
                  { name: 'HOME', value: '/tmp' },
                  secretEnv('MLFLOW_DB_USER', DB_SECRET_KEYS.username),
                  secretEnv('MLFLOW_DB_PASSWORD', DB_SECRET_KEYS.password),
                  ...this.artifacts.env,
                ],
                ports: [{ containerPort: MLFLOW_PORT, name: 'http', protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/health', port: k8s.IntOrString.fromString('http') }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/health', port: k8s.IntOrString.fromString('http') }, initialDelaySeconds: 30, periodSeconds: 20 },
                resources: containerResources({ cpuMilli: 500, memoryBytes: 1024 ** 3 }),
                securityContext: restrictedContainerSecurity(),
                volumeMounts: mounts,
              },
            ],
            enableServiceLinks: false,
            securityContext: restrictedPodSecurity(1000),
            serviceAccountName: this.serverName,
            volumes,
          },
        },
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: this.serverName, namespace: props.namespace, labels },
      spec: { ports: [{ name: 'http', port: MLFLOW_PORT, targetPort: k8s.IntOrString.fromString('http') }], selector },
    });
  }
}

/**
 * The Host headers MLflow must accept to answer clients of its Service. MLflow 3.5+ rejects with
 * 403 every Host header outside `--allowed-hosts` (default: localhost and private IPs), matching
 * the raw header, port included, exactly or as a shell pattern (docs: self-hosting/security/network;
 * `mlflow/server/security_utils.py`). A client of `http://mlflow.mlflow.svc:5000` sends
 * `mlflow.mlflow.svc:5000`; one through a port-forward sends `localhost:<local port>`.
 */
export function mlflowAllowedHosts(service: string, namespace: string): string[] {
  const names = [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
  return [...names.flatMap((n) => [n, `${n}:${MLFLOW_PORT}`]), 'localhost', 'localhost:*', '127.0.0.1', '127.0.0.1:*'];
}
