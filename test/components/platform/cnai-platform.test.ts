import * as fs from 'node:fs';
import * as path from 'node:path';

import { installMocks, settle, valueOf } from '../pulumi-mocks';

const mocks = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports */
const { CnaiPlatform } = require('../../../components/platform/cnai-platform') as typeof import('../../../components/platform/cnai-platform');
const { parsePlatform } = require('../../../planner/spec/parse') as typeof import('../../../planner/spec/parse');
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, '../../..');
const KIND_FILE = 'examples/kind-laptop/platform.yaml';
const kindText = fs.readFileSync(path.join(ROOT, KIND_FILE), 'utf8');

describe('CnaiPlatform', () => {
  let platform: InstanceType<typeof CnaiPlatform>;

  beforeAll(async () => {
    platform = new CnaiPlatform('dev', { spec: parsePlatform(kindText, KIND_FILE), kind: { context: 'kind-cnai' } });
    await valueOf(platform.manifests.resources);
    await settle(mocks);
  });

  it('creates the cluster for the plan provider, then the operators, then the manifests', () => {
    const top = mocks.resources.filter((r) => r.type.startsWith('cnai:')).map((r) => `${r.type} ${r.name}`);
    expect(top).toEqual(
      expect.arrayContaining(['cnai:platform:CnaiPlatform dev', 'cnai:kind:KindCluster dev-cluster', 'cnai:platform:PlatformOperators dev-operators']),
    );
    const manifests = mocks.one('kubernetes:yaml:ConfigGroup', 'dev-manifests');
    const lastRelease = mocks.one('kubernetes:helm.sh/v3:Release', 'dev-operators-kserve-runtime-configs');
    expect(lastRelease).toBeDefined();
    expect(manifests.dependencies?.some((u) => u.endsWith('::dev-operators-kserve-runtime-configs'))).toBe(true);
    // the platform's Namespaces (with their labels) exist before any Helm release could create them bare
    const first = mocks.one('kubernetes:helm.sh/v3:Release', 'dev-operators-cert-manager');
    expect(first.dependencies?.some((u) => u.endsWith('kubernetes:core/v1:Namespace::dev-ns-mlflow'))).toBe(true);
    // every deployed object waits for the last release and for the Namespaces
    const queue = mocks.ofType('kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue')[0]!;
    expect(queue.dependencies?.some((u) => u.endsWith('::dev-operators-kserve-runtime-configs'))).toBe(true);
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
    const p = new CnaiPlatform('mem', { platformFile: 'in-memory.yaml', reader, kind: {} });
    expect(p.plan.provider).toBe('kind');
    await valueOf(p.manifests.resources);
    await settle(mocks);
    expect(() => new CnaiPlatform('missing', { platformFile: 'nope.yaml', reader })).toThrow(
      /^CnaiPlatform\(missing\)\.platformFile: cannot read platform file 'nope\.yaml' .*no such file.*; fix: set cnai:platform to a path relative to the Pulumi project root$/,
    );
  });

  it('asks for exactly one source and for the settings of the plan provider', () => {
    expect(() => new CnaiPlatform('none', {})).toThrow('CnaiPlatform(none): give exactly one of platformFile or spec');
    const gkeText = fs.readFileSync(path.join(ROOT, 'examples/gke-fleet/platform.yaml'), 'utf8');
    const before = mocks.resources.length;
    expect(() => new CnaiPlatform('nogke', { spec: parsePlatform(gkeText, 'gke.yaml') })).toThrow(
      'CnaiPlatform(nogke).gke: the platform targets gke but no gke settings were given; fix: pass gke: { project, databaseVersion }',
    );
    expect(mocks.resources.length).toBe(before);
    expect(() => new CnaiPlatform('slow', { spec: parsePlatform(kindText, KIND_FILE), operatorTimeoutSeconds: 10 })).toThrow(
      'CnaiPlatform(slow).operatorTimeoutSeconds: must be a whole number of seconds >= 60, got 10',
    );
    expect(mocks.resources.length).toBe(before);
  });
});

function fail(file: string): never {
  throw new Error(`ENOENT: no such file, open '${file}'`);
}
