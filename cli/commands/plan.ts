/**
 * `cnai plan FILE [--json|--markdown] [--out DIR]`.
 */
import type { Command } from 'commander';
import { UsageError } from '../../planner/errors';
import { renderPlanMarkdown, renderPlanText } from '../../report';
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
}

/**
 * Adds `plan FILE` to `program`: a readable table by default, `--json` (the plan contract) or
 * `--markdown` on standard output, and with `--out DIR` the files `plan.json`, `plan.md` and
 * `plan.txt` written together (all or nothing).
 */
export function registerPlan(program: Command, io: CliIo, setExit: SetExitCode): void {
  program
    .command('plan')
    .description('size, place and cost a platform file; prints a table, or the plan as JSON or Markdown')
    .argument('<file>', 'platform file, YAML or JSON')
    .option('--json', 'print the plan as JSON (sorted keys, stable bytes)')
    .option('--markdown', 'print the plan as Markdown')
    .option('--out <dir>', 'also write plan.json, plan.md and plan.txt into this directory')
    .action(async (file: string, flags: PlanFlags) => {
      if (flags.json && flags.markdown) throw new UsageError('choose one of --json and --markdown');
      const spec = parsePlatform(io.readFile(file), file);
      const p = await planOptimised(spec, { onProgress: progressReporter(io) });
      const json = stableJson(p);
      if (flags.out !== undefined) {
        io.writeFiles(flags.out, { 'plan.json': json, 'plan.md': renderPlanMarkdown(p), 'plan.txt': renderPlanText(p) }, { inputs: [file] });
        io.err(`wrote ${flags.out}/plan.json, plan.md, plan.txt\n`);
      }
      io.out(flags.json ? json : flags.markdown ? renderPlanMarkdown(p) : renderPlanText(p));
      setExit(0);
    });
}
