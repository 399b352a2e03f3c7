/**
 * `cnai verify FILE [--target plan|stack STACK] [--json]`: the rendered objects on the nodes the
 * deployment creates. Exit 0 when every workload is admitted, scheduled, can roll out and has its
 * storage; 1 otherwise.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../planner/errors';
import { planOptimised } from '../../solver/plan-optimised';
import type { Plan } from '../../planner/plan-types';
import { stableJson } from '../../planner/serialize';
import { parsePlatform } from '../../planner/spec/parse';
import type { PlatformSpec } from '../../planner/spec/schema';
import type { CliIo } from '../io';
import type { SetExitCode } from './exit-code';

/** Options of {@link registerVerify}. */
export interface VerifyCommandOptions {
  /**
   * Turns the platform file into the plan to verify.
   * @default - the planner's `plan`
   */
  readonly plan?: (spec: PlatformSpec) => Plan;
}

interface VerifyFlags {
  readonly json?: boolean;
  readonly target?: readonly string[];
}

/**
 * Adds `verify [FILE]` to `program`. `--target plan` (the default) verifies what `cnai synth`
 * renders; `--target stack STACK` reads `Pulumi.STACK.yaml` in the working directory for the
 * platform file (FILE may then be left out) and renders with the stack's settings.
 */
export function registerVerify(program: Command, io: CliIo, setExit: SetExitCode, options: VerifyCommandOptions = {}): void {
  program
    .command('verify')
    .description('check that every workload will be admitted by Kueue, scheduled, able to roll out and bound to storage')
    .argument('[file]', 'platform file, YAML or JSON (optional with --target stack)')
    .option('--target <target...>', "'plan' (what cnai synth renders) or 'stack STACK' (Pulumi.STACK.yaml)")
    .option('--json', 'print the report as JSON')
    .action(async (file: string | undefined, flags: VerifyFlags) => {
      // verify renders through cdk8s and the constructs, which load only for the commands that render
      const { renderVerifyText, StackConfigError, stackRenderOptions, stackSettings, verifyPlan } = await import('../../verify');
      const target = flags.target ?? ['plan'];
      let platformFile = file;
      let stack = false;
      if (target[0] === 'stack') {
        if (target.length !== 2) throw new UsageError('--target stack takes the stack name: --target stack prod');
        const stackFile = `Pulumi.${target[1]}.yaml`;
        let settings;
        try {
          settings = stackSettings(io.readFile(stackFile), stackFile, target[1]!);
        } catch (e) {
          if (!(e instanceof StackConfigError)) throw e;
          io.err(`cnai: ${e.message}\n`);
          setExit(1);
          return;
        }
        platformFile = file ?? path.normalize(settings.platformFile);
        stack = true;
      } else if (target[0] !== 'plan' || target.length !== 1) {
        throw new UsageError(`--target must be 'plan' or 'stack STACK', got '${target.join(' ')}'`);
      }
      if (platformFile === undefined) throw new UsageError('give a platform file, or --target stack STACK to read it from the stack');
      const spec = parsePlatform(io.readFile(platformFile), platformFile);
      const p = options.plan ? options.plan(spec) : await planOptimised(spec);
      const report = verifyPlan(p, stack ? { render: stackRenderOptions(p) } : {});
      io.out(flags.json ? stableJson(report) : renderVerifyText(report));
      setExit(report.ok ? 0 : 1);
    });
}
