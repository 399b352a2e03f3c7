/**
 * `cnai diff OLD NEW [--markdown|--json]`: what changes between two plans or platform files.
 */
import type { Command } from 'commander';
import { diffPlans } from '../../planner/diff';
import { renderDiffMarkdown, renderDiffText } from '../../report';
import { InvalidSpecError, UsageError } from '../../planner/errors';
import { stableJson } from '../../planner/serialize';
import { checkedPlan } from '../plan-file';
import { type Plan, PLAN_VERSION, READABLE_PLAN_VERSIONS } from '../../planner/plan-types';
import { parsePlatform } from '../../planner/spec/parse';
import { readYamlOrJson } from '../../planner/spec/read';
import type { PlatformSpec } from '../../planner/spec/schema';
import type { CliIo } from '../io';
import type { SetExitCode } from './exit-code';

/** Turns a platform spec into a plan; the planner's `plan` unless a test passes another. */
export type PlanFunction = (spec: PlatformSpec) => Plan;

/** Options of `registerDiff`. */
export interface DiffCommandOptions {
  /**
   * Plans platform files given to `diff`.
   * @default - `plan` from `planner/plan`, loaded only when a platform file is given
   */
  readonly plan?: PlanFunction;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One side of a diff as read: a validated platform spec still to plan, or a plan. */
export type DiffInput = { readonly kind: 'platform'; readonly spec: PlatformSpec } | { readonly kind: 'plan'; readonly plan: Plan };

/**
 * Reads one side of a diff: a platform file (`kind: Platform`), which is validated, or a plan
 * JSON (`apiVersion: cnai.dev/v1alpha1` with `nodePools`).
 *
 * @throws InvalidSpecError when the file is neither, or is an invalid platform file
 */
export function readDiffInput(text: string, source: string): DiffInput {
  const read = readYamlOrJson(text, source);
  // a broken file gets its syntax errors, with line and column, from the platform parser
  if ('issues' in read) return { kind: 'platform', spec: parsePlatform(text, source) };
  const { data } = read;
  if (isRecord(data) && data.kind === 'Platform') return { kind: 'platform', spec: parsePlatform(text, source) };
  if (isRecord(data) && READABLE_PLAN_VERSIONS.includes(String(data.apiVersion)) && Array.isArray(data.nodePools)) {
    return { kind: 'plan', plan: checkedPlan(read, source) };
  }
  throw new InvalidSpecError([
    {
      path: '',
      message: `${source} is neither a platform file (kind: Platform) nor a plan (apiVersion: ${PLAN_VERSION} with nodePools)`,
      fix: 'pass a platform file or the output of cnai plan FILE --json',
    },
  ]);
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
      const inputs = [readDiffInput(io.readFile(oldFile), oldFile), readDiffInput(io.readFile(newFile), newFile)];
      const planOf = async (i: DiffInput): Promise<Plan> => (i.kind === 'plan' ? i.plan : (options.plan ?? (await defaultPlan()))(i.spec));
      const d = diffPlans(await planOf(inputs[0]!), await planOf(inputs[1]!));
      io.out(opts.json === true ? stableJson(d) : opts.markdown === true ? renderDiffMarkdown(d) : renderDiffText(d));
      setExit(0);
    });
}
