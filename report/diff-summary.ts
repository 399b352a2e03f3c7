/**
 * The one-line summary both renderers start with.
 */
import { signedPercent, signedUsd } from './diff-format';
import type { PlanDiff } from '../planner/diff/types';

function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function parts(label: string, counts: readonly [number, string][]): string | undefined {
  const present = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return present.length > 0 ? `${label} ${present.join(', ')}` : undefined;
}

/** Total nodes that must be drained (each pool/node pair once). */
export function drainedNodeCount(d: PlanDiff): number {
  return new Set(d.drains.flatMap((x) => x.nodes.map((n) => `${x.pool}#${n}`))).size;
}

/** `pools: 1 added, 2 changed; 1 MIG layout change; 3 nodes to drain; ...; cost +$1.00/h (+2.0%)`, or `no changes`. */
export function summaryLine(d: PlanDiff): string {
  if (!d.hasChanges) return 'no changes';
  const items = [
    d.settings.length > 0 ? count(d.settings.length, 'setting change') : undefined,
    parts('pools:', [
      [d.pools.added.length, 'added'],
      [d.pools.removed.length, 'removed'],
      [d.pools.changed.length, 'changed'],
    ]),
    d.migLayouts.length > 0 ? count(d.migLayouts.length, 'MIG layout change') : undefined,
    d.timeSlicing.length > 0 ? count(d.timeSlicing.length, 'time-slicing change') : undefined,
    drainedNodeCount(d) > 0 ? `${count(drainedNodeCount(d), 'node')} to drain` : undefined,
    parts('teams:', [
      [d.teams.added.length, 'added'],
      [d.teams.removed.length, 'removed'],
    ]),
    d.quotas.length > 0 ? count(d.quotas.length, 'quota change') : undefined,
    d.namespaceQuotas.length > 0 ? count(d.namespaceQuotas.length, 'namespace quota change') : undefined,
    d.decisions.length > 0 ? count(d.decisions.length, 'pool decision change') : undefined,
    parts('workloads:', [
      [d.workloads.added.length, 'added'],
      [d.workloads.removed.length, 'removed'],
      [d.workloads.moved.length, 'moved'],
      [d.workloads.changed.length, 'changed'],
    ]),
    `cost ${signedUsd(d.cost.deltaHourly)}/h (${signedPercent(d.cost.deltaPercent)})`,
  ];
  return items.filter((i): i is string => i !== undefined).join('; ');
}
