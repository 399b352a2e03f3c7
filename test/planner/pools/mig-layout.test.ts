import { gpuModel } from '../../../planner/catalogue';
import { expandMigCounts, isMigLayoutPlaceable } from '../../../planner/mig/placement';
import { chooseMigLayout, gkePartitionLayout } from '../../../planner/pools/mig-layout';

const h100 = gpuModel('H100-80GB');

describe('chooseMigLayout', () => {
  test.each([
    [{ '1g.10gb': 14 }, { '1g.10gb': 7 }, 2],
    [{ '1g.20gb': 6 }, { '1g.20gb': 4 }, 2],
    [{ '3g.40gb': 3 }, { '3g.40gb': 2 }, 2],
    [{ '3g.40gb': 2, '1g.10gb': 8 }, { '1g.10gb': 4, '3g.40gb': 1 }, 2],
    [{ '4g.40gb': 1, '3g.40gb': 1 }, { '3g.40gb': 1, '4g.40gb': 1 }, 1],
  ])('demand %j -> layout %j on %i GPUs', (demand, layout, gpus) => {
    const choice = chooseMigLayout(h100, demand)!;
    expect(choice.layout).toEqual(layout);
    expect(choice.gpus).toBe(gpus);
    expect(isMigLayoutPlaceable(h100, expandMigCounts(choice.layout))).toBe(true);
  });

  test('every demanded profile gets capacity for its demand', () => {
    const demand = { '2g.20gb': 5, '1g.10gb': 3, '3g.40gb': 1 };
    const choice = chooseMigLayout(h100, demand)!;
    for (const [p, d] of Object.entries(demand)) expect((choice.layout[p] ?? 0) * choice.gpus).toBeGreaterThanOrEqual(d);
  });

  test('an unknown profile has no layout', () => {
    expect(chooseMigLayout(h100, { '9g.90gb': 1 })).toBeUndefined();
  });

  test('GKE partitions a GPU into as many instances of one size as fit', () => {
    expect(gkePartitionLayout(h100, '1g.10gb')).toEqual({ '1g.10gb': 7 });
    expect(gkePartitionLayout(h100, '3g.40gb')).toEqual({ '3g.40gb': 2 });
    expect(gkePartitionLayout(h100, '2g.20gb')).toEqual({ '2g.20gb': 3 });
  });
});
