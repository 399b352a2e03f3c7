/**
 * Every object the platform renders validates: custom resources against the upstream CRDs of the
 * pinned releases (../shared/crds), core objects against the Kubernetes schema.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plan } from '../../planner/plan-types';
import { renderObjects, type ManifestObject } from '../../constructs/platform/render';
import { CrdValidator } from './helpers/crd-validator';
import { isCoreApi, validateCore } from './helpers/core-validator';
import { describeWithShared, findShared, REPO_ROOT } from './helpers/shared';
import { fixturePlan } from './fixtures/plan';
import { synth, testChart } from './helpers/objects';
import { RayJob } from '../../constructs/kuberay/ray-job';
import { ArtifactStore, MlflowDatabase } from '../../constructs/mlflow/stores';
import { MlflowTrackingServer } from '../../constructs/mlflow/tracking-server';
import { TrainJob } from '../../constructs/trainer/train-job';

const shared = findShared();

/** Plans to render: the fixture on each provider, and every example once the planner exists. */
function plans(): [string, Plan][] {
  const out: [string, Plan][] = [
    ['fixture (eks)', fixturePlan()],
    ['fixture (gke)', fixturePlan({ provider: 'gke', nodePools: fixturePlan().nodePools.map((p) => ({ ...p, provider: 'gke' as const })) })],
  ];
  const planner = path.join(REPO_ROOT, 'planner', 'plan.ts');
  const parser = path.join(REPO_ROOT, 'planner', 'spec', 'parse.ts');
  if (fs.existsSync(planner) && fs.existsSync(parser)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { plan } = require(planner) as { plan: (spec: unknown) => Plan };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parsePlatform } = require(parser) as { parsePlatform: (text: string, source: string) => unknown };
    const examples = path.join(REPO_ROOT, 'examples');
    for (const dir of fs.existsSync(examples) ? fs.readdirSync(examples).sort() : []) {
      const file = path.join(examples, dir, 'platform.yaml');
      if (fs.existsSync(file)) out.push([`examples/${dir}`, plan(parsePlatform(fs.readFileSync(file, 'utf8'), file))]);
    }
  } else {
    console.warn('conformance: planner/plan.ts or planner/spec/parse.ts missing; examples not rendered');
  }
  return out;
}

/** Constructs and options the plans above do not reach. */
function standalone(): ManifestObject[] {
  const chart = testChart();
  new RayJob(chart, 'sweep', {
    namespace: 'team-a',
    entrypoint: 'python sweep.py',
    workers: 2,
    workerResources: { cpuMilli: 4000, memoryBytes: 16 * 1024 ** 3, gpu: { name: 'nvidia.com/gpu', count: 1 } },
    queue: 'a-queue',
    activeDeadlineSeconds: 3600,
  });
  new TrainJob(chart, 'cpu-train', {
    namespace: 'team-a',
    numNodes: 1,
    resourcesPerNode: { cpuMilli: 2000, memoryBytes: 8 * 1024 ** 3 },
    command: ['torchrun', 'train.py'],
  });
  new MlflowTrackingServer(chart, 'mlflow', {
    namespace: 'mlflow',
    name: 'tracking',
    database: MlflowDatabase.external({ host: 'db.internal', credentialsSecret: 'db' }),
    artifacts: ArtifactStore.minio({ endpoint: 'http://minio:9000', bucket: 'mlflow', credentialsSecret: 'minio' }),
    replicas: 2,
  });
  return synth(chart);
}

describeWithShared('every rendered object is valid', shared && path.join(shared, 'crds'), () => {
  const validator = shared ? new CrdValidator(path.join(shared, 'crds')) : undefined;
  const rendered = [
    ...plans().map(([name, p]) => [name, Object.values(renderObjects(p)).flat()] as [string, ManifestObject[]]),
    ['standalone constructs', standalone()] as [string, ManifestObject[]],
  ];

  it.each(rendered)('%s: custom resources match the upstream CRDs and core objects the Kubernetes schema', (_name, objects) => {
    const problems: string[] = [];
    for (const o of objects) {
      if (isCoreApi(o.apiVersion)) {
        try {
          if (!validateCore(o)) problems.push(`${o.apiVersion} ${o.kind}: not a kind kubernetes-models knows`);
        } catch (e) {
          problems.push(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${(e as Error).message}`);
        }
      } else if (!validator!.knows(o.apiVersion, o.kind)) {
        problems.push(`${o.apiVersion} ${o.kind}: no upstream CRD in shared/crds`);
      } else {
        const v = validator!.validate(o);
        if (v) problems.push(`${v.object}: ${v.errors}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the validator rejects unknown fields and wrong types, as the API server would', () => {
    const objects = Object.values(renderObjects(fixturePlan())).flat();
    const cq = objects.find((o) => o.kind === 'ClusterQueue')!;
    const withUnknown = { ...cq, spec: { ...(cq['spec'] as object), cohort: 'old-v1beta1-field' } };
    expect(validator!.validate(withUnknown)?.errors).toMatch(/additional properties/);
    const isvc = objects.find((o) => o.kind === 'InferenceService')!;
    const spec = isvc['spec'] as { predictor: Record<string, unknown> };
    const badType = { ...isvc, spec: { predictor: { ...spec.predictor, minReplicas: 'two' } } };
    expect(validator!.validate(badType)?.errors).toMatch(/minReplicas must be integer/);
  });
});

describe('a fleet with inference, training, notebooks and batch work renders the whole stack', () => {
  const objects = Object.values(renderObjects(fixturePlan())).flat();
  const kinds = new Set(objects.map((o) => o.kind));

  it.each([
    'Namespace',
    'ResourceFlavor',
    'ClusterQueue',
    'LocalQueue',
    'WorkloadPriorityClass',
    'Cohort',
    'InferenceService',
    'ServingRuntime',
    'PodDisruptionBudget',
    'TrainJob',
    'ClusterTrainingRuntime',
    'RayCluster',
    'StatefulSet',
    'Job',
    'NetworkPolicy',
    'ServiceMonitor',
    'PodMonitor',
    'PrometheusRule',
    'ClusterPolicy',
    'ResourceQuota',
    'LimitRange',
    'Role',
    'RoleBinding',
  ])('renders a %s', (kind) => {
    expect(kinds.has(kind)).toBe(true);
  });

  it("renders MLflow's Deployment and Service", () => {
    expect(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'mlflow')).toBe(true);
    expect(objects.some((o) => o.kind === 'Service' && o.metadata.name === 'mlflow')).toBe(true);
  });
});
