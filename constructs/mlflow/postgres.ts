import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { IMAGES } from '../../versions';
import { appLabels } from '../common/labels';
import { containerResources, restrictedContainerSecurity, restrictedPodSecurity, scratchVolumes, TMP_DIR } from '../common/pod';
import { formatBytes } from '../common/quantities';
import { DB_SECRET_KEYS } from './stores';

/** Properties for {@link PostgresDatabase}. */
export interface PostgresDatabaseProps {
  /** Namespace of the database. */
  readonly namespace: string;
  /**
   * Name of the StatefulSet and Service (the host name clients use).
   *
   * @default - the construct id
   */
  readonly name?: string;
  /** Secret with keys `username` and `password` (the superuser it creates). */
  readonly credentialsSecret: string;
  /**
   * Database created on first start.
   *
   * @default 'mlflow'
   */
  readonly database?: string;
  /**
   * Size of the data volume, GiB.
   *
   * @default 10
   */
  readonly storageGiB?: number;
  /**
   * Postgres image.
   *
   * @default - `IMAGES.postgres`
   */
  readonly image?: string;
}

/** The `postgres` user of the official image. */
const POSTGRES_UID = 999;

/**
 * A single-instance PostgreSQL (`apps/v1` StatefulSet with a volume, and a Service), for
 * MLflow's backend store where no managed database exists (kind).
 */
export class PostgresDatabase extends Construct {
  /** Host name of the database inside the namespace. */
  public readonly host: string;
  /** The generated StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    this.host = props.name ?? id;
    const labels = appLabels(this.host, 'database');
    const selector = { 'app.kubernetes.io/name': this.host };
    // the server's socket directory and /tmp must be writable with a read-only root filesystem
    const scratch = scratchVolumes([TMP_DIR, { name: 'run', path: '/var/run/postgresql' }]);
    const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: props.credentialsSecret, key } } });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: this.host, namespace: props.namespace, labels },
      spec: { ports: [{ name: 'postgres', port: 5432, targetPort: k8s.IntOrString.fromString('postgres') }], selector },
    });
    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: this.host, namespace: props.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        serviceName: this.host,
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            containers: [
              {
                name: 'postgres',
                image: props.image ?? IMAGES.postgres,
                env: [
                  secretEnv('POSTGRES_USER', DB_SECRET_KEYS.username),
                  secretEnv('POSTGRES_PASSWORD', DB_SECRET_KEYS.password),
                  { name: 'POSTGRES_DB', value: props.database ?? 'mlflow' },
                  { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                ],
                ports: [{ containerPort: 5432, name: 'postgres', protocol: 'TCP' }],
                readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] }, periodSeconds: 10 },
                resources: containerResources({ cpuMilli: 250, memoryBytes: 512 * 1024 ** 2 }),
                securityContext: restrictedContainerSecurity(),
                volumeMounts: [...scratch.mounts, { name: 'data', mountPath: '/var/lib/postgresql/data' }],
              },
            ],
            enableServiceLinks: false,
            securityContext: restrictedPodSecurity(POSTGRES_UID),
            volumes: scratch.volumes,
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: k8s.Quantity.fromString(formatBytes((props.storageGiB ?? 10) * 1024 ** 3)) } },
            },
          },
        ],
      },
    });
  }
}
