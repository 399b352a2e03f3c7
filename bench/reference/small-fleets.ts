/**
 * Small fleets for the exact reference: 5 to 25 replicas of serving, notebooks, batch shares and
 * training, on EKS and GKE, drawn with the bench's seeded generator so every run measures the
 * same fleets.
 */
import type { PlatformSpec, WorkloadSpec } from '../../planner/spec/schema';
import { seededRandom } from '../synthetic';

type Pick = <T>(xs: readonly T[]) => T;

const SHAPES: readonly ((name: string, pick: Pick) => WorkloadSpec)[] = [
  (name, pick) => ({
    name,
    team: 'serving',
    type: 'inference',
    model: pick(['llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'llama-3.2-1b', 'phi-3-mini', 'qwen2.5-14b'] as const),
    precision: pick(['bf16', 'fp8'] as const),
    maxContextTokens: pick([2048, 4096, 8192]),
    concurrency: pick([4, 8, 16, 32, 64]),
    replicas: pick([1, 2, 3]),
    zoneSpread: pick([false, true]),
  }),
  (name, pick) => ({ name, team: 'research', type: 'notebook', replicas: pick([1, 2, 4, 6]), gpu: { memoryGiB: pick([5, 10, 20]) } }),
  (name, pick) => ({
    name,
    team: 'research',
    type: 'batch',
    replicas: pick([1, 2, 3]),
    gpu: { count: 1, fraction: pick([0.25, 0.47, 0.5, 0.81]) },
    resources: { cpu: pick([1, 2, 4]), memory: pick(['4Gi', '8Gi', '16Gi']) },
  }),
  (name, pick) => ({
    name,
    team: 'research',
    type: 'training',
    model: pick(['llama-3.2-1b', 'mistral-7b', 'llama-3.1-8b'] as const),
    method: pick(['lora', 'qlora', 'full'] as const),
    microBatch: pick([1, 2, 4]),
    sequenceLength: pick([1024, 2048]),
    ...(pick([false, false, true]) ? { gpus: pick([2, 4, 8]) } : {}),
  }),
  (name, pick) => ({ name, team: 'research', type: 'batch', replicas: pick([1, 2]), resources: { cpu: pick([1, 2, 8]), memory: pick(['2Gi', '8Gi']) } }),
];

const TARGETS = [
  { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] },
  { provider: 'gke', region: 'us-central1', zones: ['us-central1-a', 'us-central1-b'] },
] as const;

/** Replicas (pods) a workload spec asks for; a training job counts as one. */
function replicasOf(w: WorkloadSpec): number {
  return w.type === 'training' ? 1 : (w.replicas ?? 1);
}

/**
 * Fleet number `index` of the small-fleet set: EKS for even, GKE for odd indices; between 5 and 25
 * replicas; capacity policy and GPU sharing vary with the seed.
 */
export function smallFleet(index: number, seed = 2026): PlatformSpec {
  const rnd = seededRandom(seed * 1000 + index);
  const pick: Pick = (xs) => xs[Math.floor(rnd() * xs.length)]!;
  const target = TARGETS[index % 2]!;
  const want = 5 + Math.floor(rnd() * 21);
  const workloads: WorkloadSpec[] = [];
  let replicas = 0;
  while (replicas < want) {
    const w = pick(SHAPES)(`w${String(workloads.length).padStart(2, '0')}`, pick);
    const n = replicasOf(w);
    if (replicas + n > 25) continue;
    workloads.push(w);
    replicas += n;
  }
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: `small-${String(index).padStart(2, '0')}` },
    spec: {
      target: { provider: target.provider, region: target.region, zones: [...target.zones] },
      policy: {
        capacity: pick(['on-demand', 'on-demand', 'spot', 'spot-with-fallback'] as const),
        gpuSharing: pick(['auto', 'auto', 'auto', 'exclusive', 'mig'] as const),
      },
      teams: [{ name: 'research' }, { name: 'serving' }],
      workloads,
    },
  };
}

/** The small-fleet set: `count` fleets. */
export function smallFleets(count = 30, seed = 2026): PlatformSpec[] {
  return Array.from({ length: count }, (_, i) => smallFleet(i, seed));
}
