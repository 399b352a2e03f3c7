/**
 * decisions[] and warnings[]: typed records, asserted field by field (after Kueue's assignment
 * status and Karpenter's instance-type filter errors).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plan } from '../../planner/plan';
import type { Decision } from '../../planner/plan-types';
import { parsePlatform } from '../../planner/spec/parse';
import type { GpuId, PlatformSpec } from '../../planner/spec/schema';
import { describeDecision, describeWarning } from '../../report';
import { batch, GKE_US_CENTRAL1, inference, KIND, notebook, platform } from '../helpers/platform-builders';

const reference = path.resolve(__dirname, '../../examples/reference/platform.yaml');

function fleet(workloads: PlatformSpec['spec']['workloads'], allowedGpus?: GpuId[], zones?: string[]): PlatformSpec {
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: 'm' },
    spec: {
      target: { provider: 'eks', region: 'us-east-1', ...(zones ? { zones } : {}) },
      ...(allowedGpus ? { policy: { allowedGpus } } : {}),
      teams: [{ name: 't' }],
      workloads,
    },
  };
}

function decision(ds: readonly Decision[], pool: string): Decision {
  const d = ds.find((x) => x.nodePool === pool);
  if (!d) throw new Error(`no decision for ${pool} (has ${ds.map((x) => x.nodePool).join(', ')})`);
  return d;
}

describe('decisions', () => {
  const p = plan(parsePlatform(fs.readFileSync(reference, 'utf8'), reference));

  test('the chosen instance type, its nodes and cost are the pool’s; a runner-up never costs less', () => {
    for (const d of p.decisions) {
      const np = p.nodePools.find((n) => n.name === d.nodePool)!;
      expect(d.chosen).toEqual({ instanceType: np.instanceType, sharing: np.sharing.mode, nodes: np.nodes, hourlyCost: np.hourlyCost });
      if (d.runnerUp) expect(d.runnerUp.hourlyCost).toBeGreaterThanOrEqual(d.chosen.hourlyCost);
    }
    expect(p.decisions.filter((d) => d.runnerUp).length).toBeGreaterThan(0);
    expect(decision(p.decisions, 'system').basis).toBe('system-operators');
  });

  test("every workload is a member of its pool's decision, with the option it runs with", () => {
    for (const w of p.workloads) {
      const groups = decision(p.decisions, w.nodePool).members.filter((g) => g.workloads.includes(w.name) && g.role === undefined);
      expect(groups).toHaveLength(1);
      const o = groups[0]!.option;
      if (w.perReplica.gpus === 0) expect(o).toBeUndefined();
      else expect(o).toEqual(expect.objectContaining({ gpusPerReplica: w.perReplica.gpus, gpuMemoryBytes: w.perReplica.gpuMemoryBytes }));
    }
    const notebooks = p.workloads.find((w) => w.name === 'notebooks')!;
    const g = decision(p.decisions, notebooks.nodePool).members.find((x) => x.workloads.includes('notebooks'))!;
    expect(g.runnerUp).toBeDefined();
    expect(g.runnerUp!.estimatedHourly).toBeGreaterThanOrEqual(g.option!.estimatedHourly);
  });

  test('ruled-out instance types carry a structured reason with the numbers', () => {
    // one 4-GPU replica: 1-GPU L4 shapes cannot host it
    const q = plan(fleet([{ name: 'big', team: 't', type: 'batch', gpu: { count: 4, model: 'L4' } }]));
    const d = decision(q.decisions, q.workloads[0]!.nodePool);
    const g6xl = d.ruledOut.find((r) => r.instanceType === 'g6.xlarge')!;
    expect(g6xl.reasons).toContainEqual({ kind: 'gpus', workload: 'big', requested: 4, available: 1 });
    expect(describeDecision(d)).toContain('g6.xlarge (big: 4 GPUs requested, 1 per node)');
  });

  test('a few replicas are moved off a pool that would buy mostly idle 8-GPU nodes, and the decision records the repair', () => {
    const chat = [{ name: 'chat', team: 't', type: 'inference' as const, model: 'llama-3.1-8b' as const, replicas: 4, zoneSpread: true }];
    // the zones that sell p4de.24xlarge (A100 80GB) in us-east-1, so its 8-GPU MIG pool is an option
    const zones = ['use1-az4', 'use1-az6'];
    const all = plan(fleet(chat, undefined, zones));
    const onlyL4 = plan(fleet(chat, ['L4'], zones));
    // allowing more GPU models only adds options, so it may never cost more
    expect(all.cost.hourly).toBeLessThanOrEqual(onlyL4.cost.hourly);
    const d = decision(all.decisions, all.workloads[0]!.nodePool);
    expect(d.repairs).toHaveLength(1);
    const r = d.repairs[0]!;
    expect(r).toEqual({ kind: 'moved-here', from: expect.stringMatching(/^gpu-/), workloads: ['chat'], savedHourly: expect.any(Number) });
    expect(r.savedHourly).toBeGreaterThan(0);
    // the option given up is reported as the runner-up, not the chosen one again
    const g = d.members[0]!;
    expect(g.runnerUp).toBeDefined();
    expect(g.runnerUp).not.toEqual(g.option);
    expect(describeDecision(d)).toMatch(/moved here from gpu-[a-z0-9-]+: chat, saving \$[0-9.]+\/h/);
  });

  test('a kind pool is explained as sized by the host', () => {
    const k = plan(platform({ target: KIND, workloads: [batch('etl', 'data')] }));
    expect(k.decisions).toEqual([
      {
        nodePool: 'kind-workers',
        basis: 'host-sized',
        chosen: { instanceType: 'kind-node', sharing: 'exclusive', nodes: 1, hourlyCost: 0 },
        ruledOut: [],
        members: [{ workloads: ['etl'] }],
        repairs: [],
      },
    ]);
  });
});

describe('warnings', () => {
  test('carry a code and their numbers, in a total order', () => {
    const p = plan(
      platform({
        policy: { capacity: 'spot' },
        workloads: [
          inference('chat', 't', 'llama-3.1-8b', { precision: 'int4', replicas: 1, zoneSpread: true }),
          notebook('lab', 't', { gpu: { fraction: 0.25 } }),
        ],
      }),
    );
    expect(p.warnings).toContainEqual({ code: 'spot-serving', workload: 'chat' });
    expect(p.warnings).toContainEqual({ code: 'int4-scale-estimate', workload: 'chat' });
    expect(p.warnings).toContainEqual({ code: 'zone-spread-short', workload: 'chat', replicas: 1, zones: 2 });
    const codes = p.warnings.map((w) => w.code);
    expect(codes).toEqual([...codes].sort());
    expect(describeWarning({ code: 'zone-spread-short', workload: 'chat', replicas: 1, zones: 2 })).toBe(
      'chat: zoneSpread with 1 replica(s) over 2 zones leaves some zones without one',
    );
  });

  test('an idle GPU pool reports requested and provisioned GPUs', () => {
    // on demand, GKE sells H100 only as a3-highgpu-8g (the smaller A3 High shapes are spot-only)
    const p = plan(platform({ target: GKE_US_CENTRAL1, workloads: [batch('one', 't', { gpu: { count: 1, model: 'H100-80GB' } })] }));
    const w = p.warnings.find((x) => x.code === 'idle-gpus');
    expect(w).toEqual({
      code: 'idle-gpus',
      nodePool: 'gpu-h100-80gb-whole',
      gpuModel: 'H100-80GB',
      instanceType: 'a3-highgpu-8g',
      requestedGpus: 1,
      provisionedGpus: 8,
    });
  });

  test('kind lists the workloads that fall back to CPU', () => {
    const k = plan(platform({ target: KIND, workloads: [inference('chat', 't', 'llama-3.2-1b', { cpuFallback: true }), batch('etl', 't')] }));
    expect(k.warnings).toEqual([{ code: 'cpu-fallback', provider: 'kind', workloads: ['chat'] }]);
  });
});
