/**
 * Kueue quota quantities from the plan's units.
 */
import { formatBytes, formatCpu } from '../common/quantities';

/**
 * Renders a quota in the plan's units as a Kubernetes quantity: `cpu` is milli-CPU (`4000` ->
 * `4`, `1500` -> `1500m`), `memory` bytes (`17179869184` -> `16Gi`), anything else whole devices.
 *
 * @throws Error when a device count is not a whole number
 */
export function quotaQuantity(resource: string, value: number): string | number {
  if (resource === 'cpu') return formatCpu(value);
  if (resource === 'memory' || resource === 'ephemeral-storage') return formatBytes(value);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`quota of '${resource}' must be a whole number of devices >= 0, got ${value}`);
  }
  return value;
}
