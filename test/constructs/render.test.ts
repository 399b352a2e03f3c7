/**
 * renderManifests: one file per component, deterministic bytes, independent of plan order.
 */
import { formatBytes, formatCpu } from '../../constructs/common/quantities';
import { containerResources } from '../../constructs/common/pod';
import { PLATFORM_COMPONENTS } from '../../constructs/platform/platform-chart';
import { renderManifests, renderObjects } from '../../constructs/platform/render';
import { fixturePlan } from './fixtures/plan';

describe('renderManifests', () => {
  const files = renderManifests(fixturePlan());

  it('writes one YAML file per component with objects', () => {
    expect(Object.keys(files).sort()).toEqual(PLATFORM_COMPONENTS.map((c) => `${c}.yaml`).sort());
  });

  it('gives identical bytes for the same plan, whatever the order of its lists', () => {
    const p = fixturePlan();
    const shuffled = fixturePlan({
      teams: [...p.teams].reverse(),
      workloads: [...p.workloads].reverse(),
      nodePools: [...p.nodePools].reverse(),
      quotas: {
        ...p.quotas,
        resourceFlavors: [...p.quotas.resourceFlavors].reverse(),
        clusterQueues: [...p.quotas.clusterQueues].reverse(),
        localQueues: [...p.quotas.localQueues].reverse(),
      },
    });
    expect(renderManifests(shuffled)).toEqual(files);
  });

  it('puts namespaces first and sorts keys', () => {
    const tenancy = files['tenancy.yaml']!;
    expect(tenancy.startsWith('apiVersion: v1\nkind: Namespace\n')).toBe(true);
    expect(files['kueue.yaml']!.indexOf('kind: Cohort')).toBeLessThan(files['kueue.yaml']!.indexOf('kind: ClusterQueue'));
  });

  it('names a missing team or pool, with the ones the plan has', () => {
    const p = fixturePlan();
    const orphan = fixturePlan({ workloads: [{ ...p.workloads[0]!, team: 'ghosts' }] });
    expect(() => renderObjects(orphan)).toThrow("workload 'chat': team 'ghosts' is not in the plan's teams (product, research)");
  });
});

describe('quantities', () => {
  it.each([
    [4000, '4'],
    [1500, '1500m'],
    [250, '250m'],
    [0, '0'],
  ])('%d milli-CPU is %s', (milli, text) => expect(formatCpu(milli)).toBe(text));

  it.each([
    [16 * 1024 ** 3, '16Gi'],
    [512 * 1024 ** 2, '512Mi'],
    [2 * 1024 ** 4, '2Ti'],
    [1000, '1000'],
  ])('%d bytes is %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('rejects fractions and negatives, naming the value', () => {
    expect(() => formatCpu(0.5)).toThrow('CPU (milli-CPU) must be a whole number >= 0, got 0.5');
    expect(() => formatBytes(-1)).toThrow('memory (bytes) must be a whole number >= 0, got -1');
    expect(() => containerResources({ cpuMilli: 0, memoryBytes: 1 })).toThrow(
      'a container needs a positive CPU and memory request, got cpuMilli=0, memoryBytes=1',
    );
  });
});
