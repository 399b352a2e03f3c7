/**
 * Number formatting shared by the text and Markdown diff renderers.
 */
import type { DrainCause } from '../planner/diff/types';

const GIB = 1024 ** 3;

/** `$1,234.56`; negative amounts as `-$1,234.56`. Grouped by hand so output never depends on the ICU build. */
export function usd(x: number): string {
  const [whole, cents] = Math.abs(x).toFixed(2).split('.') as [string, string];
  const abs = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
  return x < 0 && abs !== '0.00' ? `-$${abs}` : `$${abs}`;
}

/** A cost delta with its sign: `+$12.30`, `-$4.00`, `$0.00`. */
export function signedUsd(x: number): string {
  const text = usd(x);
  return text.startsWith('-') || text === '$0.00' ? text : `+${text}`;
}

/** A percentage with its sign and one decimal: `+12.3%`; `n/a` when there is no base. */
export function signedPercent(x: number | null): string {
  if (x === null) return 'n/a';
  const text = Math.abs(x).toFixed(1);
  if (text === '0.0') return '0.0%';
  return `${x < 0 ? '-' : '+'}${text}%`;
}

/** A quota in the resource's own unit: cores for `cpu`, GiB for `memory`, devices otherwise. */
export function quotaValue(resource: string, value: number | null): string {
  if (value === null) return '-';
  if (resource === 'cpu') return cores(value);
  if (resource === 'memory') return `${trim(value / GIB)} GiB`;
  return String(value);
}

/** The signed difference of two quotas in the resource's unit; `added` or `removed` where one side is absent. */
export function quotaDelta(resource: string, before: number | null, after: number | null): string {
  if (before === null) return 'added';
  if (after === null) return 'removed';
  const d = after - before;
  const text = quotaValue(resource, Math.abs(d));
  return d > 0 ? `+${text}` : d < 0 ? `-${text}` : text;
}

function cores(milli: number): string {
  const n = trim(milli / 1000);
  return `${n} ${n === '1' ? 'core' : 'cores'}`;
}

function trim(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** A changed field's value in its unit: dollars per hour, cores, GiB. */
export function fieldValue(field: string, value: string | number | null): string {
  if (value === null) return 'none';
  if (typeof value === 'number') {
    if (field === 'hourlyCost') return `${usd(value)}/h`;
    if (field === 'cpuMilli') return cores(value);
    if (field === 'memoryBytes') return `${trim(value / GIB)} GiB`;
  }
  return String(value);
}

/** How a changed field is named for people: `cpuMilli` is shown in cores, `memoryBytes` in GiB. */
export function fieldLabel(field: string): string {
  return field === 'cpuMilli' ? 'cpu' : field === 'memoryBytes' ? 'memory' : field;
}

/** A drain's cause in words: `chat replicas 2 -> 3`, `embed added`, `instance type g6.2xlarge -> g6.xlarge`. */
export function describeDrainCause(c: DrainCause): string {
  const w = c.workload ?? '';
  switch (c.kind) {
    case 'replicas':
      return `${w} replicas ${c.before} -> ${c.after}`;
    case 'option':
      return `${w} runs differently (${c.before} -> ${c.after})`;
    case 'added':
      return `${w} added to the file`;
    case 'removed':
      return `${w} removed from the file`;
    case 'pool-removed':
      return 'no workload needs the pool any more';
    case 'instance-type':
      return `no workload of the pool changed; instance type ${c.before} -> ${c.after} hosts the same replicas for less`;
    case 'pool-shape':
      return `no workload of the pool changed; the pool did (${c.before})`;
  }
}
