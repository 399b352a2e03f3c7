/**
 * Kubernetes quantities from the platform file, as integers in named units.
 */

/** Multiplier of each Kubernetes quantity suffix (`m` milli, decimal `k`…`T`, binary `Ki`…`Ti`). */
export const QUANTITY_SUFFIX: Readonly<Record<string, number>> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** CPU in milli-cores: `4` → 4000, `'500m'` → 500, `'1.5'` → 1500 (rounded up). */
export function cpuMilliOf(q: number | string): number {
  if (typeof q === 'number') return Math.ceil(q * 1000);
  if (q.endsWith('m')) return Math.ceil(Number(q.slice(0, -1)));
  return Math.ceil(Number(q) * 1000);
}

/** Memory in bytes: `'16Gi'` → 17179869184, `1024` → 1024, `'500m'` → 1 (milli-bytes, rounded up). */
export function memoryBytesOf(q: number | string): number {
  if (typeof q === 'number') return Math.ceil(q);
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(q);
  const mult = m ? QUANTITY_SUFFIX[m[2]!] : undefined;
  if (!m || mult === undefined) return NaN;
  return Math.ceil(Number(m[1]) * mult);
}

/**
 * Thousandths of a GPU: the unit of time-sliced shares and GPU totals. Fine enough that every
 * `gpu_milli` of the Alibaba trace and every `fraction` with three decimals is exact.
 */
export const MILLI_PER_GPU = 1000;

/** Bytes per GiB. */
export const GIB = 2 ** 30;
/** Bytes per MiB. */
export const MIB = 2 ** 20;
