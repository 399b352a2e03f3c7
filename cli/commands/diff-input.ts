/**
 * One side of `cnai diff` as read from disk: a platform file or a plan JSON. Loaded only by the
 * diff command, so the plan schema it checks plans with costs the other commands nothing.
 */
import { InvalidSpecError } from '../../planner/errors';
import { checkedPlan } from '../plan-file';
import { type Plan, PLAN_VERSION, READABLE_PLAN_VERSIONS } from '../../planner/plan-types';
import { parsePlatform } from '../../planner/spec/parse';
import { readYamlOrJson } from '../../planner/spec/read';
import type { PlatformSpec } from '../../planner/spec/schema';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One side of a diff as read: a validated platform spec still to plan, or a plan. */
export type DiffInput = { readonly kind: 'platform'; readonly spec: PlatformSpec } | { readonly kind: 'plan'; readonly plan: Plan };

/**
 * Reads one side of a diff: a platform file (`kind: Platform`), which is validated, or a plan
 * JSON (`apiVersion: cnai.dev/v1alpha1` with `nodePools`).
 *
 * @throws InvalidSpecError when the file is neither, or is an invalid platform file
 */
export function readDiffInput(text: string, source: string): DiffInput {
  const read = readYamlOrJson(text, source);
  // a broken file gets its syntax errors, with line and column, from the platform parser
  if ('issues' in read) return { kind: 'platform', spec: parsePlatform(text, source) };
  const { data } = read;
  if (isRecord(data) && data.kind === 'Platform') return { kind: 'platform', spec: parsePlatform(text, source) };
  if (isRecord(data) && READABLE_PLAN_VERSIONS.includes(String(data.apiVersion)) && Array.isArray(data.nodePools)) {
    return { kind: 'plan', plan: checkedPlan(read, source) };
  }
  throw new InvalidSpecError([
    {
      path: '',
      message: `${source} is neither a platform file (kind: Platform) nor a plan (apiVersion: ${PLAN_VERSION} with nodePools)`,
      fix: 'pass a platform file or the output of cnai plan FILE --json',
    },
  ]);
}
