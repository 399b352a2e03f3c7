/**
 * Which pool a pool of a plan adds an instance type to.
 */
import type { NodePoolPlan } from '../plan-types';
import { instanceTypeSuffix } from '../optimise/optimise';

/**
 * The pool's base pool: `basePool` when the plan records it; otherwise, for plans written
 * before the field, the name without its instance type suffix (the optimiser names a second
 * instance type of a pool `<base>-<instance type>`), and else the name itself.
 */
export function basePoolOf(pool: Pick<NodePoolPlan, 'name' | 'instanceType' | 'basePool'>): string {
  if (pool.basePool !== undefined) return pool.basePool;
  const suffix = `-${instanceTypeSuffix(pool.instanceType)}`;
  return pool.name.endsWith(suffix) && pool.name.length > suffix.length ? pool.name.slice(0, -suffix.length) : pool.name;
}
