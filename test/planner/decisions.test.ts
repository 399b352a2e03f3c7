/**
 * decisions[]: why each pool won, what the runner-up would cost, and the pool-level repair.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plan } from '../../planner/plan';
import { parsePlatform } from '../../planner/spec/parse';
import type { GpuId, PlatformSpec } from '../../planner/spec/schema';

const reference = path.resolve(__dirname, '../../examples/reference/platform.yaml');

function fleet(workloads: PlatformSpec['spec']['workloads'], allowedGpus?: GpuId[]): PlatformSpec {
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: 'm' },
    spec: { target: { provider: 'eks', region: 'us-east-1' }, ...(allowedGpus ? { policy: { allowedGpus } } : {}), teams: [{ name: 't' }], workloads },
  };
}

describe('decisions', () => {
  const p = plan(parsePlatform(fs.readFileSync(reference, 'utf8'), reference));

  test('a runner-up instance type never costs less than the chosen one', () => {
    const withRunnerUp = p.decisions.filter((d) => d.runnerUp);
    expect(withRunnerUp.length).toBeGreaterThan(0);
    for (const d of withRunnerUp) expect(d.runnerUp!.hourlyCost).toBeGreaterThanOrEqual(d.chosen.hourlyCost);
    for (const d of p.decisions) expect(d.chosen.hourlyCost).toBe(p.nodePools.find((n) => n.name === d.nodePool)!.hourlyCost);
  });

  test("every workload is named in its pool's decision, with its runner-up option where it had one", () => {
    for (const w of p.workloads) {
      const reason = p.decisions.find((d) => d.nodePool === w.nodePool)!.reason;
      expect(reason).toContain(w.name);
    }
    expect(p.decisions.find((d) => d.nodePool === p.workloads.find((w) => w.name === 'notebooks')!.nodePool)!.reason).toMatch(/notebooks: .*runner-up /);
  });

  test('a few replicas are moved off a pool that would buy mostly idle 8-GPU nodes, and the decision says so', () => {
    const chat = [{ name: 'chat', team: 't', type: 'inference' as const, model: 'llama-3.1-8b' as const, replicas: 4, zoneSpread: true }];
    const all = plan(fleet(chat));
    const onlyL4 = plan(fleet(chat, ['L4']));
    // allowing more GPU models only adds options, so it may never cost more
    expect(all.cost.hourly).toBeLessThanOrEqual(onlyL4.cost.hourly);
    const pool = all.workloads[0]!.nodePool;
    const reason = all.decisions.find((d) => d.nodePool === pool)!.reason;
    expect(reason).toMatch(/moved here from gpu-[a-z0-9-]+: chat, saving \$[0-9.]+\/h/);
    // the option given up is reported as the runner-up, not the chosen one again
    expect(reason).toContain('; runner-up ');
    expect(reason).not.toMatch(/chat: (.+?), ~\$[0-9.]+\/h; runner-up \1 at/);
  });
});
