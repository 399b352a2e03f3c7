/**
 * `cnai verify`'s human output: one row per workload and the summary line.
 */
import type { VerifyReport } from './verify';

/** The summary line: `verify: N/M workloads admitted and scheduled, P pods pending, R rollouts blocked, V claims unbound`. */
export function summaryLine(r: VerifyReport): string {
  const s = r.summary;
  return `verify: ${s.admittedAndScheduled}/${s.workloads} workloads admitted and scheduled, ${s.podsPending} pods pending, ${s.rolloutsBlocked} rollouts blocked, ${s.claimsUnbound} claims unbound`;
}

/** The table of workloads (admitted, flavor, pods placed/wanted, rollout, reason) and the summary line. */
export function renderVerifyText(r: VerifyReport): string {
  const header = ['WORKLOAD', 'KIND', 'ADMITTED', 'FLAVOR', 'PODS', 'ROLLOUT', 'REASON'];
  const rows = r.workloads.map((w) => [w.workload, w.kind, w.admitted, w.flavor, `${w.podsPlaced}/${w.podsWanted}`, w.rollout ?? '-', w.reason || '-']);
  const widths = header.map((h, i) => (i === header.length - 1 ? 0 : Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [`${r.platform} on ${r.provider}: ${r.nodes} nodes`, line(header), ...rows.map(line), summaryLine(r)].join('\n') + '\n';
}
