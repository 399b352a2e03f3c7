/**
 * `cnai plan --previous PLAN.json`: the deployed plan, read and checked against the plan schema.
 */
import { InvalidSpecError } from '../../planner/errors';
import { type Plan, PLAN_VERSION, READABLE_PLAN_VERSIONS } from '../../planner/plan-types';
import { readYamlOrJson } from '../../planner/spec/read';
import { checkedPlan } from '../plan-file';

/**
 * Reads `--previous FILE`: a plan written by `cnai plan --json`, checked against the plan schema.
 *
 * @throws InvalidSpecError when the file is unreadable as YAML or JSON, not a plan, or breaks the schema
 */
export function readPreviousPlan(text: string, source: string): Plan {
  const read = readYamlOrJson(text, source);
  if ('issues' in read) throw new InvalidSpecError(read.issues);
  const d = read.data as { apiVersion?: unknown; nodePools?: unknown } | null;
  if (d === null || typeof d !== 'object' || !READABLE_PLAN_VERSIONS.includes(String(d.apiVersion)) || !Array.isArray(d.nodePools)) {
    throw new InvalidSpecError([
      {
        path: '',
        message: `--previous ${source} is not a plan (apiVersion: ${PLAN_VERSION} with nodePools)`,
        fix: 'pass the output of cnai plan FILE --json for the plan deployed now',
      },
    ]);
  }
  return checkedPlan(read, source);
}
