import * as fs from 'node:fs';
import { plan } from '../../planner/plan';
import { parseTrace, traceToPlatform, wholeGpuBaseline } from '../../bench/trace';
import { describeWithShared, sharedFile } from '../helpers/shared';

const trace = sharedFile('traces', 'alibaba-gpu-v2023', 'openb_pod_list_default.csv');

describeWithShared('the Alibaba trace benchmark (quality bar of DESIGN.md)', trace, () => {
  const pods = trace ? parseTrace(fs.readFileSync(trace, 'utf8')) : [];
  const p = trace ? plan(traceToPlatform(pods)) : undefined;

  test('the trace has the published shape: 8,152 pods, whole-GPU baseline 7,433', () => {
    expect(pods).toHaveLength(8152);
    expect(wholeGpuBaseline(pods)).toBe(7433);
  });

  test('GPUs provisioned are at most 1.03 x the Martello-Toth bound of 6,277', () => {
    expect(p!.utilization.gpuLowerBound).toBe(6277);
    expect(p!.utilization.gpus.provisioned).toBeLessThanOrEqual(Math.floor(1.03 * 6277));
  });

  test("every pod is placed and every node's CPU and memory requests fit its allocatable", () => {
    expect(p!.placements).toHaveLength(8152);
    const req = new Map(p!.workloads.map((w) => [w.name, w.perReplica] as const));
    const use = new Map<string, { cpu: number; mem: number }>();
    for (const pl of p!.placements) {
      const k = `${pl.nodePool}/${pl.node}`;
      const u = use.get(k) ?? { cpu: 0, mem: 0 };
      u.cpu += req.get(pl.workload)!.cpuMilli;
      u.mem += req.get(pl.workload)!.memoryBytes;
      use.set(k, u);
    }
    const pools = new Map(p!.nodePools.map((n) => [n.name, n] as const));
    for (const [k, u] of use) {
      const a = pools.get(k.split('/')[0]!)!.allocatable;
      expect(u.cpu).toBeLessThanOrEqual(a.cpuMilli);
      expect(u.mem).toBeLessThanOrEqual(a.memoryBytes);
    }
  });

  test('cost is reported with its distance to a lower bound', () => {
    expect(p!.cost.lowerBoundHourly).toBeGreaterThan(0);
    expect(p!.cost.hourly).toBeGreaterThanOrEqual(p!.cost.lowerBoundHourly);
  });
});
