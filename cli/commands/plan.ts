/**
 * `cnai plan FILE [--json|--markdown] [--out DIR] [--previous PLAN.json [--tolerance PCT]]`.
 */
import type { Command } from 'commander';
import { UsageError } from '../../planner/errors';
import { KEEP_TOLERANCE } from '../../planner/stability/prefer';
import { renderPlanMarkdown, renderPlanText } from '../../report/plan-report';
import { stableJson } from '../../planner/serialize';
import { parsePlatform } from '../../planner/spec/parse';
import { planOptimised } from '../../solver/plan-optimised';
import type { CliIo } from '../io';
import { progressReporter } from '../progress';
import type { SetExitCode } from './exit-code';

interface PlanFlags {
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly out?: string;
  readonly previous?: string;
  readonly tolerance?: string;
}

/** Most `--tolerance` accepts, percent: beyond it keeping would never give way to a cheaper plan. */
const MAX_TOLERANCE_PERCENT = 1000;

/** `--tolerance PCT` as a fraction. */
function toleranceOf(pct: string | undefined): number | undefined {
  if (pct === undefined) return undefined;
  const x = Number(pct);
  if (pct.trim() === '' || !Number.isFinite(x) || x < 0 || x > MAX_TOLERANCE_PERCENT) {
    throw new UsageError(`--tolerance must be a percentage from 0 to ${MAX_TOLERANCE_PERCENT}, got '${pct}'; e.g. --tolerance 5`);
  }
  return x / 100;
}

/**
 * Adds `plan FILE` to `program`: a readable table by default, `--json` (the plan contract) or
 * `--markdown` on standard output, and with `--out DIR` the files `plan.json`, `plan.md` and
 * `plan.txt` written together (all or nothing). With `--previous PLAN.json` the plan keeps the
 * deployed plan's pools, nodes and placements within `--tolerance` percent of the fresh cost.
 */
export function registerPlan(program: Command, io: CliIo, setExit: SetExitCode): void {
  program
    .command('plan')
    .description('size, place and cost a platform file; prints a table, or the plan as JSON or Markdown')
    .argument('<file>', 'platform file, YAML or JSON')
    .option('--json', 'print the plan as JSON (sorted keys, stable bytes)')
    .option('--markdown', 'print the plan as Markdown')
    .option('--out <dir>', 'also write plan.json, plan.md and plan.txt into this directory')
    .option('--previous <plan.json>', 'the plan deployed now: keep its pools, nodes and placements unless that costs more than the tolerance over a fresh plan')
    .option('--tolerance <pct>', `with --previous: most percent over the fresh plan's cost paid to keep the previous one (default ${KEEP_TOLERANCE * 100})`)
    .action(async (file: string, flags: PlanFlags) => {
      if (flags.json && flags.markdown) throw new UsageError('choose one of --json and --markdown');
      if (flags.tolerance !== undefined && flags.previous === undefined) throw new UsageError('--tolerance needs --previous PLAN.json');
      const tolerance = toleranceOf(flags.tolerance);
      const inputs = [file, ...(flags.previous !== undefined ? [flags.previous] : [])];
      // a directory that will be refused is refused before the plan, not after it
      if (flags.out !== undefined) io.checkOut?.(flags.out, { inputs });
      const spec = parsePlatform(io.readFile(file), file);
      // the plan schema loads only to check a previous plan
      const previous =
        flags.previous !== undefined ? (await import('./previous-plan')).readPreviousPlan(io.readFile(flags.previous), flags.previous) : undefined;
      const p = await planOptimised(spec, {
        onProgress: progressReporter(io),
        ...(previous ? { previous } : {}),
        ...(tolerance !== undefined ? { tolerance } : {}),
      });
      const json = stableJson(p);
      if (flags.out !== undefined) {
        io.writeFiles(flags.out, { 'plan.json': json, 'plan.md': renderPlanMarkdown(p), 'plan.txt': renderPlanText(p) }, { inputs });
        io.err(`wrote ${flags.out}/plan.json, plan.md, plan.txt\n`);
      }
      io.out(flags.json ? json : flags.markdown ? renderPlanMarkdown(p) : renderPlanText(p));
      setExit(0);
    });
}
