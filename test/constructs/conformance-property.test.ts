/**
 * Conformance over random platform files: whatever valid file a user writes (EKS, GKE or kind, any
 * mix of workloads, long names, overrides), every rendered object is accepted as the API server
 * would accept it: custom resources against the served version of the upstream CRD (unknown fields
 * rejected), core objects against the Kubernetes schema, names and label values within the limits
 * of their kind, and every container within the security baseline.
 *
 * The manifests are read back from the YAML `renderManifests` writes, which is what gets applied.
 * The seed is fixed so a failure reproduces; fast-check prints the counterexample's file.
 */
import * as path from 'node:path';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { serviceNameFor } from '../../constructs/common/names';
import { renderManifests, type ManifestObject } from '../../constructs/platform/render';
import { instanceTypes, REGIONS } from '../../planner/catalogue';
import { InfeasibleError } from '../../planner/errors';
import { plan } from '../../planner/plan';
import type { Plan } from '../../planner/plan-types';
import { parsePlatform } from '../../planner/spec/parse';
import {
  CAPACITY_POLICIES,
  GPU_IDS,
  GPU_SHARING_POLICIES,
  INFERENCE_PRECISIONS,
  type GpuId,
  type PlatformSpec,
  type Provider,
  type WorkloadSpec,
} from '../../planner/spec/schema';
import { KIND, KUBERNETES_MINORS } from '../../versions';
import { batch, inference, notebook, platform, ray, toYaml, training } from '../helpers/platform-builders';
import { isCoreApi, validateCore } from './helpers/core-validator';
import { CrdValidator } from './helpers/crd-validator';
import { baselineProblems, nameProblems, ServedVersions } from './helpers/manifest-checks';
import { describeWithShared, findShared } from './helpers/shared';
import { verifyObjects } from '../../verify/verify';

const SEED = 20261127;
const NUM_RUNS = 32;
/** Share of generated files that must plan; the rest are infeasible by design (huge jobs, tiny GPU lists). */
const MIN_FEASIBLE_SHARE = 0.5;

const shared = findShared();

// ---------------------------------------------------------------------------------------------
// Generators: valid platform files

const LABEL_CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
const labelChar = fc.constantFrom(...LABEL_CHARS);
/** A DNS-1123 label of exactly `length` characters (the schema allows up to 40). */
const labelOfLength = (length: number): fc.Arbitrary<string> =>
  length === 1
    ? labelChar
    : fc
        .tuple(labelChar, fc.string({ unit: fc.constantFrom(...LABEL_CHARS, '-'), minLength: length - 2, maxLength: length - 2 }), labelChar)
        .map(([a, mid, b]) => `${a}${mid}${b}`);
/** Names as users write them: short words, digit-led names, and names at the 40-character limit. */
const dnsLabel: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('a', 'ml', 'chat', 'research', 'x9', '7b-chat', 'prod-serving') },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 39 }).chain(labelOfLength) },
  { weight: 3, arbitrary: labelOfLength(40) },
);

/** Workload names: the same, but starting with a letter as the schema requires (teams and the platform may start with a digit). */
const workloadName: fc.Arbitrary<string> = dnsLabel.map((n) => (/^[a-z]/.test(n) ? n : `w${n.slice(1)}`));

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Drops keys whose value is undefined, so the YAML holds only what was drawn. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** What the generator knows of the target when it fills a workload in. */
interface Target {
  readonly provider: Provider;
  /** GPUs a workload may pin (offered by the provider and allowed by the policy). */
  readonly pinnable: readonly GpuId[];
}
/** A workload without name and team; those are assigned once the list is drawn. */
type Draft = (name: string, team: string, target: Target) => WorkloadSpec;

const IMAGE_OVERRIDES = ['ghcr.io/acme/trainer:1.4.2', 'registry.example.com/ml/notebook@sha256:' + 'a'.repeat(64), 'docker.io/library/python:3.12-slim'];
const image = maybe(fc.constantFrom(...IMAGE_OVERRIDES));
const resources = maybe(
  fc.record(
    {
      cpu: fc.constantFrom<number | string>(2, 4, 0.5, '500m', '1.5', '2500m'),
      memory: fc.constantFrom<number | string>('8Gi', '512Mi', '1.5Gi', '4G', 8589934592),
    },
    { requiredKeys: [] },
  ),
);
const replicas = (max: number) => maybe(fc.integer({ min: 1, max }));
const fraction = fc.constantFrom(0.1, 0.25, 0.47, 0.5);
/** A GPU model to pin, or none; pins only what the target offers and allows. */
const pinSeed = maybe(fc.nat());
const pin = (seed: number | undefined, t: Target): GpuId | undefined =>
  seed === undefined || t.pinnable.length === 0 ? undefined : t.pinnable[seed % t.pinnable.length];
/** On kind a workload that needs a GPU must opt into running on CPU; elsewhere the flag is sometimes set anyway. */
const fallback = (needsGpu: boolean, t: Target, drawn: boolean | undefined): boolean | undefined => (t.provider === 'kind' && needsGpu ? true : drawn);

const SERVED = [
  'llama-3.2-1b',
  'llama-3.1-8b',
  'mistral-7b',
  'qwen2.5-7b',
  'phi-3-mini',
  'gemma-2-9b',
  'qwen2.5-14b',
  'mixtral-8x7b',
  'llama-3.1-70b',
] as const;
const TRAINED = ['llama-3.2-1b', 'llama-3.1-8b', 'mistral-7b', 'qwen2.5-7b', 'phi-3-mini', 'llama-3.1-70b'] as const;

const inferenceDraft: fc.Arbitrary<Draft> = fc
  .record({
    model: fc.constantFrom(...SERVED),
    precision: maybe(fc.constantFrom(...INFERENCE_PRECISIONS)),
    kvPrecision: maybe(fc.constantFrom('bf16' as const, 'fp8' as const)),
    maxContextTokens: maybe(fc.constantFrom(2048, 8192, 32768)),
    concurrency: maybe(fc.constantFrom(1, 8, 64)),
    replicas: replicas(4),
    extraReplicas: maybe(fc.integer({ min: 0, max: 4 })),
    zoneSpread: maybe(fc.boolean()),
    image,
    pin: pinSeed,
    cpuFallback: maybe(fc.boolean()),
  })
  .map(({ model, extraReplicas, pin: p, cpuFallback, ...rest }) => (name, team, t) => {
    const gpuModel = pin(p, t);
    return inference(name, team, model, {
      ...defined(rest),
      ...(extraReplicas !== undefined ? { maxReplicas: (rest.replicas ?? 1) + extraReplicas } : {}),
      ...(gpuModel ? { gpu: { model: gpuModel } } : {}),
      ...defined({ cpuFallback: fallback(true, t, cpuFallback) }),
    });
  });

const trainingDraft: fc.Arbitrary<Draft> = fc
  .record({
    model: fc.constantFrom(...TRAINED),
    method: fc.constantFrom('lora' as const, 'qlora' as const, 'full' as const),
    gpus: maybe(fc.constantFrom(1, 2, 4, 8, 16)),
    microBatch: maybe(fc.constantFrom(1, 2, 4)),
    sequenceLength: maybe(fc.constantFrom(1024, 2048, 4096)),
    loraRank: maybe(fc.constantFrom(8, 64)),
    precision: maybe(fc.constantFrom('mixed-bf16' as const, 'bf16' as const)),
    image,
    args: maybe(fc.constantFrom<string[]>(['--epochs=1'], ['--config', '/etc/train.yaml'])),
    pin: pinSeed,
  })
  .map(({ model, loraRank, pin: p, ...rest }) => (name, team, t) => {
    const gpuModel = pin(p, t);
    return training(name, team, model, {
      // a training workload runs a command or an image's own entrypoint
      ...(rest.image === undefined ? { command: ['torchrun', '/workspace/train.py'] } : {}),
      ...defined(rest),
      ...(loraRank !== undefined && rest.method !== 'full' ? { loraRank } : {}),
      ...(gpuModel ? { gpu: { model: gpuModel } } : {}),
      ...defined({ cpuFallback: fallback(true, t, undefined) }),
    });
  });

const notebookDraft: fc.Arbitrary<Draft> = fc
  .record({
    // memoryGiB picks the smallest slice that holds it: the MIG path on A100/H100 pools
    gpu: maybe(
      fc.oneof(
        fc.constantFrom(4, 5, 10, 20, 40).map((memoryGiB) => ({ memoryGiB })),
        fraction.map((f) => ({ fraction: f })),
      ),
    ),
    replicas: replicas(4),
    zoneSpread: maybe(fc.boolean()),
    image,
    resources,
  })
  .map(
    ({ gpu, ...rest }) =>
      (name, team, t) =>
        notebook(name, team, defined({ ...rest, gpu, cpuFallback: fallback(gpu !== undefined, t, undefined) })),
  );

const batchDraft: fc.Arbitrary<Draft> = fc
  .record({
    gpu: maybe(
      fc.oneof(
        fraction.map((f) => ({ count: 1, fraction: f })),
        fc.constantFrom(1, 2, 4).map((count) => ({ count })),
      ),
    ),
    replicas: replicas(4),
    image,
    resources,
  })
  .map(
    ({ gpu, ...rest }) =>
      (name, team, t) =>
        batch(name, team, defined({ ...rest, gpu, cpuFallback: fallback(gpu !== undefined, t, undefined) })),
  );

const rayDraft: fc.Arbitrary<Draft> = fc
  .record({
    gpu: maybe(fc.oneof(fc.constant({ count: 1 }), fc.constant({ count: 2 }), fc.constant({ fraction: 0.5 }), fc.constant({ memoryGiB: 10 }))),
    model: maybe(fc.constantFrom('llama-3.2-1b' as const, 'phi-3-mini' as const)),
    replicas: replicas(4),
    zoneSpread: maybe(fc.boolean()),
    image,
    resources,
  })
  .map(
    ({ gpu, ...rest }) =>
      (name, team, t) =>
        ray(name, team, defined({ ...rest, gpu, cpuFallback: fallback(gpu !== undefined, t, undefined) })),
  );

const workloadDraft = fc.oneof(inferenceDraft, trainingDraft, notebookDraft, batchDraft, rayDraft);

/** GPUs each cloud's catalogue offers. */
function offeredGpus(provider: 'eks' | 'gke'): GpuId[] {
  const offered = new Set(instanceTypes(provider).map((i) => i.gpuModel));
  return GPU_IDS.filter((id) => offered.has(id));
}

const targetArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ region: fc.constantFrom(...REGIONS), zoneCount: fc.integer({ min: 1, max: 3 }) }).map(({ region, zoneCount }) => ({
      provider: region.provider,
      region: region.name,
      zones: region.zones.slice(0, zoneCount),
    })),
  },
  { weight: 1, arbitrary: fc.constant({ provider: 'kind' as const }) },
);

const teamArb = fc.record({
  name: dnsLabel,
  weight: maybe(fc.constantFrom(1, 2, 0.5, 2.5, 1000)),
  groups: maybe(fc.uniqueArray(fc.constantFrom('ml-engineers', 'oidc:research', 'team-admins@example.com'), { maxLength: 3 })),
});

const platformArb: fc.Arbitrary<PlatformSpec> = fc
  .record({
    name: dnsLabel,
    target: targetArb,
    kubernetesVersion: maybe(fc.constantFrom(...Object.keys(KUBERNETES_MINORS))),
    capacity: maybe(fc.constantFrom(...CAPACITY_POLICIES)),
    gpuSharing: maybe(fc.constantFrom(...GPU_SHARING_POLICIES)),
    allowedSeed: maybe(fc.array(fc.boolean(), { minLength: GPU_IDS.length, maxLength: GPU_IDS.length })),
    teams: fc.uniqueArray(teamArb, { minLength: 1, maxLength: 4, selector: (t) => t.name }),
    workloads: fc.uniqueArray(fc.tuple(workloadName, workloadDraft, fc.nat()), { minLength: 1, maxLength: 9, selector: ([name]) => name }),
  })
  .map((d) => {
    const provider = d.target.provider;
    const offered = provider === 'kind' ? [] : offeredGpus(provider);
    const picked = d.allowedSeed ? offered.filter((_, i) => d.allowedSeed![i]) : [];
    const allowedGpus = picked.length > 0 ? picked : undefined;
    const target: Target = { provider, pinnable: allowedGpus ?? offered };
    return platform({
      name: d.name,
      // kind runs only the minors its node images are pinned for (validation rejects the others)
      target: defined({
        ...d.target,
        kubernetesVersion: provider === 'kind' && d.kubernetesVersion !== undefined && !KIND.nodeImages[d.kubernetesVersion] ? undefined : d.kubernetesVersion,
      }),
      policy: defined({ capacity: d.capacity, gpuSharing: d.gpuSharing, allowedGpus }),
      teams: d.teams.map((t) => defined(t)),
      workloads: d.workloads.map(([name, draft, team]) => draft(name, d.teams[team % d.teams.length]!.name, target)),
    });
  });

/** A 40-character name (the schema's limit) starting with `stem`. */
const longName = (stem: string): string => `${stem}-${'x'.repeat(40)}`.slice(0, 39) + 'z';

/**
 * Files the property always checks first, so every run covers the paths random draws reach only
 * rarely: MIG on GKE (partition-size selector) and on EKS (mig-parted config), time-slicing,
 * multi-node training, fp8/int4 serving, and GPU work falling back to CPU on kind, all with
 * names at the 40-character limit (team names starting with a digit).
 */
function cornerCases(): PlatformSpec[] {
  const research = longName('research-and-development');
  const serving = longName('9-serving');
  return [
    platform({
      name: longName('gke-mig'),
      target: { provider: 'gke', region: 'us-central1', zones: ['us-central1-a', 'us-central1-b', 'us-central1-c'] },
      policy: { gpuSharing: 'mig', capacity: 'spot-with-fallback', allowedGpus: ['A100-40GB'] },
      teams: [
        { name: research, weight: 2, groups: ['oidc:research'] },
        { name: serving, weight: 0.5 },
      ],
      workloads: [
        notebook(longName('notebooks-7'), research, { gpu: { memoryGiB: 10 }, replicas: 3, zoneSpread: true, image: IMAGE_OVERRIDES[0] }),
        inference(longName('chat-int4'), serving, 'llama-3.1-8b', { precision: 'int4', replicas: 2, zoneSpread: true }),
      ],
    }),
    platform({
      name: longName('eks-mig'),
      target: { provider: 'eks', region: 'us-west-2' },
      policy: { gpuSharing: 'mig', allowedGpus: ['A100-80GB', 'H100-80GB'] },
      teams: [{ name: research }],
      workloads: [
        notebook(longName('lab-0'), research, { gpu: { memoryGiB: 10 }, replicas: 5, resources: { cpu: 2, memory: '12Gi' } }),
        inference(longName('small-int4'), research, 'llama-3.2-1b', { precision: 'int4', replicas: 3, image: IMAGE_OVERRIDES[2] }),
      ],
    }),
    platform({
      name: longName('eks-fleet'),
      target: { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] },
      policy: { capacity: 'spot' },
      teams: [
        { name: research, groups: ['ml-engineers', 'team-admins@example.com'] },
        { name: serving, weight: 3 },
      ],
      workloads: [
        batch(longName('sliced-batch'), research, { gpu: { count: 1, fraction: 0.25 }, replicas: 3, resources: { cpu: '1500m', memory: '6Gi' } }),
        training(longName('full-finetune-2'), research, 'llama-3.1-8b', { method: 'full', gpus: 16, image: IMAGE_OVERRIDES[0] }),
        training(longName('qlora'), serving, 'mistral-7b', { method: 'qlora', loraRank: 16, command: ['torchrun', 'train.py'] }),
        inference(longName('chat-fp8'), serving, 'llama-3.1-70b', { precision: 'fp8', replicas: 2, maxReplicas: 4, zoneSpread: true }),
        ray(longName('ray-gpu'), serving, { gpu: { count: 1 }, replicas: 2, zoneSpread: true }),
        ray(longName('ray-cpu'), serving, { replicas: 2, resources: { cpu: 4, memory: '16Gi' } }),
      ],
    }),
    platform({
      name: longName('kind'),
      target: { provider: 'kind' },
      teams: [{ name: research }],
      workloads: [
        inference(longName('chat-1'), research, 'llama-3.2-1b', { cpuFallback: true, image: IMAGE_OVERRIDES[2] }),
        training(longName('lora'), research, 'phi-3-mini', { method: 'lora', cpuFallback: true, command: ['python', '-m', 'train'] }),
        notebook(longName('lab'), research, { gpu: { fraction: 0.5 }, cpuFallback: true, replicas: 2 }),
        batch(longName('etl'), research, { resources: { cpu: 1, memory: '2Gi' } }),
        ray(longName('ray'), research, { gpu: { count: 1 }, cpuFallback: true }),
      ],
    }),
  ];
}

describeWithShared('rendered manifests of random valid platform files', shared && path.join(shared, 'crds'), () => {
  const crds = path.join(shared ?? '', 'crds');
  const validator = shared ? new CrdValidator(crds) : undefined;
  const served = shared ? new ServedVersions(crds) : undefined;

  /** Every reason the API server (or the baseline) would refuse part of the rendered platform. */
  function problemsOf(objects: readonly ManifestObject[], overrides: ReadonlySet<string>): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const o of objects) {
      // a second object of the same group, kind, namespace and name would overwrite the first on apply
      const key = `${o.apiVersion.split('/').slice(0, -1).join('/')} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
      if (seen.has(key)) problems.push(`${key}: rendered twice`);
      seen.add(key);
      if (isCoreApi(o.apiVersion)) {
        try {
          if (!validateCore(o)) problems.push(`${o.apiVersion} ${o.kind}: not a kind kubernetes-models knows`);
        } catch (e) {
          problems.push(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${(e as Error).message}`);
        }
      } else if (!validator!.knows(o.apiVersion, o.kind)) {
        problems.push(`${o.apiVersion} ${o.kind}: no upstream CRD in shared/crds`);
      } else if (!served!.has(o.apiVersion, o.kind)) {
        problems.push(`${o.apiVersion} ${o.kind}: version not served by the upstream CRD`);
      } else {
        const v = validator!.validate(o);
        if (v) problems.push(`${v.object}: ${v.errors}`);
      }
      problems.push(...nameProblems(o), ...baselineProblems(o, overrides));
    }
    return problems;
  }

  it('every object validates, is well named and keeps the security baseline', () => {
    const counts = { feasible: 0, infeasible: 0, objects: 0 };
    const providers = new Set<string>();
    const paths = new Set<string>();
    const kinds = new Set<string>();
    fc.assert(
      fc.property(platformArb, (spec) => {
        const parsed = parsePlatform(toYaml(spec), 'generated.yaml');
        let p: Plan;
        try {
          p = plan(parsed);
        } catch (e) {
          if (!(e instanceof InfeasibleError)) throw e;
          counts.infeasible++;
          return;
        }
        counts.feasible++;
        providers.add(p.provider);
        for (const np of p.nodePools) if (np.role === 'gpu') paths.add(`${np.provider} ${np.sharing.mode}`);
        if (p.workloads.some((w) => (w.parallelism.nodes ?? 1) > 1)) paths.add('multi-node training');
        const objects = Object.values(renderManifests(p)).flatMap((text) => parseAllDocuments(text).map((d) => d.toJS() as ManifestObject));
        counts.objects += objects.length;
        for (const o of objects) kinds.add(o.kind);
        const overrides = new Set(parsed.spec.workloads.flatMap((w) => (w.image ? [w.image] : [])));
        expect(problemsOf(objects, overrides)).toEqual([]);
        // an image override reaches the workload's object, whatever its kind
        const ignored = parsed.spec.workloads
          .filter((w) => w.image !== undefined)
          .filter(
            (w) =>
              !objects.some(
                (o) => o.metadata.name === w.name && o.metadata.namespace === `team-${w.team}` && JSON.stringify(o).includes(JSON.stringify(w.image)),
              ),
          )
          .map((w) => `${w.type} ${w.name}: image ${w.image} not rendered`);
        expect(ignored).toEqual([]);
        // every plan the planner emits must verify clean: admitted, scheduled, able to roll out, claims bound
        const failing = verifyObjects(p, objects)
          .workloads.filter((w) => w.reason !== '')
          .map((w) => `${p.provider} ${w.workload}: ${w.reason}`);
        expect(failing).toEqual([]);
      }),
      { seed: SEED, numRuns: NUM_RUNS, examples: cornerCases().map((c) => [c] as [PlatformSpec]) },
    );
    expect(counts.feasible + counts.infeasible).toBeGreaterThanOrEqual(NUM_RUNS);
    expect(counts.feasible).toBeGreaterThanOrEqual(MIN_FEASIBLE_SHARE * NUM_RUNS);
    // the generator reaches every provider and every workload kind, or the property proves little
    expect([...providers].sort()).toEqual(['eks', 'gke', 'kind']);
    for (const feature of ['eks mig', 'eks time-slicing', 'gke mig', 'gke time-slicing', 'multi-node training']) expect(paths).toContain(feature);
    for (const kind of ['InferenceService', 'TrainJob', 'RayCluster', 'StatefulSet', 'Job', 'ConfigMap', 'ClusterPolicy']) expect(kinds).toContain(kind);
  });

  it('workload names must start with a letter; notebooks never share a Service, prefixed or not', () => {
    expect(() =>
      parsePlatform(toYaml(platform({ target: { provider: 'kind' }, teams: [{ name: '1-team' }], workloads: [notebook('7b-lab', '1-team')] })), 'digit.yaml'),
    ).toThrow(/spec\.workloads\[0\]\.name: "7b-lab" must start with a letter/);
    const spec = platform({
      name: '0-platform',
      target: { provider: 'kind' },
      teams: [{ name: '1-team' }],
      workloads: ['nb-lab', 'lab', 'nb-alice'].map((n) => notebook(n, '1-team')),
    });
    const objects = Object.values(renderManifests(plan(parsePlatform(toYaml(spec), 'notebooks.yaml')))).flatMap((text) =>
      parseAllDocuments(text).map((d) => d.toJS() as ManifestObject),
    );
    const governing = Object.fromEntries(
      objects
        .filter((o) => o.kind === 'StatefulSet' && o.metadata.namespace === 'team-1-team')
        .map((o) => [o.metadata.name, (o['spec'] as { serviceName: string }).serviceName]),
    );
    expect(governing).toEqual({ 'nb-lab': 'nb-lab', lab: 'lab', 'nb-alice': 'nb-alice' });
    const services = objects.filter((o) => o.kind === 'Service' && o.metadata.namespace === 'team-1-team').map((o) => o.metadata.name);
    expect(services.sort()).toEqual(Object.values(governing).sort());
    expect(problemsOf(objects, new Set())).toEqual([]);
    // the construct used on its own still prefixes digit-led names
    expect(serviceNameFor('7b-lab', 'nb')).toBe('nb-7b-lab');
    expect(serviceNameFor('nb-7b-lab', 'nb')).toBe('nb-nb-7b-lab');
  });

  it('a Service name that cannot fit 63 characters is refused with the limit, not rendered', () => {
    expect(serviceNameFor('lab', 'nb')).toBe('lab');
    expect(() => serviceNameFor(`9${'a'.repeat(60)}`, 'nb')).toThrow(/not a DNS-1035 label of at most 63 characters/);
    expect(() => serviceNameFor('lab', '9b')).toThrow(/prefix '9b' must be a DNS-1035 label/);
  });

  it('the name checks refuse what the API server refuses', () => {
    const obj = (kind: string, name: string, labels: Record<string, string> = {}): ManifestObject => ({
      apiVersion: 'v1',
      kind,
      metadata: { name, namespace: 'team-a', labels },
    });
    expect(nameProblems(obj('Service', '7b-chat'))).toEqual([expect.stringMatching(/DNS-1035/)]);
    expect(nameProblems(obj('Job', 'a'.repeat(64)))).toEqual([expect.stringMatching(/at most 63/)]);
    expect(nameProblems(obj('ConfigMap', 'a'.repeat(64)))).toEqual([]);
    expect(nameProblems(obj('ConfigMap', 'cm', { x: 'v'.repeat(64) }))).toEqual([expect.stringMatching(/not a valid label value/)]);
  });
});
