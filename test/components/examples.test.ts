import * as fs from 'node:fs';
import * as path from 'node:path';

import { gkeNodePoolSettings } from '../../components/gcp/node-pool-settings';
import { plan } from '../../planner/plan';
import type { Plan } from '../../planner/plan-types';
import { parsePlatform } from '../../planner/spec/parse';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const planOf = (name: string): Plan => {
  const file = path.join(EXAMPLES, name, 'platform.yaml');
  return plan(parsePlatform(fs.readFileSync(file, 'utf8'), `examples/${name}/platform.yaml`));
};

describe('examples', () => {
  it('eks-fleet plans H100 MIG serving, time-sliced notebooks and spot training on EKS', () => {
    const p = planOf('eks-fleet');
    expect(p.provider).toBe('eks');
    const h100Mig = p.nodePools.find((n) => n.gpuModel === 'H100-80GB' && n.sharing.mode === 'mig');
    expect(h100Mig?.labels['nvidia.com/mig.config']).toBe(h100Mig?.sharing.migConfigName);
    expect(p.nodePools.some((n) => n.gpuModel === 'L4' && n.sharing.mode === 'time-slicing')).toBe(true);
    expect(p.nodePools.some((n) => n.instanceType.startsWith('p5.') && n.capacity === 'spot')).toBe(true);
    expect(p.nodePools.some((n) => n.role === 'system')).toBe(true);
  });

  it('gke-fleet plans a3 MIG with one partition size per pool and time-shared g2 notebooks', () => {
    const p = planOf('gke-fleet');
    expect(p.provider).toBe('gke');
    const mig = p.nodePools.filter((n) => n.sharing.mode === 'mig');
    expect(mig.map((n) => n.instanceType.split('-')[0])).toContain('a3');
    // the GKE component accepts every pool (one partition size each, known accelerators)
    p.nodePools.forEach((n, i) => expect(() => gkeNodePoolSettings(n, 'DEFAULT', `nodePools[${i}]`)).not.toThrow());
    expect(p.nodePools.some((n) => n.instanceType.startsWith('g2-') && n.sharing.mode === 'time-slicing')).toBe(true);
  });

  it('kind-laptop plans CPU only, with its GPU-capable workload on cpuFallback', () => {
    const p = planOf('kind-laptop');
    expect(p.provider).toBe('kind');
    expect(p.nodePools.every((n) => n.gpuModel === null)).toBe(true);
    expect(p.workloads.filter((w) => w.cpuFallback).map((w) => w.name)).toEqual(['tiny-chat']);
  });

  it.each(['eks-fleet', 'gke-fleet', 'kind-laptop', 'import-constructs'])('%s/README.md starts with the smallest working command', (name) => {
    const readme = fs.readFileSync(path.join(EXAMPLES, name, 'README.md'), 'utf8').split('\n');
    expect(readme[0]).toMatch(/^# /);
    const firstContent = readme.slice(1).find((l) => l.trim() !== '');
    expect(firstContent).toBe('```sh');
  });
});

const ROOT_INDEX = path.resolve(__dirname, '../../index.ts');
const describeImport = fs.existsSync(ROOT_INDEX) ? describe : describe.skip;
if (!fs.existsSync(ROOT_INDEX)) console.info('index.ts (package root) not found: skipping the import-constructs example test');

describeImport('examples/import-constructs', () => {
  it('synthesizes a ResourceFlavor, a ClusterQueue and a LocalQueue from the package root exports', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { App } = require('cdk8s') as typeof import('cdk8s');
    const { buildChart } = require('../../examples/import-constructs/main') as { buildChart(app: InstanceType<typeof App>): unknown };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const app = new App();
    buildChart(app);
    const yaml = app.synthYaml();
    for (const kind of ['ResourceFlavor', 'ClusterQueue', 'LocalQueue']) expect(yaml).toContain(`kind: ${kind}`);
    expect(yaml).toContain('cohortName: acme-ml');
  });
});
