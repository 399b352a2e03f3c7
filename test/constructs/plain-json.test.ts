import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, JsonPatch, Lazy, LazyResolver, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { GpuClusterQueue, PoolResourceFlavor, TeamLocalQueue } from '../../constructs';
import { PlatformChart } from '../../constructs/platform/platform-chart';
import { withPlainJson } from '../../constructs/platform/plain-json';
import { plan } from '../../planner/plan';
import { parsePlatform } from '../../planner/spec/parse';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Every ApiObject under a scope, in tree order. */
function apiObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** What each object's toJson gives (or the error it throws), as text so key order counts too. */
function rendered(objects: readonly ApiObject[]): string[] {
  return objects.map((o) => {
    try {
      return JSON.stringify(o.toJson());
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  });
}

/** cdk8s's own rendering and the one inside withPlainJson, of the same objects. */
function bothWays(objects: readonly ApiObject[]): { cdk8s: string[]; plain: string[] } {
  const cdk8s = rendered(objects);
  const plain = withPlainJson(() => rendered(objects));
  return { cdk8s, plain };
}

describe('withPlainJson gives what cdk8s ApiObject.toJson gives', () => {
  test.each(['eks-fleet', 'gke-fleet', 'kind-laptop', 'reference'])('every object of examples/%s, keys in the same order', (name) => {
    const file = path.join(EXAMPLES, name, 'platform.yaml');
    const chart = new PlatformChart(new App(), 'platform', { plan: plan(parsePlatform(fs.readFileSync(file, 'utf8'), file)) });
    const objects = apiObjects(chart);
    expect(objects.length).toBeGreaterThan(20);
    const { cdk8s, plain } = bothWays(objects);
    expect(plain).toEqual(cdk8s);
  });

  test('the plain objects of the platform are copied without resolving each value', () => {
    const file = path.join(EXAMPLES, 'reference', 'platform.yaml');
    const chart = new PlatformChart(new App(), 'platform', { plan: plan(parsePlatform(fs.readFileSync(file, 'utf8'), file)) });
    const objects = apiObjects(chart);
    // cdk8s's resolve (lib/resolve.js@2.70.106) offers every value to each resolver of the App,
    // the built-in LazyResolver first; the copy offers none of these objects' values
    const offered = jest.spyOn(LazyResolver.prototype, 'resolve');
    try {
      withPlainJson(() => objects.forEach((o) => o.toJson()));
      expect(offered).not.toHaveBeenCalled();
      objects.forEach((o) => o.toJson());
      expect(offered.mock.calls.length).toBeGreaterThan(objects.length * 10);
    } finally {
      offered.mockRestore();
    }
  });

  test('tokens, JSON patches, unions, empty metadata and values cdk8s rejects', () => {
    const chart = new Chart(new App(), 'tokens', { labels: { team: 'vision' } });
    const objects: ApiObject[] = [
      // a Lazy, an implicit token (a resolve() method) and a Lazy inside metadata
      new k8s.KubeConfigMap(chart, 'lazy', {
        metadata: { name: 'lazy', labels: { at: Lazy.any({ produce: () => 'produced' }) as unknown as string } },
        data: { a: Lazy.any({ produce: () => 'x' }) as unknown as string },
      }),
      new k8s.KubeConfigMap(chart, 'implicit', { metadata: { name: 'implicit' }, data: { a: { resolve: () => 'resolved' } as unknown as string } }),
      // a JSON patch applied after resolving (api-object.js@2.70.106: patches before the L1's mapping)
      new k8s.KubeConfigMap(chart, 'patched', { metadata: { name: 'patched' }, data: { a: 'b' } }),
      // Quantity and IntOrString unions, nulls and empty collections dropped from metadata only
      new k8s.KubeService(chart, 'service', {
        metadata: { name: 'service', annotations: {}, finalizers: [] },
        spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }], selector: {}, externalIPs: [] },
      }),
      new k8s.KubeResourceQuota(chart, 'quota', {
        metadata: { name: 'quota' },
        spec: { hard: { cpu: k8s.Quantity.fromString('2'), 'nvidia.com/gpu': k8s.Quantity.fromNumber(4) } },
      }),
      new ApiObject(chart, 'nulls', {
        apiVersion: 'v1',
        kind: 'Thing',
        metadata: { name: 'nulls' },
        spec: { a: null, b: undefined, c: [null, 1, undefined], d: { e: null } },
      }),
      // a key `constructor` (cdk8s does not walk into such a value) and `__proto__` from JSON text
      new ApiObject(chart, 'keys', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'keys' }, spec: { constructor: 'x' } }),
      new ApiObject(chart, 'proto', {
        apiVersion: 'v1',
        kind: 'Thing',
        metadata: { name: 'proto' },
        spec: JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as unknown,
      }),
      // a class instance that is not a union: cdk8s refuses it with its own message
      new ApiObject(chart, 'date', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'date' }, spec: { at: new Date(0) } }),
      // no name: cdk8s generates one from the construct path
      new ApiObject(chart, 'unnamed', { apiVersion: 'v1', kind: 'Thing', spec: { nested: [[], {}, [{ a: 1 }]] } }),
    ];
    objects[2]!.addJsonPatch(JsonPatch.add('/data/c', 'd'), JsonPatch.remove('/data/a'));
    const { cdk8s, plain } = bothWays(objects);
    expect(plain).toEqual(cdk8s);
    // the tokens really were resolved and the patch applied, in both renderings
    expect(JSON.parse(plain[0]!)).toMatchObject({ metadata: { labels: { at: 'produced', team: 'vision' } }, data: { a: 'x' } });
    expect(JSON.parse(plain[1]!)).toMatchObject({ data: { a: 'resolved' } });
    expect(JSON.parse(plain[2]!)).toMatchObject({ data: { c: 'd' } });
    expect(JSON.parse(plain[2]!).data).not.toHaveProperty('a');
    expect(plain[8]).toMatch(/^error: Failed serializing construct at path 'tokens\/date'.*non-simple object of type 'Date'/);
  });

  test('an App with its own resolvers keeps cdk8s rendering', () => {
    const upper = {
      resolve: (c: { value: unknown; replaceValue: (v: unknown) => void }) =>
        typeof c.value === 'string' && c.value.startsWith('up:') && c.replaceValue(c.value.slice(3).toUpperCase()),
    };
    const chart = new Chart(new App({ resolvers: [upper] }), 'custom');
    const objects = [new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm' }, data: { a: 'up:loud', b: 'quiet' } })];
    const { cdk8s, plain } = bothWays(objects);
    expect(plain).toEqual(cdk8s);
    expect(JSON.parse(plain[0]!)).toMatchObject({ data: { a: 'LOUD', b: 'quiet' } });
  });

  test('cdk8s toJson is back after the render, also when it throws', () => {
    const own = ApiObject.prototype.toJson;
    expect(withPlainJson(() => ApiObject.prototype.toJson !== own)).toBe(true);
    expect(ApiObject.prototype.toJson).toBe(own);
    expect(() =>
      withPlainJson(() => {
        throw new Error('render failed');
      }),
    ).toThrow('render failed');
    expect(ApiObject.prototype.toJson).toBe(own);
  });

  test("the platform's constructs in a user's own App synthesise the same objects", () => {
    const build = (): Chart => {
      const chart = new Chart(new App(), 'user');
      const flavor = new PoolResourceFlavor(chart, 'l4-pool', { nodeTaints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] });
      const queue = new GpuClusterQueue(chart, 'vision', {
        cohort: 'acme-ml',
        resourceGroups: [
          { coveredResources: ['nvidia.com/gpu'], flavors: [{ name: flavor.flavorName, resources: [{ name: 'nvidia.com/gpu', nominalQuota: 4 }] }] },
        ],
      });
      new TeamLocalQueue(chart, 'vision-queue', { namespace: 'team-vision', clusterQueue: queue.queueName });
      ApiObject.of(queue).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'vision' }));
      return chart;
    };
    const own = Testing.synth(build());
    const plain = withPlainJson(() => Testing.synth(build()));
    expect(plain).toEqual(own);
    expect(own.find((o: { kind: string }) => o.kind === 'ClusterQueue')).toMatchObject({ metadata: { annotations: { owner: 'vision' } } });
    // outside withPlainJson a user's App renders through cdk8s itself
    expect(Testing.synth(build())).toEqual(own);
  });
});
