/**
 * Which instance types a pool may be built on: those of its GPU model (or without GPUs for CPU
 * pools), sold on its capacity type, and at least as large as every member's minimum node.
 */
import type { InstanceType } from '../catalogue/types';
import type { ResolvedWorkload } from '../resolve/resolve';

/** Whether a node of `t` is at least the smallest node `w` may run on. */
export function meetsMinNode(t: InstanceType, w: Pick<ResolvedWorkload, 'minNode'>): boolean {
  return w.minNode === undefined || (t.vcpus >= w.minNode.vcpus && t.memoryMiB >= w.minNode.memoryMiB);
}

/** The candidates that are at least every member's minimum node. */
export function typesForMembers(candidates: readonly InstanceType[], members: readonly Pick<ResolvedWorkload, 'minNode'>[]): InstanceType[] {
  const limited = members.filter((m) => m.minNode !== undefined);
  return limited.length === 0 ? [...candidates] : candidates.filter((t) => limited.every((m) => meetsMinNode(t, m)));
}
