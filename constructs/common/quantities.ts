/**
 * Kubernetes quantities from the planner's integer units (milli-CPU, bytes).
 */

const KI = 1024;
const MI = KI * 1024;
const GI = MI * 1024;
const TI = GI * 1024;

function assertWhole(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${what} must be a whole number >= 0, got ${value}`);
  }
}

/**
 * Formats milli-CPU as a Kubernetes CPU quantity: whole cores as `4`, anything else as `1500m`.
 *
 * @throws Error when `milli` is negative or not an integer
 */
export function formatCpu(milli: number): string {
  assertWhole(milli, 'CPU (milli-CPU)');
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/**
 * Formats bytes as the largest exact binary quantity (`16Gi`, `512Mi`), or plain bytes.
 *
 * Exact units keep the value lossless, so quotas add up to exactly what the plan says.
 *
 * @throws Error when `bytes` is negative or not an integer
 */
export function formatBytes(bytes: number): string {
  assertWhole(bytes, 'memory (bytes)');
  if (bytes === 0) return '0';
  for (const [unit, size] of [
    ['Ti', TI],
    ['Gi', GI],
    ['Mi', MI],
    ['Ki', KI],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Bytes in one gibibyte, for props that take GiB. */
export const BYTES_PER_GIB = GI;
