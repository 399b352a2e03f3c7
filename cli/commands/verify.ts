/**
 * `cnai verify FILE [--target plan|stack STACK] [--json]`: the rendered objects on the nodes the
 * deployment creates. Exit 0 when every workload is admitted, scheduled, can roll out and has its
 * storage; 1 otherwise.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../planner/errors';
import { plan } from '../../planner/plan';
import { stableJson } from '../../planner/serialize';
import { parsePlatform } from '../../planner/spec/parse';
import { renderVerifyText, StackConfigError, stackRenderOptions, stackSettings, verifyPlan } from '../../verify';
import type { CliIo } from '../io';
import type { SetExitCode } from './register';

interface VerifyFlags {
  readonly json?: boolean;
  readonly target?: readonly string[];
}

/**
 * Adds `verify [FILE]` to `program`. `--target plan` (the default) verifies what `cnai synth`
 * renders; `--target stack STACK` reads `Pulumi.STACK.yaml` in the working directory for the
 * platform file (FILE may then be left out) and renders with the stack's settings.
 */
export function registerVerify(program: Command, io: CliIo, setExit: SetExitCode): void {
  program
    .command('verify')
    .description('check that every workload will be admitted by Kueue, scheduled, able to roll out and bound to storage')
    .argument('[file]', 'platform file, YAML or JSON (optional with --target stack)')
    .option('--target <target...>', "'plan' (what cnai synth renders) or 'stack STACK' (Pulumi.STACK.yaml)")
    .option('--json', 'print the report as JSON')
    .action((file: string | undefined, flags: VerifyFlags) => {
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
      const p = plan(parsePlatform(io.readFile(platformFile), platformFile));
      const report = verifyPlan(p, stack ? { render: stackRenderOptions(p) } : {});
      io.out(flags.json ? stableJson(report) : renderVerifyText(report));
      setExit(report.ok ? 0 : 1);
    });
}
