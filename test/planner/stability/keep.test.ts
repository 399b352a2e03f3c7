/**
 * Keeping a previous plan when many workloads change: past `KEEP_PRICED_WORKLOADS` the changed
 * workloads are placed unpriced, and the nodes still stay.
 */
import { diffPlans } from '../../../planner/diff';
import { plan } from '../../../planner/plan';
import type { Plan } from '../../../planner/plan-types';
import { stableJson } from '../../../planner/serialize';
import { KEEP_PRICED_WORKLOADS } from '../../../planner/stability/keep';
import { batch, platform } from '../../helpers/platform-builders';

describe('keepPrevious with more changed workloads than it prices', () => {
  const count = KEEP_PRICED_WORKLOADS + 6;
  const fleet = (replicas: number) =>
    platform({
      name: 'many',
      policy: { allowedGpus: ['L4'] },
      workloads: Array.from({ length: count }, (_, i) => batch(`job-${String(i).padStart(3, '0')}`, 'research', { replicas, gpu: { count: 1 } })),
    });

  it('keeps every node and placement and adds room for the new replicas', () => {
    const previous = JSON.parse(stableJson(plan(fleet(1)))) as Plan;
    const next = plan(fleet(2), { previous, tolerance: 10 });
    const d = diffPlans(previous, next);
    expect(next.stability?.outcome).toBe('kept-previous');
    expect(d.drains).toEqual([]);
    expect(d.workloads.moved).toEqual([]);
    expect(next.stability!.keptPlacements).toBe(count);
    expect(next.placements).toHaveLength(2 * count);
  });
});
