/**
 * Errors a user can act on. The CLI prints them without a stack trace and exits 1.
 */

/** One problem in the user's input, located by its path in the platform file. */
export interface Issue {
  /** Path in the user's file, e.g. `spec.workloads[3].model`. */
  readonly path: string;
  /** What is wrong, with the value received and what is allowed. */
  readonly message: string;
  /** How to fix it. */
  readonly fix?: string;
}

/** Formats an issue as one line: `path: message (fix: ...)`. */
export function formatIssue(issue: Issue): string {
  const where = issue.path === '' ? '(file)' : issue.path;
  return issue.fix ? `${where}: ${issue.message}; fix: ${issue.fix}` : `${where}: ${issue.message}`;
}

/** Invalid input: every problem found, reported at once. */
export class InvalidSpecError extends Error {
  /** The problems, sorted by path. */
  public readonly issues: readonly Issue[];

  /**
   * @param issues - the problems, in any order
   * @param subject - what holds them, as the first line names it (a plan read back says so)
   */
  constructor(issues: readonly Issue[], subject: string = 'the platform file') {
    const sorted = [...issues].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.message < b.message ? -1 : 1));
    super(`${sorted.length} problem${sorted.length === 1 ? '' : 's'} in ${subject}:\n` + sorted.map((i) => `  - ${formatIssue(i)}`).join('\n'));
    this.name = 'InvalidSpecError';
    this.issues = sorted;
  }
}

/** A valid file that no plan can satisfy (a model that fits no allowed GPU, ...). */
export class InfeasibleError extends Error {
  /** The workload (or other element) that cannot be planned, by path. */
  public readonly path: string;

  constructor(path: string, message: string) {
    super(`infeasible: ${path}: ${message}`);
    this.name = 'InfeasibleError';
    this.path = path;
  }
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
