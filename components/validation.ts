/**
 * Argument checks shared by the components. They run before any resource is registered, so a
 * bad argument never leaves a half-created stack behind.
 */
import type { NodePoolPlan, Plan } from '../planner/plan-types';
import type { Provider } from '../planner/spec/schema';

/** A component argument that cannot be deployed; names the argument path, the value and the fix. */
export class ComponentArgsError extends Error {
  /** Path of the offending argument, e.g. `EksGpuCluster(prod).plan.nodePools[2].zones`. */
  public readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ComponentArgsError';
    this.path = path;
  }
}

/**
 * Checks that a plan targets `provider` and that every pool's zones are zones of the plan.
 *
 * @param where prefix for error paths, e.g. `EksGpuCluster(prod)`
 */
export function checkPlanFor(plan: Plan, provider: Provider, where: string): void {
  if (plan.provider !== provider) {
    throw new ComponentArgsError(
      `${where}.plan.provider`,
      `this component deploys '${provider}' plans, got '${plan.provider}'; fix: use the component for '${plan.provider}' or set spec.target.provider: ${provider}`,
    );
  }
  const names = new Set<string>();
  plan.nodePools.forEach((pool, i) => {
    const at = `${where}.plan.nodePools[${i}]`;
    if (names.has(pool.name)) {
      throw new ComponentArgsError(`${at}.name`, `node pool name '${pool.name}' appears twice; fix: pool names must be unique`);
    }
    names.add(pool.name);
    if (!Number.isInteger(pool.nodes) || pool.nodes < 0) {
      throw new ComponentArgsError(`${at}.nodes`, `must be a whole number >= 0, got ${pool.nodes}`);
    }
    if (pool.zones.length === 0) {
      throw new ComponentArgsError(`${at}.zones`, `pool '${pool.name}' has no zones; fix: plan it into at least one of ${JSON.stringify(plan.zones)}`);
    }
    for (const zone of pool.zones) {
      if (!plan.zones.includes(zone)) {
        throw new ComponentArgsError(
          `${at}.zones`,
          `zone '${zone}' of pool '${pool.name}' is not a zone of the platform (${JSON.stringify(plan.zones)}); fix: add it to spec.target.zones`,
        );
      }
    }
  });
}

/** Pools in a stable order: system first, then by name (resource registration order never depends on the file). */
export function sortedPools(plan: Plan): NodePoolPlan[] {
  const rank = (p: NodePoolPlan): number => (p.role === 'system' ? 0 : 1);
  return [...plan.nodePools].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** True when the pool's GPUs are shared through MIG. */
export function isMigPool(pool: NodePoolPlan): boolean {
  return pool.gpuModel !== null && pool.sharing.mode === 'mig';
}

/** True when the pool's GPUs are time-sliced. */
export function isTimeSlicedPool(pool: NodePoolPlan): boolean {
  return pool.gpuModel !== null && pool.sharing.mode === 'time-slicing';
}

/**
 * Checks a list of IPv4 CIDR blocks (API endpoint allow-lists).
 *
 * @param at the argument path for errors
 */
export function checkCidrs(cidrs: readonly string[] | undefined, at: string): void {
  (cidrs ?? []).forEach((cidr, i) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    const ok = m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
    if (!ok) {
      throw new ComponentArgsError(
        `${at}[${i}]`,
        `'${cidr}' is not an IPv4 CIDR block such as 203.0.113.0/24; fix: list the addresses that run pulumi and kubectl`,
      );
    }
  });
}
