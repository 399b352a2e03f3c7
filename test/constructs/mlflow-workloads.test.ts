/**
 * MLflow (server, database, artifact stores) and generic workloads (notebooks, batch jobs).
 */
import { ArtifactStore, MlflowDatabase } from '../../constructs/mlflow/stores';
import { MlflowTrackingServer } from '../../constructs/mlflow/tracking-server';
import { renderObjects } from '../../constructs/platform/render';
import { BatchJob } from '../../constructs/workloads/batch-job';
import { Notebook } from '../../constructs/workloads/notebook';
import { IMAGES } from '../../versions';
import { fixturePlan } from './fixtures/plan';
import { find, loose, synth, testChart } from './helpers/objects';

const GiB = 1024 ** 3;

describe('MlflowTrackingServer', () => {
  it('in-cluster: a Postgres StatefulSet with a volume, credentials only from the Secret', () => {
    const chart = testChart();
    const s = new MlflowTrackingServer(chart, 'm', { namespace: 'mlflow' });
    const objects = synth(chart);
    expect(s.trackingUri).toBe('http://mlflow.mlflow.svc.cluster.local:5000');
    const pg = loose(find(objects, 'StatefulSet', 'mlflow-postgres')['spec']);
    expect(pg.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('10Gi');
    expect(pg.template.spec.containers[0]!.image).toBe(IMAGES.postgres);
    const c = loose(find(objects, 'Deployment', 'mlflow')['spec']).template.spec.containers[0]!;
    expect(c.image).toBe(IMAGES.mlflow);
    expect(c.args).toContain('--backend-store-uri=postgresql://$(MLFLOW_DB_USER):$(MLFLOW_DB_PASSWORD)@mlflow-postgres:5432/mlflow');
    expect(c.args).toContain('--artifacts-destination=/mlartifacts');
    expect(c.env).toContainEqual({ name: 'MLFLOW_DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'mlflow-db', key: 'password' } } });
    expect(find(objects, 'Service', 'mlflow')['spec']).toMatchObject({ ports: [{ name: 'http', port: 5000 }] });
  });

  it('external database and S3 artifacts: no Postgres, the bucket as destination, identity on the ServiceAccount', () => {
    const chart = testChart();
    new MlflowTrackingServer(chart, 'm', {
      namespace: 'mlflow',
      database: MlflowDatabase.external({ host: 'db.example.internal', credentialsSecret: 'rds' }),
      artifacts: ArtifactStore.s3('acme-artifacts', { region: 'us-east-1' }),
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/mlflow' },
      replicas: 2,
    });
    const objects = synth(chart);
    expect(objects.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
    const c = loose(find(objects, 'Deployment')['spec']).template.spec.containers[0]!;
    expect(c.args).toContain('--artifacts-destination=s3://acme-artifacts/mlflow');
    expect(c.args).toContain('--backend-store-uri=postgresql://$(MLFLOW_DB_USER):$(MLFLOW_DB_PASSWORD)@db.example.internal:5432/mlflow');
    expect(find(objects, 'ServiceAccount').metadata['annotations']).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/mlflow' });
  });

  it('MinIO keys come from a Secret; GCS is a gs:// destination', () => {
    const minio = ArtifactStore.minio({ endpoint: 'http://minio:9000', bucket: 'b', credentialsSecret: 'minio-keys' });
    expect(minio.destination).toBe('s3://b/mlflow');
    expect(minio.env).toContainEqual({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'minio-keys', key: 'AWS_SECRET_ACCESS_KEY' } } });
    expect(ArtifactStore.gcs('g', { path: 'runs' }).destination).toBe('gs://g/runs');
  });

  it('refuses to scale out on a volume store', () => {
    expect(() => new MlflowTrackingServer(testChart(), 'm', { namespace: 'mlflow', replicas: 2 })).toThrow(
      "MLflow 'mlflow': a volume artifact store allows 1 replica, got 2; use an S3, GCS or MinIO store to scale out",
    );
  });

  it('the plan picks the artifact store by provider', () => {
    const dest = (p: ReturnType<typeof fixturePlan>) =>
      loose(find(renderObjects(p)['mlflow']!, 'Deployment', 'mlflow')['spec']).template.spec.containers[0]!.args[4];
    expect(dest(fixturePlan())).toBe('--artifacts-destination=s3://acme-ml-mlflow-artifacts/mlflow');
    expect(dest(fixturePlan({ provider: 'gke' }))).toBe('--artifacts-destination=gs://acme-ml-mlflow-artifacts/mlflow');
    expect(dest(fixturePlan({ provider: 'kind' }))).toBe('--artifacts-destination=/mlartifacts');
  });
});

describe('Notebook and BatchJob', () => {
  const placement = { nodeSelector: { 'cnai.dev/node-pool': 'l4-shared' }, tolerations: [] };

  it('notebooks: a StatefulSet with a home volume per server and a headless Service, queued through Kueue', () => {
    const chart = testChart();
    new Notebook(chart, 'nb', {
      namespace: 'team-r',
      replicas: 3,
      resources: { cpuMilli: 2000, memoryBytes: 8 * GiB, gpu: { name: 'nvidia.com/gpu.shared', count: 1 } },
      placement,
      queue: 'r-queue',
    });
    const objects = synth(chart);
    const ss = find(objects, 'StatefulSet');
    const spec = loose(ss['spec']);
    expect(ss.metadata['labels']).toMatchObject({ 'kueue.x-k8s.io/queue-name': 'r-queue', 'kueue.x-k8s.io/priority-class': 'cnai-notebook' });
    expect(spec.replicas).toBe(3);
    expect(spec.template.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('r-queue');
    expect(spec.template.spec.containers[0]!.resources.limits['nvidia.com/gpu.shared']).toBe(1);
    expect(spec.volumeClaimTemplates[0]!.metadata.name).toBe('home');
    expect(loose(find(objects, 'Service')['spec']).clusterIP).toBe('None');
  });

  it('batch: an indexed Job created suspended so Kueue admits it', () => {
    const chart = testChart();
    new BatchJob(chart, 'etl', { namespace: 'team-r', parallelism: 4, resources: { cpuMilli: 4000, memoryBytes: 16 * GiB }, queue: 'r-queue' });
    const spec = loose(find(synth(chart), 'Job')['spec']);
    expect([spec.parallelism, spec.completions, spec.completionMode, spec.suspend]).toEqual([4, 4, 'Indexed', true]);
    expect(spec.template.spec.restartPolicy).toBe('Never');
  });
});
