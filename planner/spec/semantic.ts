/**
 * Checks a structurally valid platform file cannot express in its schema: names that must be
 * unique or must refer to each other, the target's region and zones, GPUs the provider offers,
 * and settings that contradict each other.
 */
import { KIND } from '../../versions';
import { huggingFaceRepoOf } from '../catalogue/hugging-face';
import type { Region } from '../catalogue/types';
import { SERVABLE_KV_PRECISIONS } from '../resolve/serving';
import { type DraftIssue, listValues, type PathSegment, showValue, suggestFix } from './format';
import type { GpuId, PlatformSpec, Provider, WorkloadSpec } from './schema';

/** A cloud provider (kind has no catalogue entries). */
export type CloudProvider = Exclude<Provider, 'kind'>;

/** What the semantic checks need from the catalogue; tests may pass a small one. */
export interface SpecCatalogue {
  /** Regions of a provider, with their zones. */
  regions(provider: CloudProvider): readonly Region[];
  /** The region to suggest when none is given. */
  defaultRegion(provider: CloudProvider): string;
  /** GPU models some instance type of the provider carries. */
  gpusOffered(provider: CloudProvider): readonly GpuId[];
  /**
   * GPU models that can be partitioned with MIG.
   * @default - MIG policies are not checked against the allowed GPUs
   */
  migCapableGpus?(): readonly GpuId[];
}

/**
 * A workload whose type is known but whose other fields may be missing: the fields that failed
 * the schema are left out so the remaining ones can still be checked against each other.
 */
export type WorkloadDraft = WorkloadSpec extends infer W ? (W extends { readonly type: infer T } ? Partial<W> & { readonly type: T } : never) : never;

/** The parts of a file the semantic checks look at; each part is present only when it is structurally valid. */
export interface SemanticInput {
  readonly target?: PlatformSpec['spec']['target'];
  readonly policy?: NonNullable<PlatformSpec['spec']['policy']>;
  /** Every team name written in the file, with its index (also of teams with other errors). */
  readonly teamNames: readonly { readonly index: number; readonly name: string }[];
  /** Every workload name written in the file, with its index. */
  readonly workloadNames: readonly { readonly index: number; readonly name: string }[];
  /** Every workload's team as written, with the workload's index. */
  readonly workloadTeams: readonly { readonly index: number; readonly team: string }[];
  /** Workloads that passed the schema, with their index in the file. */
  readonly workloads: readonly { readonly index: number; readonly workload: WorkloadDraft }[];
}

/** Builds the semantic input of a fully valid spec. */
export function semanticInputOf(spec: PlatformSpec): SemanticInput {
  return {
    target: spec.spec.target,
    policy: spec.spec.policy,
    teamNames: spec.spec.teams.map((t, index) => ({ index, name: t.name })),
    workloadNames: spec.spec.workloads.map((w, index) => ({ index, name: w.name })),
    workloadTeams: spec.spec.workloads.map((w, index) => ({ index, team: w.team })),
    workloads: spec.spec.workloads.map((workload, index) => ({ index, workload })),
  };
}

const wPath = (index: number, ...rest: PathSegment[]): PathSegment[] => ['spec', 'workloads', index, ...rest];

function duplicates(kind: 'team' | 'workload', names: SemanticInput['teamNames']): DraftIssue[] {
  const first = new Map<string, number>();
  const issues: DraftIssue[] = [];
  for (const { index, name } of names) {
    const seen = first.get(name);
    if (seen === undefined) {
      first.set(name, index);
      continue;
    }
    const list = kind === 'team' ? 'teams' : 'workloads';
    issues.push({
      path: ['spec', list, index, 'name'],
      problem: `duplicate ${kind} name ${showValue(name)}: spec.${list}[${seen}] has the same name`,
      allowed: `${kind} names unique in the file`,
      fix: `rename one of spec.${list}[${seen}] and spec.${list}[${index}]`,
    });
  }
  return issues;
}

function checkTarget(target: NonNullable<SemanticInput['target']>, catalogue: SpecCatalogue): DraftIssue[] {
  if (target.provider === 'kind') return checkKindVersion(target);
  const regions = catalogue.regions(target.provider);
  const names = regions.map((r) => r.name).sort();
  const suggested = catalogue.defaultRegion(target.provider);
  if (target.region === undefined) {
    return [
      {
        path: ['spec', 'target', 'region'],
        problem: `region is required when provider is ${target.provider}`,
        allowed: `${target.provider} regions ${listValues(names)}`,
        fix: `add region: ${suggested} (or another listed region) under spec.target`,
      },
    ];
  }
  const region = regions.find((r) => r.name === target.region);
  if (region === undefined) {
    return [
      {
        path: ['spec', 'target', 'region'],
        problem: `unknown ${target.provider} region ${showValue(target.region)}`,
        allowed: `${target.provider} regions in the catalogue: ${listValues(names)}`,
        fix: suggestFix(target.region, names, 'regions'),
      },
    ];
  }
  const issues: DraftIssue[] = [];
  const seen = new Set<string>();
  const known = [...region.zones, ...(region.zoneIds ?? [])];
  const zones = target.zones ?? [];
  zones.forEach((zone, i) => {
    const path = ['spec', 'target', 'zones', i];
    if (seen.has(zone)) {
      issues.push({ path, problem: `zone ${showValue(zone)} is listed twice`, allowed: 'each zone once', fix: 'remove the repeated zone' });
    }
    seen.add(zone);
    if (known.includes(zone)) return;
    const home = regions.find((r) => r.zones.includes(zone) || (r.zoneIds ?? []).includes(zone));
    issues.push({
      path,
      problem: `zone ${showValue(zone)} is not in region ${region.name}` + (home ? ` (it belongs to ${home.name})` : ''),
      allowed: `zones of ${region.name}: ${listValues(known)}`,
      fix: home ? `use zones of ${region.name}, or set region: ${home.name}` : suggestFix(zone, known, 'zones'),
    });
  });
  // Zone names and zone IDs of one list may name the same physical zone twice (AWS maps names
  // to IDs per account), so a list is one or the other.
  const ids = region.zoneIds ?? [];
  const firstName = zones.findIndex((z) => region.zones.includes(z));
  const firstId = zones.findIndex((z) => ids.includes(z));
  if (firstName >= 0 && firstId >= 0) {
    const at = Math.max(firstName, firstId);
    issues.push({
      path: ['spec', 'target', 'zones', at],
      problem: `zone names (${showValue(zones[firstName]!)}) and zone IDs (${showValue(zones[firstId]!)}) are mixed; a zone name maps to a different zone ID in each AWS account, so the two may name the same zone`,
      allowed: `zone IDs of ${region.name} (${listValues(ids)}) or zone names (${listValues(region.zones)}), not both`,
      fix: `list zone IDs only (find yours with: aws ec2 describe-availability-zones --region ${region.name})`,
    });
  }
  return issues;
}

/**
 * A kind cluster runs the node image pinned for its Kubernetes minor; a supported minor without
 * one would plan and then fail when the cluster configuration is written.
 */
function checkKindVersion(target: NonNullable<SemanticInput['target']>): DraftIssue[] {
  const minor = target.kubernetesVersion;
  if (minor === undefined || KIND.nodeImages[minor] !== undefined) return [];
  const pinned = Object.keys(KIND.nodeImages).sort();
  return [
    {
      path: ['spec', 'target', 'kubernetesVersion'],
      problem: `kind ${KIND.version} has no node image pinned for Kubernetes ${showValue(minor)}`,
      allowed: `on kind: ${listValues(pinned)}`,
      fix: `set kubernetesVersion: '${pinned[pinned.length - 1]!}' for kind, or leave it out`,
    },
  ];
}

function checkAllowedGpus(input: SemanticInput, provider: Provider, catalogue: SpecCatalogue): DraftIssue[] {
  if (provider === 'kind' || input.policy?.allowedGpus === undefined) return [];
  const offered = catalogue.gpusOffered(provider);
  return input.policy.allowedGpus.flatMap((gpu, i) =>
    offered.includes(gpu)
      ? []
      : [
          {
            path: ['spec', 'policy', 'allowedGpus', i],
            problem: `GPU ${showValue(gpu)} is not offered by any ${provider} instance type in the catalogue`,
            allowed: `GPUs ${provider} offers: ${listValues(offered)}`,
            fix: `remove ${gpu} from allowedGpus or target a provider that offers it`,
          },
        ],
  );
}

/** `gpuSharing: mig` needs a MIG-capable GPU among those allowed; otherwise no pool could honour it. */
function checkMigPolicy(input: SemanticInput, provider: Provider, catalogue: SpecCatalogue): DraftIssue[] {
  const allowed = input.policy?.allowedGpus;
  if (provider === 'kind' || input.policy?.gpuSharing !== 'mig' || allowed === undefined || catalogue.migCapableGpus === undefined) return [];
  const capable = catalogue.migCapableGpus();
  if (allowed.some((g) => capable.includes(g))) return [];
  const offered = catalogue.gpusOffered(provider).filter((g) => capable.includes(g));
  return [
    {
      path: ['spec', 'policy', 'gpuSharing'],
      problem: `gpuSharing mig cannot be honoured: none of spec.policy.allowedGpus (${listValues(allowed)}) supports MIG`,
      allowed: `MIG-capable GPUs ${provider} offers: ${offered.length > 0 ? listValues(offered) : 'none'}`,
      fix:
        offered.length > 0
          ? `add one of ${listValues(offered)} to spec.policy.allowedGpus, or set gpuSharing: auto (or time-slicing)`
          : 'set gpuSharing: auto (or time-slicing)',
    },
  ];
}

/** A short account of why a workload needs a GPU, or `undefined` when it does not. */
function gpuNeed(w: WorkloadDraft): string | undefined {
  const model = 'model' in w && w.model !== undefined ? (typeof w.model === 'string' ? w.model : (w.model.name ?? 'an inline model')) : undefined;
  if ((w.type === 'inference' || w.type === 'training') && model !== undefined) return `${w.type} of ${model}`;
  if (w.gpu !== undefined) return `a gpu request ${showValue(w.gpu)}`;
  return undefined;
}

function checkGpuRequest(
  index: number,
  w: WorkloadDraft,
  provider: Provider | undefined,
  allowed: readonly GpuId[] | undefined,
  catalogue: SpecCatalogue,
): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const gpu = w.gpu;
  if (gpu === undefined) return issues;
  if ('fraction' in gpu && gpu.fraction !== undefined && gpu.fraction < 1 && gpu.count !== undefined && gpu.count !== 1) {
    issues.push({
      path: wPath(index, 'gpu', 'fraction'),
      problem: `fraction ${gpu.fraction} conflicts with count ${gpu.count}: a share of a GPU applies to one GPU`,
      allowed: 'fraction below 1 only with count 1 (or count omitted)',
      fix: `remove count (or set count: 1) to share one GPU, or remove fraction to use ${gpu.count} whole GPUs`,
    });
  }
  if (gpu.model === undefined) return issues;
  if (allowed !== undefined && !allowed.includes(gpu.model)) {
    issues.push({
      path: wPath(index, 'gpu', 'model'),
      problem: `GPU ${showValue(gpu.model)} is not in spec.policy.allowedGpus`,
      allowed: `spec.policy.allowedGpus: ${listValues(allowed)}`,
      fix: `add ${gpu.model} to spec.policy.allowedGpus, or pin one of the allowed GPUs`,
    });
  }
  if (provider !== undefined && provider !== 'kind') {
    const offered = catalogue.gpusOffered(provider);
    if (!offered.includes(gpu.model)) {
      issues.push({
        path: wPath(index, 'gpu', 'model'),
        problem: `GPU ${showValue(gpu.model)} is not offered by any ${provider} instance type in the catalogue`,
        allowed: `GPUs ${provider} offers: ${listValues(offered)}`,
        fix: `pin one of the offered GPUs or remove gpu.model to let the planner choose`,
      });
    }
  }
  return issues;
}

function checkArchitecture(index: number, w: WorkloadDraft): DraftIssue[] {
  if (!('model' in w) || w.model === undefined || typeof w.model === 'string') return [];
  const a = w.model;
  const issues: DraftIssue[] = [];
  if (a.kvHeads > a.attentionHeads || a.attentionHeads % a.kvHeads !== 0) {
    issues.push({
      path: wPath(index, 'model', 'kvHeads'),
      problem: `kvHeads ${a.kvHeads} does not divide attentionHeads ${a.attentionHeads}`,
      allowed: 'kvHeads a divisor of attentionHeads (grouped-query attention)',
      fix: "copy kvHeads (num_key_value_heads) and attentionHeads (num_attention_heads) from the model's config.json",
    });
  }
  if (a.activeExperts !== undefined && (a.experts === undefined || a.activeExperts > a.experts)) {
    issues.push({
      path: wPath(index, 'model', 'activeExperts'),
      problem:
        a.experts === undefined ? `activeExperts ${a.activeExperts} without experts` : `activeExperts ${a.activeExperts} is more than experts ${a.experts}`,
      allowed: 'activeExperts <= experts, both set for mixture-of-experts models',
      fix: 'set experts to the number of experts per layer and activeExperts to those used per token',
    });
  }
  return issues;
}

function checkWorkload(index: number, w: WorkloadDraft, input: SemanticInput, catalogue: SpecCatalogue): DraftIssue[] {
  const provider = input.target?.provider;
  const issues = [...checkGpuRequest(index, w, provider, input.policy?.allowedGpus, catalogue), ...checkArchitecture(index, w)];
  const need = gpuNeed(w);
  if (provider === 'kind' && need !== undefined && w.cpuFallback !== true) {
    issues.push({
      path: w.cpuFallback === false ? wPath(index, 'cpuFallback') : wPath(index),
      problem: `workload ${showValue(w.name)} needs a GPU (${need}) but provider kind has no GPUs`,
      allowed: 'GPU workloads on kind only with cpuFallback: true',
      fix: 'set cpuFallback: true on the workload to run it on CPU (for development), or target eks or gke',
    });
  }
  if (w.type === 'inference' && w.kvPrecision !== undefined && !SERVABLE_KV_PRECISIONS.includes(w.kvPrecision)) {
    issues.push({
      path: wPath(index, 'kvPrecision'),
      problem: `kvPrecision ${w.kvPrecision} is a weight format; the serving engine keeps its KV cache in the 16-bit compute dtype or fp8`,
      allowed: SERVABLE_KV_PRECISIONS.join(', '),
      fix: 'set kvPrecision: fp8 to halve the cache, or remove it to keep the 16-bit cache',
    });
  }
  if (w.type === 'inference' && w.maxReplicas !== undefined && w.maxReplicas < (w.replicas ?? 1)) {
    issues.push({
      path: wPath(index, 'maxReplicas'),
      problem: `maxReplicas ${w.maxReplicas} is below replicas ${w.replicas ?? 1}`,
      allowed: 'maxReplicas >= replicas',
      fix: `set maxReplicas to at least ${w.replicas ?? 1}, or lower replicas`,
    });
  }
  if (w.type === 'training' && w.command === undefined && w.image === undefined) {
    // Trainer's torch plugin sets only the PET_* env and the port (torch.go@v2.3.0): with no
    // command the default PyTorch image's own entrypoint runs, trains nothing and exits
    issues.push({
      path: w.args !== undefined ? wPath(index, 'args') : wPath(index),
      problem: `training workload ${showValue(w.name)} has no command and no image, so nothing would train`,
      allowed: 'a command (e.g. command: [torchrun, /workspace/train.py]), or an image whose entrypoint trains',
      fix: 'add command: [torchrun, <your script>] (Trainer sets the PET_* distributed env torchrun reads), or set image to one whose entrypoint trains',
    });
  }
  if (w.type === 'training') {
    if (w.replicas !== undefined && w.replicas > 1) {
      issues.push({
        path: wPath(index, 'replicas'),
        problem: `replicas ${w.replicas}: for training, replicas counts whole jobs and a training workload is one job`,
        allowed: 'replicas: 1 (or omitted) for training',
        fix: `to train on more GPUs set gpus: N (data parallel); to run ${w.replicas} separate jobs declare ${w.replicas} workloads`,
      });
    }
    if (w.loraRank !== undefined && (w.method ?? 'full') === 'full') {
      issues.push({
        path: wPath(index, 'loraRank'),
        problem: `loraRank ${w.loraRank} is set but method is ${w.method ?? 'full (the default)'}`,
        allowed: 'loraRank only with method lora or qlora',
        fix: 'set method: lora (or qlora), or remove loraRank',
      });
    }
  }
  return issues;
}

function checkTeamReferences(input: SemanticInput): DraftIssue[] {
  const declared = new Set(input.teamNames.map((t) => t.name));
  const teams = [...declared].sort();
  if (teams.length === 0) return [];
  return input.workloadTeams.flatMap(({ index, team }) =>
    declared.has(team)
      ? []
      : [
          {
            path: wPath(index, 'team'),
            problem: `team ${showValue(team)} is not declared in spec.teams`,
            allowed: `declared teams: ${listValues(teams)}`,
            fix: suggestFix(team, teams, 'teams').replace('use one of the allowed teams', `add - name: ${team} to spec.teams, or use a declared team`),
          },
        ],
  );
}

/** Runs every semantic check; the result is empty when the file is consistent. */
export function checkSemantics(input: SemanticInput, catalogue: SpecCatalogue): DraftIssue[] {
  const issues = [...duplicates('team', input.teamNames), ...duplicates('workload', input.workloadNames), ...checkTeamReferences(input)];
  if (input.target !== undefined) {
    issues.push(
      ...checkTarget(input.target, catalogue),
      ...checkAllowedGpus(input, input.target.provider, catalogue),
      ...checkMigPolicy(input, input.target.provider, catalogue),
    );
  }
  for (const { index, workload } of input.workloads) issues.push(...checkWorkload(index, workload, input, catalogue));
  return issues;
}

/**
 * Things a valid file may still get wrong, reported by `cnai validate` without failing it: a gated
 * Hugging Face model served without `spec.huggingFace` (KServe's storage-initializer would be
 * refused the download), and a batch job with neither command nor image (it would only run the
 * default image's GPU check). Sorted by message.
 */
export function specWarnings(spec: PlatformSpec): DraftIssue[] {
  const issues: DraftIssue[] = [];
  spec.spec.workloads.forEach((w, index) => {
    if (w.type === 'batch' && w.command === undefined && w.image === undefined) {
      issues.push({
        path: wPath(index),
        problem: `batch workload ${showValue(w.name)} has no command and no image: its Job only checks that PyTorch sees a GPU and exits`,
        fix: 'add command: [<program>, ...] with the work to do, or set image to one whose entrypoint does it',
      });
    }
    if (spec.spec.huggingFace !== undefined || w.type !== 'inference' || typeof w.model !== 'string') return;
    const repo = huggingFaceRepoOf(w.model);
    if (!repo?.gated) return;
    issues.push({
      path: wPath(index, 'model'),
      problem: `model ${showValue(w.model)} of workload ${showValue(w.name)} is gated on Hugging Face (${repo.repo}); without a token its download fails and the replica never starts`,
      fix: 'set spec.huggingFace.tokenSecret to a Secret with key HF_TOKEN (of an account that accepted the model terms) in the team namespace',
    });
  });
  return issues.sort((a, b) => (a.problem < b.problem ? -1 : a.problem > b.problem ? 1 : 0));
}
