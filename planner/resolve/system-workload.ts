/**
 * The platform's own operators as a resolved workload, from the provider's record: a CPU workload
 * whose replicas are the operators' share of one system node each, spread over the zones and never
 * two on one node, that may only run on nodes of the record's minimum size. It goes through the
 * same stages as any other CPU work (choose, pools, packing) and lands on the pool with role
 * `system`; what sets it apart is only this data.
 */
import type { SystemWorkloadRecord } from '../catalogue/providers';
import type { ResolvedWorkload } from './resolve';

/**
 * Team the operators' cost is charged to: the platform itself. Not a valid team name, so it never
 * meets a team of the file.
 */
export const PLATFORM_TEAM = '(platform)';

/** Name of the operators' workload; not a valid workload name, so it never meets one of the file. */
export const SYSTEM_WORKLOAD_NAME = '(platform-operators)';

/**
 * The operators' workload on a cluster over `zones`: one replica per system node, as many nodes as
 * zones up to `maxZoneNodes` and at least `minNodes`, each replica requesting an equal share of
 * the operators' total (rounded up).
 */
export function systemWorkload(record: SystemWorkloadRecord, zones: readonly string[]): ResolvedWorkload {
  const replicas = Math.max(record.minNodes, Math.min(record.maxZoneNodes, zones.length));
  return {
    spec: { name: SYSTEM_WORKLOAD_NAME, team: PLATFORM_TEAM, type: 'batch', replicas },
    path: 'spec.target.provider',
    name: SYSTEM_WORKLOAD_NAME,
    team: PLATFORM_TEAM,
    replicas,
    zoneSpread: true,
    distinctNodes: true,
    minNode: { ...record.minNode },
    cpuFallback: false,
    cpuMilli: Math.ceil(record.requests.cpuMilli / replicas),
    memoryBytes: Math.ceil(record.requests.memoryBytes / replicas),
    // the platform's own control plane is never interruptible
    capacity: 'on-demand',
  };
}
