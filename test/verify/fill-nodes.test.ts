import { renderObjects } from '../../constructs/platform/render';
import { plan } from '../../planner/plan';
import { syntheticFleet } from '../../bench/synthetic';
import type { NodeModel, PodTemplate } from '../../verify/model';
import { ClusterScheduler } from '../../verify/scheduler';
import { verifyObjects } from '../../verify/verify';

const GIB = 2 ** 30;

function node(name: string): NodeModel {
  return { name, pool: 'cpu', labels: { 'kubernetes.io/hostname': name }, taints: [], allocatable: { cpu: 4000, memory: 4 * GIB, pods: 110 } };
}

function template(cpu: number, memoryGiB: number): PodTemplate {
  return {
    labels: {},
    nodeSelector: {},
    nodeAffinity: [],
    tolerations: [],
    requests: { cpu, memory: memoryGiB * GIB, pods: 1 },
    spread: [],
    antiAffinity: [],
    claims: [],
  };
}

describe('placing pods node by node', () => {
  // two memory-heavy pods first, then two CPU-heavy ones: together they fill both nodes exactly
  const memoryHeavy = template(1000, 2);
  const cpuHeavy = template(3000, 2);
  const pods = [memoryHeavy, memoryHeavy, cpuHeavy, cpuHeavy].map((t) => ({ namespace: 'team-a', template: t }));

  test('first fit in arrival order strands CPU behind memory', () => {
    const s = new ClusterScheduler([node('a'), node('b')]);
    const placed = pods.map((p) => s.schedule(p).node);
    expect(placed.filter((n) => n === undefined)).toHaveLength(1);
  });

  test('filling each node with the pod that matches its room places all four', () => {
    const s = new ClusterScheduler([node('a'), node('b')]);
    expect(s.fillNodes(pods)).toEqual([true, true, true, true]);
    // nothing is left on either node: a fifth pod of any size fits nowhere
    expect(s.schedule({ namespace: 'team-a', template: template(1, 0) }).node).toBeUndefined();
  });

  test('a pod that fits no node stays unbound', () => {
    const s = new ClusterScheduler([node('a')]);
    expect(s.fillNodes([{ namespace: 'team-a', template: template(5000, 1) }])).toEqual([false]);
  });
});

describe('every plan verifies', () => {
  // 200 synthetic workloads: Ray heads (higher priority) and CPU batch jobs share the CPU pool,
  // which the planner fills to about 90 %; largest-first first-fit by priority leaves one job Pending
  test('a synthetic fleet of 200 workloads is admitted and placed in full', () => {
    const p = plan(syntheticFleet(200));
    const report = verifyObjects(p, Object.values(renderObjects(p)).flat());
    expect(report.summary).toEqual({ admittedAndScheduled: 202, workloads: 202, podsPending: 0, rolloutsBlocked: 0, claimsUnbound: 0 });
    expect(report.ok).toBe(true);
  });
});
