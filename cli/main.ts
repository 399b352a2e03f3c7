/**
 * `cnai`: a thin shell over the planner. Parses arguments, calls, prints.
 *
 * Exit codes: 0 success, 1 invalid input or infeasible plan, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { InfeasibleError, InvalidSpecError, UsageError } from '../planner/errors';
import { type CliIo, FileAccessError, nodeIo } from './io';
import { registerCommands } from './commands';
import { packageVersion } from './version';

/** Exit codes of `cnai`. */
export enum ExitCode {
  OK = 0,
  INVALID_INPUT = 1,
  USAGE = 2,
}

/**
 * Runs `cnai` with the given arguments (without `node` and the script name).
 *
 * @returns the exit code; never throws for user errors
 */
export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  const program = new Command('cnai')
    .description('Plan, render and compare Cloud Native AI platforms.')
    .version(packageVersion(), '-V, --version', 'print the cnai-platform version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);
  let code: number = ExitCode.OK;
  registerCommands(program, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, io);
  }
}

/** Maps an error to its message and exit code; unexpected errors keep their stack for bug reports. */
export function reportError(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // help and version "errors" are successful exits
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return ExitCode.OK;
    return ExitCode.USAGE;
  }
  if (e instanceof UsageError) {
    io.err(`cnai: ${e.message}\n`);
    return ExitCode.USAGE;
  }
  if (e instanceof InvalidSpecError || e instanceof InfeasibleError) {
    io.err(`cnai: ${e.message}\n`);
    return ExitCode.INVALID_INPUT;
  }
  if (e instanceof FileAccessError) {
    io.err(`cnai: ${e.message}\n`);
    return ExitCode.INVALID_INPUT;
  }
  const err = e as NodeJS.ErrnoException;
  io.err(`cnai: internal error (please report it): ${err?.stack ?? String(e)}\n`);
  return ExitCode.INVALID_INPUT;
}
