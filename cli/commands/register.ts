/**
 * Every `cnai` subcommand, registered on one commander program.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io';

/** Sets the process exit code of the running command. */
export type SetExitCode = (code: number) => void;

/** Adds every subcommand to `program`. */
export function registerCommands(program: Command, io: CliIo, setExit: SetExitCode): void {
  void program;
  void io;
  void setExit;
}
