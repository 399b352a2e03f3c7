import * as fc from 'fast-check';
import * as fs from 'node:fs';
import { martelloTothL2, volumeBound } from '../../../planner/bounds/l2';
import { parseTrace } from '../../../bench/trace';
import { describeWithShared, sharedFile } from '../../helpers/shared';

/** Exact optimum by exhaustive search, for tiny instances. */
function optimum(sizes: readonly number[], capacity: number): number {
  const s = [...sizes].sort((a, b) => b - a);
  let best = s.length;
  const bins: number[] = [];
  const go = (i: number): void => {
    if (bins.length >= best) return;
    if (i === s.length) {
      best = bins.length;
      return;
    }
    for (let b = 0; b < bins.length; b++) {
      if (bins[b]! + s[i]! <= capacity) {
        bins[b]! += s[i]!;
        go(i + 1);
        bins[b]! -= s[i]!;
      }
    }
    bins.push(s[i]!);
    go(i + 1);
    bins.pop();
  };
  go(0);
  return best;
}

describe('Martello–Toth L2', () => {
  test.each([
    [[], 0],
    [[600, 600, 600], 3],
    [[500, 500, 500, 500], 2],
    [[700, 400, 400, 400], 3],
    [[1000, 1000, 10], 3],
  ])('%j -> %i', (sizes, expected) => {
    expect(martelloTothL2(sizes, 1000)).toBe(expected);
  });

  test('volume bound <= L2 <= optimum on random small instances', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 9 }), (sizes) => {
        const l2 = martelloTothL2(sizes, 1000);
        expect(volumeBound(sizes, 1000)).toBeLessThanOrEqual(l2);
        expect(l2).toBeLessThanOrEqual(optimum(sizes, 1000));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

const trace = sharedFile('traces', 'alibaba-gpu-v2023', 'openb_pod_list_default.csv');
describeWithShared('L2 of the Alibaba trace', trace, () => {
  test('reproduces the published bound of 6,277 GPUs (volume bound 6,087)', () => {
    const sizes: number[] = [];
    for (const p of parseTrace(fs.readFileSync(trace!, 'utf8'))) for (let i = 0; i < p.numGpu; i++) sizes.push(p.gpuMilli);
    expect(volumeBound(sizes, 1000)).toBe(6087);
    expect(martelloTothL2(sizes, 1000)).toBe(6277);
  });
});
