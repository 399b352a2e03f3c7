import { gpuModel } from '../../../planner';
import { maximalLayouts, migGpusNeeded, sharesFit, gkeLayout } from '../../../planner/optimise/nodes';

describe('node contents of the reference models', () => {
  // Placement table of planner/catalogue/gpus.ts (NVML on H100 80GB HBM3): 3g.40gb starts at memory slot 0 or 4, 1g.10gb at 0..6.
  test('maximal MIG layouts of 1g.10gb and 3g.40gb on an H100 follow the placement table', () => {
    expect(maximalLayouts(gpuModel('H100-80GB'), ['1g.10gb', '3g.40gb'])).toEqual([{ '1g.10gb': 4, '3g.40gb': 1 }, { '1g.10gb': 7 }, { '3g.40gb': 2 }]);
  });

  test('3g.40gb + 3g.40gb + 1g.10gb is not one GPU, even though it has 7 compute slices', () => {
    const layouts = maximalLayouts(gpuModel('H100-80GB'), ['1g.10gb', '3g.40gb']);
    expect(migGpusNeeded(layouts, { '3g.40gb': 2, '1g.10gb': 1 })).toBe(2);
    expect(migGpusNeeded(layouts, { '3g.40gb': 1, '1g.10gb': 4 })).toBe(1);
    expect(migGpusNeeded(layouts, { '3g.40gb': 3 })).toBe(2);
  });

  // Google Cloud AcceleratorConfig.gpuPartitionSize (one per node pool): 8 A100 with 1g.10gb give 8 x 7 = 56 instances, i.e. as many as fit each GPU.
  test('GKE layouts hold as many instances of one profile as the placement table allows', () => {
    expect(gkeLayout(gpuModel('A100-40GB'), '2g.10gb')).toEqual({ '2g.10gb': 3 });
    expect(gkeLayout(gpuModel('A100-40GB'), '1g.5gb')).toEqual({ '1g.5gb': 7 });
  });

  test('time-sliced shares are packed GPU by GPU, exactly where first fit decreasing fails', () => {
    const mem = 1000;
    const s = (m: number) => ({ milli: m, memoryBytes: 1 });
    // FFD puts 500+400 on one GPU and strands the two 250s; 500+250+250 | 400+300+300 fits.
    expect(sharesFit([500, 400, 300, 300, 250, 250].map(s), 2, mem)).toBe(true);
    expect(sharesFit([500, 400, 300, 300, 250, 260].map(s), 2, mem)).toBe(false);
    // memory per GPU binds too: two shares of 600 bytes never share a 1000-byte GPU
    expect(
      sharesFit(
        [
          { milli: 100, memoryBytes: 600 },
          { milli: 100, memoryBytes: 600 },
        ],
        1,
        mem,
      ),
    ).toBe(false);
  });
});
