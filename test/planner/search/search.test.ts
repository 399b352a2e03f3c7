/**
 * The keep-best search: which restrictions of a policy it plans under, in what order, within
 * which bounds, and that more choice never raises the cost of the reference platform.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gpuModel } from '../../../planner/catalogue';
import { plan } from '../../../planner/plan';
import { capacityRestrictions, restrictionCount, restrictionsOf, sharingRestrictions } from '../../../planner/search/restrictions';
import { MAX_RESTRICTIONS, MAX_SEARCH_GPU_WORKLOADS } from '../../../planner/search/search';
import { parsePlatform } from '../../../planner/spec/parse';
import type { GpuId, PlatformSpec } from '../../../planner/spec/schema';
import { inference, notebook, platform } from '../../helpers/platform-builders';

const REFERENCE = path.resolve(__dirname, '../../../examples/reference/platform.yaml');

function reference(allowedGpus?: readonly GpuId[]): PlatformSpec {
  const spec = parsePlatform(fs.readFileSync(REFERENCE, 'utf8'), REFERENCE);
  if (!allowedGpus) return spec;
  // A100-80GB (p4de.24xlarge) is sold only in use1-az4 and use1-az6 (planner/catalogue/zone-offerings.ts)
  const target = { ...spec.spec.target, zones: ['use1-az4', 'use1-az6'] };
  return { ...spec, spec: { ...spec.spec, target, policy: { ...spec.spec.policy, allowedGpus: [...allowedGpus] } } };
}

describe('restrictions of a policy', () => {
  it('lists every non-empty GPU subset per relaxed sharing and capacity policy, the policy itself first', () => {
    const models = (['H100-80GB', 'L40S', 'L4'] as const).map(gpuModel);
    const list = restrictionsOf(models, 'auto', 'spot-with-fallback');
    expect(list).toHaveLength(7 * 3 * 2);
    expect(list.length).toBe(restrictionCount(3, 'auto', 'spot-with-fallback'));
    expect(list[0]).toEqual({ gpuModels: models, sharing: 'auto', capacityPolicy: 'spot-with-fallback' });
    const keys = list.map((x) => `${x.sharing}|${x.capacityPolicy}|${x.gpuModels.map((g) => g.id).join(',')}`);
    expect(new Set(keys).size).toBe(list.length);
    // larger subsets first, catalogue order within a size
    expect(list.slice(0, 7).map((x) => x.gpuModels.map((g) => g.id).join(','))).toEqual([
      'H100-80GB,L40S,L4',
      'H100-80GB,L40S',
      'H100-80GB,L4',
      'L40S,L4',
      'H100-80GB',
      'L40S',
      'L4',
    ]);
  });

  it('relaxes exclusive and mig into auto, and on-demand into spot-with-fallback, and nothing else', () => {
    expect(sharingRestrictions('auto')).toEqual(['auto', 'exclusive', 'mig']);
    expect(sharingRestrictions('exclusive')).toEqual(['exclusive']);
    expect(sharingRestrictions('time-slicing')).toEqual(['time-slicing']);
    expect(capacityRestrictions('spot-with-fallback')).toEqual(['spot-with-fallback', 'on-demand']);
    expect(capacityRestrictions('spot')).toEqual(['spot']);
    expect(capacityRestrictions('on-demand')).toEqual(['on-demand']);
  });

  it("contains a stricter policy's restrictions, which is what makes the kept best monotone", () => {
    const three = (['H100-80GB', 'L40S', 'L4'] as const).map(gpuModel);
    const key = (x: ReturnType<typeof restrictionsOf>[number]) => `${x.sharing}|${x.capacityPolicy}|${x.gpuModels.map((g) => g.id).join(',')}`;
    const wide = new Set(restrictionsOf([gpuModel('H100-80GB'), gpuModel('A100-80GB'), ...three.slice(1)], 'auto', 'spot-with-fallback').map(key));
    for (const x of restrictionsOf(three, 'exclusive', 'on-demand')) expect(wide.has(key(x))).toBe(true);
  });
});

describe('searching the restrictions', () => {
  it('keeps the reference plan when A100-80GB is allowed too (before the search: $48.33/h -> $88.69/h)', () => {
    const before = plan(reference());
    const after = plan(reference(['H100-80GB', 'L4', 'L40S', 'A100-80GB']));
    expect(after.cost.hourly).toBeLessThanOrEqual(before.cost.hourly + 1e-6);
    expect(after.search).toMatchObject({ candidates: 45, exhaustive: true });
    expect(after.cost.hourly).toBeLessThanOrEqual(after.search!.unrestrictedHourly! + 1e-6);
  });

  it('records the restriction kept and how many were planned', () => {
    const p = plan(reference());
    expect(p.search).toEqual({
      gpuModels: ['H100-80GB', 'L40S', 'L4'],
      sharing: 'auto',
      capacityPolicy: 'on-demand',
      candidates: 21,
      exhaustive: true,
      unrestrictedHourly: p.cost.hourly,
    });
  });

  it('plans only under the policy itself beyond its bounds, and says the guarantee does not hold', () => {
    const many = Array.from({ length: MAX_SEARCH_GPU_WORKLOADS + 1 }, (_, i) =>
      notebook(`nb-${String(i).padStart(2, '0')}`, 'research', { gpu: { memoryGiB: 10 } }),
    );
    const p = plan(platform({ policy: { allowedGpus: ['L4'] }, workloads: many }));
    expect(p.search).toMatchObject({ candidates: 1, exhaustive: false });
    // every GPU the provider offers, with auto sharing: more restrictions than the bound
    const wide = plan(platform({ workloads: [inference('chat', 'product', 'llama-3.1-8b')] }));
    expect(restrictionCount(wide.search!.gpuModels.length, 'auto', 'on-demand')).toBeGreaterThan(0);
    expect(wide.search).toMatchObject({ candidates: 1, exhaustive: false });
    expect(MAX_RESTRICTIONS).toBeGreaterThanOrEqual(restrictionCount(4, 'auto', 'on-demand'));
  });

  it('skips restrictions that leave a workload without a GPU instead of failing', () => {
    // a 405B replica in fp8 needs more than the 8 L4 GPUs of the largest L4 node: {L4} alone is infeasible
    const p = plan(
      platform({
        policy: { allowedGpus: ['H100-80GB', 'L4'] },
        workloads: [inference('big', 'product', 'llama-3.1-405b', { precision: 'fp8', maxContextTokens: 4096, concurrency: 1 })],
      }),
    );
    expect(p.search).toMatchObject({ candidates: 9, exhaustive: true });
    expect(p.workloads[0]!.nodePool).toMatch(/^gpu-h100-80gb-/);
  });
});
