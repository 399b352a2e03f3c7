/**
 * Synthetic fleets for the scale benchmark: N workloads drawn from a fixed mix of realistic
 * shapes (serving catalogue models, LoRA fine-tunes, notebooks, Ray workers, batch shares), with
 * a seeded generator so every run plans the same fleet.
 */
import type { PlatformSpec, WorkloadSpec } from '../planner/spec/schema';

/** A small, fast, seeded pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Template = (name: string, team: string, pick: <T>(xs: readonly T[]) => T) => WorkloadSpec;

const TEMPLATES: readonly Template[] = [
  (name, team, pick) => ({
    name,
    team,
    type: 'inference',
    model: pick(['llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'gemma-2-9b', 'llama-3.2-1b', 'phi-3-mini'] as const),
    precision: pick(['bf16', 'fp8'] as const),
    maxContextTokens: pick([2048, 4096, 8192]),
    concurrency: pick([4, 8, 16, 32]),
    replicas: pick([1, 2, 3]),
  }),
  (name, team, pick) => ({ name, team, type: 'notebook', replicas: pick([1, 2, 4]), gpu: { memoryGiB: pick([5, 10, 20]) } }),
  (name, team, pick) => ({
    name,
    team,
    type: 'training',
    model: pick(['llama-3.1-8b', 'mistral-7b', 'llama-3.2-1b'] as const),
    method: pick(['lora', 'qlora', 'full'] as const),
    microBatch: pick([1, 2, 4]),
    sequenceLength: pick([1024, 2048]),
    // a training workload must name its program (docs/decisions/0008-training-needs-a-program.md)
    command: ['torchrun', '/workspace/train.py'],
  }),
  (name, team, pick) => ({
    name,
    team,
    type: 'ray',
    replicas: pick([1, 2, 4]),
    gpu: { count: 1, model: 'L4' },
    resources: { cpu: pick([2, 4]), memory: pick(['8Gi', '16Gi']) },
  }),
  (name, team, pick) => ({
    name,
    team,
    type: 'batch',
    gpu: { count: 1, fraction: pick([0.25, 0.5, 0.47, 0.81]) },
    resources: { cpu: pick([1, 2, 4]), memory: pick(['4Gi', '8Gi', '16Gi']) },
  }),
  (name, team, pick) => ({ name, team, type: 'batch', resources: { cpu: pick([1, 2, 8]), memory: pick(['2Gi', '8Gi']) } }),
];

/** A fleet of `n` workloads over 20 teams on EKS, the same for the same `n` and `seed`. */
export function syntheticFleet(n: number, seed = 42): PlatformSpec {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const teams = Array.from({ length: 20 }, (_, i) => ({ name: `team-${String(i).padStart(2, '0')}`, weight: 1 + (i % 3) }));
  const width = String(n).length;
  const workloads = Array.from({ length: n }, (_, i) => pick(TEMPLATES)(`w-${String(i).padStart(width, '0')}`, teams[i % teams.length]!.name, pick));
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: `synthetic-${n}` },
    spec: {
      target: { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      policy: { capacity: 'on-demand', gpuSharing: 'auto' },
      teams,
      workloads,
    },
  };
}
