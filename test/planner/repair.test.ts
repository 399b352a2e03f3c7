/**
 * The repair stage's single-workload moves: when moving a whole pool does not pay, one workload
 * of it moves to a pool that hosts it for less.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plan } from '../../planner/plan';
import { parsePlatform } from '../../planner/spec/parse';
import type { PlatformSpec } from '../../planner/spec/schema';

const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');

/** The reference platform with A100-80GB allowed too: chat first picks an A100 of an 8-GPU p4de node. */
function referenceWithA100(): PlatformSpec {
  const spec = parsePlatform(fs.readFileSync(REFERENCE, 'utf8'), REFERENCE);
  // A100-80GB (p4de.24xlarge) is sold only in use1-az4 and use1-az6 (planner/catalogue/zone-offerings.ts)
  const target = { ...spec.spec.target, zones: ['use1-az4', 'use1-az6'] };
  return { ...spec, spec: { ...spec.spec, target, policy: { ...spec.spec.policy, allowedGpus: ['H100-80GB', 'L4', 'L40S', 'A100-80GB'] } } };
}

describe('single-workload repairs', () => {
  it('moves chat alone out of the A100 pool it shares with the fine-tune, and records the saving', () => {
    const p = plan(referenceWithA100());
    const l4 = p.decisions.find((d) => d.nodePool === 'gpu-l4-whole')!;
    const moved = l4.repairs.find((r) => r.workloads.length === 1 && r.workloads[0] === 'chat');
    expect(moved).toMatchObject({ kind: 'moved-here', from: 'gpu-a100-80gb-whole' });
    expect(moved!.savedHourly).toBeGreaterThan(0);
    // the fine-tune stays on the A100 pool: only the one workload moved
    expect(p.workloads.find((w) => w.name === 'finetune')!.nodePool).toBe('gpu-a100-80gb-whole');
    expect(p.workloads.find((w) => w.name === 'chat')!.nodePool).toBe('gpu-l4-whole');
  });

  it('brings the policy’s own plan below the reference plan without A100 ($48.33/h)', () => {
    const p = plan(referenceWithA100());
    expect(p.search!.unrestrictedHourly!).toBeLessThan(48.33);
  });
});
