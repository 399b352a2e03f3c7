/**
 * Reading a plan back from a file (`cnai plan --json` output): checked against the plan schema,
 * every problem reported with its path and its line and column in the file.
 */
import { InvalidSpecError } from '../planner/errors';
import { checkPlan } from '../planner/plan-schema';
import type { Plan } from '../planner/plan-types';
import type { ReadResult } from '../planner/spec/read';

/**
 * Checks data read from `source` against the plan schema.
 *
 * @throws InvalidSpecError listing every violation, with its path and its place in the file
 */
export function checkedPlan(read: Extract<ReadResult, { readonly data: unknown }>, source: string): Plan {
  const checked = checkPlan(read.data);
  if ('plan' in checked) return checked.plan;
  throw new InvalidSpecError(
    checked.issues.map((i) => ({
      path: i.path,
      message: `${source}: ${i.message} (at ${read.locate(i.segments)})`,
      fix: 'pass the unmodified output of cnai plan FILE --json',
    })),
    `the plan '${source}'`,
  );
}
