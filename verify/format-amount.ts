/**
 * Quantities in the units a reader expects in a reason: CPU in cores, memory in GiB, devices as counts.
 */
import { formatCpu } from '../constructs/common/quantities';

const GIB = 2 ** 30;

/** `4` or `1500m` for CPU, `16Gi` or `12.3Gi` for memory, `2` for two devices. */
export function formatAmount(resource: string, v: number): string {
  if (!Number.isFinite(v)) return 'unbounded';
  const n = Math.max(0, Math.round(v));
  if (resource === 'cpu') return formatCpu(n);
  if (resource === 'memory') return Number.isInteger(n / GIB) ? `${n / GIB}Gi` : `${(n / GIB).toFixed(1)}Gi`;
  return String(n);
}
