/**
 * The sizing model against peak memory measured on a real H100: every row must land inside the
 * DESIGN bands (inference 0.9x..1.3x, training 0.85x..1.35x of peak allocated + CUDA context), and
 * docs/sizing.md must show the same ratios.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeRun, estimate, H100_RUNS, loadExtraRuns, referenceBytes } from './calibration-data';

const BANDS = { inference: [0.9, 1.3], training: [0.85, 1.35] } as const;

describe('calibration against the H100 measurements', () => {
  it.each(H100_RUNS.map((r) => [describeRun(r), r] as const))('%s is inside its band', (_name, run) => {
    const ratio = estimate(run) / referenceBytes(run);
    const [lo, hi] = BANDS[run.kind];
    expect(ratio).toBeGreaterThanOrEqual(lo);
    expect(ratio).toBeLessThanOrEqual(hi);
  });

  it('keeps the inference rows near the middle of the band: the physics alone lands within 2 % of the peak', () => {
    for (const run of H100_RUNS.filter((r) => r.kind === 'inference')) {
      const ratio = estimate(run) / referenceBytes(run);
      expect(ratio).toBeGreaterThanOrEqual(1.05);
      expect(ratio).toBeLessThanOrEqual(1.15);
    }
  });

  const extra = loadExtraRuns();
  (extra.length > 0 ? it : it.skip)(`extra measured rows (${extra.length}) are inside their bands`, () => {
    const outside = extra
      .map((run) => ({ run, ratio: estimate(run) / referenceBytes(run) }))
      .filter(({ run, ratio }) => ratio < BANDS[run.kind][0] || ratio > BANDS[run.kind][1])
      .map(({ run, ratio }) => `${describeRun(run)}: ${ratio.toFixed(3)}`);
    expect(outside).toEqual([]);
  });

  it('docs/sizing.md lists the ratio of every reference row', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/sizing.md'), 'utf8');
    for (const run of H100_RUNS) {
      const ratio = (estimate(run) / referenceBytes(run)).toFixed(3);
      expect(doc).toContain(`| ${describeRun(run)} | ${referenceBytes(run)} | ${estimate(run)} | ${ratio} |`);
    }
  });
});
