/**
 * `cnai validate FILE`: checks a platform file and reports every problem at once.
 */
import type { Command } from 'commander';
import { formatIssue } from '../../planner/errors';
import { validatePlatform } from '../../planner/spec/parse';
import type { CliIo } from '../io';
import type { SetExitCode } from './register';

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/**
 * Adds `validate FILE` to `program`.
 *
 * Prints `FILE: valid (N teams, M workloads)` and exits 0 (with any warnings on standard error),
 * or prints every problem to standard error and exits 1. A missing argument is a usage error (exit 2).
 */
export function registerValidate(program: Command, io: CliIo, setExit: SetExitCode): void {
  program
    .command('validate')
    .description('check a platform file and report every problem at once')
    .argument('<file>', 'platform file, YAML or JSON')
    .action((file: string) => {
      const result = validatePlatform(io.readFile(file), file);
      if (result.spec !== undefined) {
        const { teams, workloads } = result.spec.spec;
        io.out(`${file}: valid (${plural(teams.length, 'team')}, ${plural(workloads.length, 'workload')})\n`);
        const warnings = result.warnings ?? [];
        if (warnings.length > 0) io.err(`${file}: ${plural(warnings.length, 'warning')}:\n${warnings.map((i) => `  - ${formatIssue(i)}\n`).join('')}`);
        setExit(0);
        return;
      }
      io.err(`${file}: ${plural(result.issues.length, 'problem')}:\n${result.issues.map((i) => `  - ${formatIssue(i)}\n`).join('')}`);
      setExit(1);
    });
}
