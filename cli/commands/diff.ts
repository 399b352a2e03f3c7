/**
 * `cnai diff OLD NEW [--markdown|--json]`: what changes between two plans or platform files.
 */
import type { Command } from 'commander';
import { UsageError } from '../../planner/errors';
import type { Plan } from '../../planner/plan-types';
import type { PlatformSpec } from '../../planner/spec/schema';
import type { CliIo } from '../io';
import type { DiffInput } from './diff-input';
import type { SetExitCode } from './exit-code';

/** Turns a platform spec into a plan; the planner's `plan` unless a test passes another. */
export type PlanFunction = (spec: PlatformSpec) => Plan;

/** Options of `registerDiff`. */
export interface DiffCommandOptions {
  /**
   * Plans platform files given to `diff`.
   * @default - `plan` with the optimiser's solver (`solver/plan-optimised.ts`), loaded only when a platform file is given
   */
  readonly plan?: PlanFunction;
}

async function defaultPlan(): Promise<PlanFunction> {
  // loaded on demand: diffing two plan JSON files needs no planner and no solver
  const { optimisingPlanner } = await import('../../solver/plan-optimised');
  const planner = await optimisingPlanner();
  return (spec) => planner(spec);
}

/**
 * Adds `diff OLD NEW [--markdown|--json]` to `program`. Exits 0 whether or not the plans differ
 * (printing `no changes` when they do not); 1 when an input is invalid.
 */
export function registerDiff(program: Command, io: CliIo, setExit: SetExitCode, options: DiffCommandOptions = {}): void {
  program
    .command('diff')
    .description('show what changes between two plans or platform files: pools, MIG layouts, nodes to drain, quotas, cost')
    .argument('<old>', 'platform file or plan JSON (cnai plan FILE --json) before the change')
    .argument('<new>', 'platform file or plan JSON after the change')
    .option('--markdown', 'print Markdown for a pull-request comment')
    .option('--json', 'print the diff as JSON (sorted keys): pools, drains with their causes, quotas, cost, workloads')
    .action(async (oldFile: string, newFile: string, opts: { markdown?: boolean; json?: boolean }) => {
      if (opts.json === true && opts.markdown === true) throw new UsageError('choose one of --json and --markdown');
      // reading plans, diffing and the report load here: the other commands never pay for them
      const [{ readDiffInput }, { diffPlans }, { renderDiffMarkdown, renderDiffText }, { stableJson }] = await Promise.all([
        import('./diff-input'),
        import('../../planner/diff'),
        import('../../report'),
        import('../../planner/serialize'),
      ]);
      const inputs = [readDiffInput(io.readFile(oldFile), oldFile), readDiffInput(io.readFile(newFile), newFile)];
      const planOf = async (i: DiffInput): Promise<Plan> => (i.kind === 'plan' ? i.plan : (options.plan ?? (await defaultPlan()))(i.spec));
      const d = diffPlans(await planOf(inputs[0]!), await planOf(inputs[1]!));
      io.out(opts.json === true ? stableJson(d) : opts.markdown === true ? renderDiffMarkdown(d) : renderDiffText(d));
      setExit(0);
    });
}
