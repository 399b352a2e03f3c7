/**
 * Small builders for platform specs, so planner tests state only what matters to them.
 *
 * Every builder returns plain data shaped like a parsed platform file (`PlatformSpec`); pass it to
 * `plan()` directly, or through `toYaml` and `parsePlatform` where the test is about the file.
 */
import { stringify } from 'yaml';
import type { PlatformSpec, TeamSpec, WorkloadSpec } from '../../planner/spec/schema';
import { seededRandom } from '../../bench/synthetic';
import { GUIDE_MAX_SHAPES } from '../../planner/optimise/guide';
import { OPTIMISER_MAX_PODS } from '../../planner/optimise/optimise';

export { seededRandom };

type Spec = PlatformSpec['spec'];
/** The `spec.target` block of a platform file. */
export type TargetSpec = Spec['target'];
/** The `spec.policy` block of a platform file. */
export type PolicySpec = NonNullable<Spec['policy']>;

/** EKS in us-east-1 over two zones: the target most tests use. */
export const EKS_US_EAST_1: TargetSpec = { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] };
/** GKE in us-central1 over two zones. */
export const GKE_US_CENTRAL1: TargetSpec = { provider: 'gke', region: 'us-central1', zones: ['us-central1-a', 'us-central1-b'] };
/** A local kind cluster. */
export const KIND: TargetSpec = { provider: 'kind' };

/** What `platform()` is built from; everything but the workloads has a default. */
export interface PlatformOptions {
  /** @default 'test-platform' */
  readonly name?: string;
  /** @default EKS_US_EAST_1 */
  readonly target?: TargetSpec;
  /** @default - no policy block (on-demand, auto sharing, every GPU) */
  readonly policy?: PolicySpec;
  /** @default - the teams the workloads name, weight 1 each, in order of first use */
  readonly teams?: readonly TeamSpec[];
  readonly workloads: readonly WorkloadSpec[];
}

/**
 * A platform spec. Teams default to those the workloads name, so a test that is not about teams
 * need not declare them.
 */
export function platform(options: PlatformOptions): PlatformSpec {
  const teams = options.teams ?? [...new Set(options.workloads.map((w) => w.team))].map((name) => ({ name }));
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: options.name ?? 'test-platform' },
    spec: {
      target: options.target ?? EKS_US_EAST_1,
      ...(options.policy ? { policy: options.policy } : {}),
      teams: teams.map((t) => ({ ...t })),
      workloads: options.workloads.map((w) => ({ ...w })),
    },
  };
}

type Of<T extends WorkloadSpec['type']> = Extract<WorkloadSpec, { type: T }>;
type Extra<T extends WorkloadSpec['type']> = Omit<Partial<Of<T>>, 'type' | 'name' | 'team'>;

/** A team with an optional fair-share weight. */
export function team(name: string, weight?: number): TeamSpec {
  return weight === undefined ? { name } : { name, weight };
}

/** An inference service of a catalogue model; `extra` sets anything else (replicas, precision, ...). */
export function inference(name: string, owner: string, model: Of<'inference'>['model'], extra: Extra<'inference'> = {}): Of<'inference'> {
  return { name, team: owner, type: 'inference', model, ...extra };
}

/** A training job of a catalogue model. */
export function training(name: string, owner: string, model: Of<'training'>['model'], extra: Extra<'training'> = {}): Of<'training'> {
  return { name, team: owner, type: 'training', model, ...extra };
}

/** Notebooks; `gpu` is e.g. `{ memoryGiB: 10 }` or `{ fraction: 0.25 }`, omitted for CPU-only. */
export function notebook(name: string, owner: string, extra: Extra<'notebook'> = {}): Of<'notebook'> {
  return { name, team: owner, type: 'notebook', ...extra };
}

/** A batch job; `gpu` is e.g. `{ count: 1, fraction: 0.47 }`, omitted for CPU-only. */
export function batch(name: string, owner: string, extra: Extra<'batch'> = {}): Of<'batch'> {
  return { name, team: owner, type: 'batch', ...extra };
}

/** A Ray cluster of `replicas` workers. */
export function ray(name: string, owner: string, extra: Extra<'ray'> = {}): Of<'ray'> {
  return { name, team: owner, type: 'ray', ...extra };
}

/** The spec as a YAML platform file. */
export function toYaml(spec: PlatformSpec): string {
  return stringify(spec);
}

/** A seeded Fisher–Yates permutation of `items` (the input is left as is). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same platform with its teams and workloads listed in another (seeded) order. */
export function shuffleSpec(spec: PlatformSpec, seed: number): PlatformSpec {
  return {
    ...spec,
    spec: {
      ...spec.spec,
      teams: shuffled(spec.spec.teams, seed),
      workloads: shuffled(spec.spec.workloads, seed ^ 0x5bd1e995),
    },
  };
}

/**
 * A fleet past the sizes the optimiser and its guidance solve (more pods than `OPTIMISER_MAX_PODS`,
 * more distinct pod shapes than `GUIDE_MAX_SHAPES`): one batch pod per workload, each asking for a
 * different amount of memory, so the plan is the packer's and never calls a solver.
 */
export function fleetPastGuidance(target: TargetSpec = GKE_US_CENTRAL1): PlatformSpec {
  const count = Math.max(OPTIMISER_MAX_PODS, GUIDE_MAX_SHAPES) + 1;
  return platform({
    target,
    workloads: Array.from({ length: count }, (_, i) => batch(`etl-${i}`, 'data', { replicas: 1, resources: { cpu: 1, memory: `${1024 + i}Mi` } })),
  });
}
