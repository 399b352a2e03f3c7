/**
 * `cnai validate FILE [--json]`: checks a platform file and reports every problem at once.
 */
import type { Command } from 'commander';
import { formatIssue } from '../../planner/errors';
import { stableJson } from '../../planner/serialize';
import { validatePlatform } from '../../planner/spec/parse';
import type { CliIo } from '../io';
import { warningLines } from '../warning-groups';
import type { SetExitCode } from './register';

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/**
 * Adds `validate FILE` to `program`.
 *
 * Prints `FILE: valid (N teams, M workloads)` and exits 0 (with any warnings on standard error,
 * repeated kinds said once with a count: {@link warningLines}), or prints every problem to
 * standard error and exits 1. With `--json`, prints `{ file, valid, teams, workloads, problems,
 * warnings }` on standard output instead, every problem and every warning listed. A missing
 * argument is a usage error (exit 2).
 */
export function registerValidate(program: Command, io: CliIo, setExit: SetExitCode): void {
  program
    .command('validate')
    .description('check a platform file and report every problem at once')
    .argument('<file>', 'platform file, YAML or JSON')
    .option('--json', 'print the verdict, every problem and every warning as JSON')
    .action((file: string, flags: { json?: boolean }) => {
      const result = validatePlatform(io.readFile(file), file);
      const warnings = result.warnings ?? [];
      if (flags.json) {
        const counts = result.spec !== undefined ? { teams: result.spec.spec.teams.length, workloads: result.spec.spec.workloads.length } : {};
        io.out(stableJson({ file, valid: result.spec !== undefined, ...counts, problems: result.issues, warnings }));
        setExit(result.spec !== undefined ? 0 : 1);
        return;
      }
      if (result.spec !== undefined) {
        const { teams, workloads } = result.spec.spec;
        io.out(`${file}: valid (${plural(teams.length, 'team')}, ${plural(workloads.length, 'workload')})\n`);
        if (warnings.length > 0) io.err(`${file}: ${plural(warnings.length, 'warning')}:\n${warningLines(warnings, file).join('\n')}\n`);
        setExit(0);
        return;
      }
      io.err(`${file}: ${plural(result.issues.length, 'problem')}:\n${result.issues.map((i) => `  - ${formatIssue(i)}\n`).join('')}`);
      setExit(1);
    });
}
