/**
 * Every `cnai` subcommand, registered on one commander program.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { registerDiff } from './diff';
import { registerPlan } from './plan';
import { registerSize } from './size';
import { registerSynth } from './synth';
import { registerValidate } from './validate';
import { registerVerify } from './verify';
import type { SetExitCode } from './exit-code';

export type { SetExitCode } from './exit-code';

/** Adds every subcommand to `program`. */
export function registerCommands(program: Command, io: CliIo, setExit: SetExitCode): void {
  registerPlan(program, io, setExit);
  registerSize(program, io, setExit);
  registerValidate(program, io, setExit);
  registerSynth(program, io, setExit);
  registerDiff(program, io, setExit);
  registerVerify(program, io, setExit);
}
