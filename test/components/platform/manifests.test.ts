import { SKIP_AWAIT_ANNOTATION, orderManifests } from '../../../components/platform/manifests';
import { summarizePlan } from '../../../components/platform/plan-summary';
import { imageTag } from '../../../components/platform/operator-values';
import { eksPlan } from '../fixtures/plans';

describe('orderManifests', () => {
  const files = {
    'tenancy.yaml':
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: team-b\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n',
    'kueue.yaml': 'apiVersion: kueue.x-k8s.io/v1beta2\nkind: ClusterQueue\nmetadata:\n  name: a\n',
  };

  it('pulls Namespaces out, sorted by name, and keeps the other objects per file in file-name order', () => {
    const o = orderManifests(files);
    expect(o.namespaces.map((n) => n.metadata.name)).toEqual(['team-a', 'team-b']);
    expect(o.objects.map((x) => x.kind)).toEqual(['ClusterQueue', 'ConfigMap']);
    expect(o.kinds).toEqual(['kueue.x-k8s.io/v1beta2/ClusterQueue', 'v1/ConfigMap', 'v1/Namespace', 'v1/Namespace']);
  });

  it('is independent of the order of the files', () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(orderManifests(reversed)).toEqual(orderManifests(files));
  });

  // pulumi.com/skipAwait: @pulumi/kubernetes 4.34 yaml/yaml.js; workload readiness (GPU scheduling, admission, image pulls) is not awaited.
  it('marks objects that run or front workload pods as not awaited, and leaves the rest awaited', () => {
    const o = orderManifests({
      'w.yaml': [
        'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: chat\n  namespace: team-a\n  annotations:\n    keep: "1"\n',
        'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: home\n  namespace: team-a\n',
        'apiVersion: kueue.x-k8s.io/v1beta2\nkind: LocalQueue\nmetadata:\n  name: q\n  namespace: team-a\n',
      ].join('---\n'),
    });
    const annotations = o.objects.map((x) => x.metadata?.annotations ?? {});
    expect(annotations).toEqual([{ keep: '1', [SKIP_AWAIT_ANNOTATION]: 'true' }, { [SKIP_AWAIT_ANNOTATION]: 'true' }, {}]);
  });

  it('names the file of a document that is not a Kubernetes object', () => {
    expect(() => orderManifests({ 'bad.yaml': 'foo: 1\n' })).toThrow('rendered manifest bad.yaml holds a document without apiVersion and kind');
    expect(() => orderManifests({ 'broken.yaml': 'a: [1\n' })).toThrow(/^rendered manifest broken\.yaml is not valid YAML/);
  });
});

describe('summarizePlan', () => {
  it('counts physical GPUs and carries cost, pools sorted by name', () => {
    const s = summarizePlan(eksPlan());
    expect(s.gpus).toBe(8 + 2 + 1 + 16);
    expect(s.pools.map((p) => p.name)).toEqual(['h100-mig', 'h100-train-spot', 'l4-serving', 'l4-shared', 'system']);
    expect(s.hourlyCost).toBe(eksPlan().cost.hourly);
    expect(s.pools.find((p) => p.name === 'h100-mig')!.sharing).toBe('mig');
  });
});

describe('imageTag', () => {
  it('returns the tag and refuses an untagged image', () => {
    expect(imageTag('vllm/vllm-openai:v0.33.0')).toBe('v0.33.0');
    expect(imageTag('localhost:5000/x:1')).toBe('1');
    expect(() => imageTag('localhost:5000/x')).toThrow("image 'localhost:5000/x' has no tag; pin it in versions.ts");
  });
});
