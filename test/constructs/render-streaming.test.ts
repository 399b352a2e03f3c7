import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App } from 'cdk8s';
import type { Construct } from 'constructs';
import { buildPlatformChart, PLATFORM_COMPONENTS, PlatformChart } from '../../constructs/platform/platform-chart';
import { renderObjects } from '../../constructs/platform/render';
import { plan } from '../../planner/plan';
import { parsePlatform } from '../../planner/spec/parse';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function planOf(name: string): ReturnType<typeof plan> {
  const file = path.join(EXAMPLES, name, 'platform.yaml');
  return plan(parsePlatform(fs.readFileSync(file, 'utf8'), file));
}

/** Each component's objects of a whole PlatformChart through cdk8s's own toJson, in tree order. */
function wholeTree(p: ReturnType<typeof plan>): Record<string, string[]> {
  const chart = new PlatformChart(new App(), 'platform', { plan: p });
  const out: Record<string, string[]> = {};
  for (const name of PLATFORM_COMPONENTS) {
    const objects = chart.components[name].node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    if (objects.length > 0) out[name] = objects.map((o) => JSON.stringify(o.toJson())).sort();
  }
  return out;
}

describe('renderObjects renders while the chart is built', () => {
  test.each(['eks-fleet', 'gke-fleet', 'kind-laptop', 'reference'])('examples/%s: the objects of the whole chart, each as cdk8s renders it', (name) => {
    const p = planOf(name);
    const streamed = renderObjects(p);
    const own = wholeTree(p);
    expect(Object.keys(streamed)).toEqual(Object.keys(own));
    for (const component of Object.keys(own)) expect(streamed[component]!.map((o) => JSON.stringify(o)).sort()).toEqual(own[component]);
  });

  test('each team and workload is handed over as soon as it is built, and dropped from the tree once rendered', () => {
    const p = planOf('reference');
    const flushed: string[] = [];
    let chart: PlatformChart | undefined;
    const flush = (component: Construct): void => {
      flushed.push(component.node.id);
      for (const child of component.node.children) component.node.tryRemoveChild(child.node.id);
    };
    chart = buildPlatformChart(new App(), 'platform', { plan: p }, flush);
    expect(flushed.filter((c) => c === 'tenancy')).toHaveLength(p.teams.length);
    const workloadFlushes = flushed.filter((c) => ['kserve', 'kuberay', 'trainer', 'notebooks', 'batch'].includes(c));
    expect(workloadFlushes).toHaveLength(p.workloads.length);
    expect(chart.components.tenancy.node.children).toHaveLength(0);
    // outside buildPlatformChart a PlatformChart keeps every construct
    chart = new PlatformChart(new App(), 'platform', { plan: p });
    expect(chart.components.tenancy.node.children.length).toBe(3 * p.teams.length);
  });
});
