/**
 * Prints the calibration table of docs/sizing.md:
 * `npx ts-node -T test/planner/sizing/calibration-table.ts` (the calibration test checks the doc
 * against the same numbers).
 */
import { type CalibrationRun, describeRun, estimate, H100_RUNS, loadExtraRuns, referenceBytes } from './calibration-data';

function rows(runs: readonly CalibrationRun[]): string {
  return runs
    .map((run) => `| ${describeRun(run)} | ${referenceBytes(run)} | ${estimate(run)} | ${(estimate(run) / referenceBytes(run)).toFixed(3)} |`)
    .join('\n');
}

if (require.main === module) {
  process.stdout.write(`reference/h100-measurements.md\n${rows(H100_RUNS)}\n\nh100-extra.json\n${rows(loadExtraRuns())}\n`);
}
