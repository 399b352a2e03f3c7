import * as fs from 'node:fs';
import * as path from 'node:path';

import { installMocks, settle, unsecret, valueOf } from '../pulumi-mocks';

const mocks = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports */
const { CnaiPlatform } = require('../../../components/platform/cnai-platform') as typeof import('../../../components/platform/cnai-platform');
const { parsePlatform } = require('../../../planner/spec/parse') as typeof import('../../../planner/spec/parse');
const planModule = require('../../../planner/plan') as typeof import('../../../planner/plan');
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, '../../..');
const KIND_FILE = 'examples/kind-laptop/platform.yaml';
/** The kind example serves a gated model, so the platform needs the token the stack reads from its secret config. */
const HF_TOKEN = 'hf_test-token';
const kindText = fs.readFileSync(path.join(ROOT, KIND_FILE), 'utf8');

describe('CnaiPlatform', () => {
  let platform: InstanceType<typeof CnaiPlatform>;

  beforeAll(async () => {
    platform = new CnaiPlatform('dev', { spec: parsePlatform(kindText, KIND_FILE), kind: { context: 'kind-cnai' }, huggingFaceToken: HF_TOKEN });
    await valueOf(platform.manifests.resources);
    await settle(mocks);
  });

  it('creates the cluster for the plan provider, then the operators, then the manifests', () => {
    const top = mocks.resources.filter((r) => r.type.startsWith('cnai:')).map((r) => `${r.type} ${r.name}`);
    expect(top).toEqual(
      expect.arrayContaining(['cnai:platform:CnaiPlatform dev', 'cnai:kind:KindCluster dev-cluster', 'cnai:platform:PlatformOperators dev-operators']),
    );
    const manifests = mocks.one('kubernetes:yaml:ConfigGroup', 'dev-manifests');
    const lastRelease = mocks.one('kubernetes:helm.sh/v3:Release', 'dev-operators-kserve');
    expect(lastRelease).toBeDefined();
    expect(manifests.dependencies?.some((u) => u.endsWith('::dev-operators-kserve'))).toBe(true);
    // the platform's Namespaces (with their labels) exist before any Helm release could create them bare
    const first = mocks.one('kubernetes:helm.sh/v3:Release', 'dev-operators-cert-manager');
    expect(first.dependencies?.some((u) => u.endsWith('kubernetes:core/v1:Namespace::dev-ns-mlflow'))).toBe(true);
    // every deployed object waits for the last release and for the Namespaces
    const queue = mocks.ofType('kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue')[0]!;
    expect(queue.dependencies?.some((u) => u.endsWith('::dev-operators-kserve'))).toBe(true);
    expect(queue.dependencies?.some((u) => u.endsWith('kubernetes:core/v1:Namespace::dev-ns-team-dev'))).toBe(true);
  });

  it('deploys the plan Kueue objects and team namespaces through the kind provider', () => {
    const cqs = mocks.ofType('kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue');
    expect(cqs.map((c) => (c.inputs['metadata'] as { name: string }).name)).toContain('dev');
    const lqs = mocks.ofType('kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue');
    expect(lqs.map((c) => (c.inputs['metadata'] as { namespace: string }).namespace)).toContain('team-dev');
    expect(mocks.ofType('kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor').length).toBeGreaterThan(0);
    expect(mocks.ofType('kubernetes:core/v1:Namespace').map((n) => (n.inputs['metadata'] as { name: string }).name)).toContain('team-dev');
    for (const r of [...cqs, ...lqs]) expect(r.provider).toMatch(/pulumi:providers:kubernetes::dev-cluster-k8s::/);
  });

  // pulumi.com/skipAwait (@pulumi/kubernetes 4.34 yaml/yaml.js): workloads must not hold `pulumi up` for GPU scheduling, admission or image pulls.
  it('does not await workloads, and awaits queues and policies', () => {
    const annotations = (r: { inputs: Record<string, unknown> }): Record<string, string> =>
      (r.inputs['metadata'] as { annotations?: Record<string, string> }).annotations ?? {};
    const workloads = [
      ...mocks.ofType('kubernetes:serving.kserve.io/v1beta1:InferenceService'),
      ...mocks.ofType('kubernetes:batch/v1:Job'),
      ...mocks.ofType('kubernetes:apps/v1:StatefulSet'),
      ...mocks.ofType('kubernetes:apps/v1:Deployment'),
      ...mocks.ofType('kubernetes:core/v1:Service').filter((r) => r.parent?.endsWith('kubernetes:yaml:ConfigGroup::dev-manifests')),
    ];
    expect(new Set(workloads.map((w) => w.type)).size).toBe(5);
    for (const w of workloads) expect(`${w.name} ${annotations(w)['pulumi.com/skipAwait']}`).toBe(`${w.name} true`);
    for (const q of mocks.ofType('kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue')) expect(annotations(q)['pulumi.com/skipAwait']).toBeUndefined();
  });

  // ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30): Deny refuses a request whose CEL validation is false.
  it('refuses LoadBalancer, NodePort and externalIPs Services in team namespaces, before the workloads exist', () => {
    const policy = mocks.one('kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy', 'dev-service-exposure').inputs as {
      spec: { validations: { expression: string }[]; matchConstraints: { resourceRules: { resources: string[] }[] } };
    };
    expect(policy.spec.matchConstraints.resourceRules[0]!.resources).toEqual(['services']);
    expect(policy.spec.validations.map((v) => v.expression).join(' ')).toMatch(/LoadBalancer.*NodePort.*externalIPs/);
    const binding = mocks.one('kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding', 'dev-service-exposure');
    expect(binding.inputs['spec']).toEqual({
      policyName: 'cnai-team-services-cluster-internal',
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-dev'] }] } },
    });
    const svc = mocks.ofType('kubernetes:core/v1:Service').find((r) => r.parent?.endsWith('ConfigGroup::dev-manifests'))!;
    expect(svc.dependencies?.some((u) => u.endsWith('ValidatingAdmissionPolicyBinding::dev-service-exposure'))).toBe(true);
  });

  it('creates no cloud resource and no GPU operator on kind', () => {
    expect(mocks.resources.filter((r) => /^(aws|gcp):/.test(r.type))).toEqual([]);
    expect(mocks.ofType('kubernetes:helm.sh/v3:Release').map((r) => r.name)).not.toContain('dev-operators-gpu-operator');
  });

  it('outputs the plan summary and hourly cost', async () => {
    const summary = await valueOf(platform.planSummary);
    expect(summary.provider).toBe('kind');
    expect(summary.gpus).toBe(0);
    expect(summary.pools.map((p) => p.name)).toEqual(platform.plan.nodePools.map((p) => p.name).sort());
    expect(await valueOf(platform.hourlyCost)).toBe(platform.plan.cost.hourly);
    expect(await valueOf(platform.endpoints)).toEqual({ apiServer: '' });
  });

  it('reads a platform file through the reader seam and names an unreadable file', async () => {
    const reader = { readFile: (f: string): string => (f === path.resolve('in-memory.yaml') ? kindText : fail(f)) };
    const p = new CnaiPlatform('mem', { platformFile: 'in-memory.yaml', reader, kind: {}, huggingFaceToken: HF_TOKEN });
    expect(p.plan.provider).toBe('kind');
    await valueOf(p.manifests.resources);
    await settle(mocks);
    expect(() => new CnaiPlatform('missing', { platformFile: 'nope.yaml', reader })).toThrow(
      /^CnaiPlatform\(missing\)\.platformFile: cannot read platform file 'nope\.yaml' .*no such file.*; fix: set cnai:platform to a path relative to the Pulumi project root$/,
    );
  });

  it('creates the Hugging Face token Secret in every team namespace before the workloads, and refuses a platform that names one without a token', async () => {
    const withToken = { ...planModule.plan(parsePlatform(kindText, KIND_FILE)), huggingFace: { tokenSecret: 'hf-token' } };
    {
      const before = mocks.resources.length;
      expect(() => new CnaiPlatform('hfmissing', { plan: withToken, kind: {} })).toThrow(
        "CnaiPlatform(hfmissing).huggingFaceToken: the platform file sets spec.huggingFace.tokenSecret: 'hf-token' but no Hugging Face token was given, so gated models could not download; fix: pulumi config set --secret cnai:huggingFaceToken <token>",
      );
      expect(mocks.resources.length).toBe(before);
      const p = new CnaiPlatform('hf', { plan: withToken, kind: {}, huggingFaceToken: 'hf_abc' });
      await valueOf(p.manifests.resources);
      await settle(mocks);
      const secret = mocks.one('kubernetes:core/v1:Secret', 'hf-hf-token-team-dev');
      expect(secret.inputs['metadata']).toEqual({ name: 'hf-token', namespace: 'team-dev' });
      expect(unsecret<Record<string, unknown>>(secret.inputs['stringData'])).toEqual({ HF_TOKEN: expect.anything() });
      expect(unsecret(unsecret<Record<string, unknown>>(secret.inputs['stringData'])['HF_TOKEN'])).toBe('hf_abc');
      expect(secret.dependencies?.some((u) => u.endsWith('kubernetes:core/v1:Namespace::hf-ns-team-dev'))).toBe(true);
      const isvc = mocks.ofType('kubernetes:serving.kserve.io/v1beta1:InferenceService').find((r) => r.parent?.includes('::hf-manifests'))!;
      expect(isvc.dependencies?.some((u) => u.endsWith('kubernetes:core/v1:Secret::hf-hf-token-team-dev'))).toBe(true);
    }
  });

  it('asks for exactly one source and for the settings of the plan provider', () => {
    expect(() => new CnaiPlatform('none', {})).toThrow('CnaiPlatform(none): give exactly one of platformFile, spec or plan');
    const gkeText = fs.readFileSync(path.join(ROOT, 'examples/gke-fleet/platform.yaml'), 'utf8');
    const before = mocks.resources.length;
    expect(() => new CnaiPlatform('nogke', { spec: parsePlatform(gkeText, 'gke.yaml'), huggingFaceToken: HF_TOKEN })).toThrow(
      'CnaiPlatform(nogke).gke: the platform targets gke but no gke settings were given; fix: pass gke: { project, databaseVersion }',
    );
    expect(mocks.resources.length).toBe(before);
    expect(() => new CnaiPlatform('slow', { spec: parsePlatform(kindText, KIND_FILE), operatorTimeoutSeconds: 10, huggingFaceToken: HF_TOKEN })).toThrow(
      'CnaiPlatform(slow).operatorTimeoutSeconds: must be a whole number of seconds >= 60, got 10',
    );
    expect(mocks.resources.length).toBe(before);
  });
});

function fail(file: string): never {
  throw new Error(`ENOENT: no such file, open '${file}'`);
}
