/**
 * One case per semantic check: both sides of a conflict are named, with the value and the fix.
 */
import { baseDoc, issueAt, issuesWith, type Patch } from './builders';

interface Case {
  readonly name: string;
  readonly patches: readonly Patch[];
  readonly path: string;
  readonly message: readonly string[];
  readonly fix: string;
}

const base = baseDoc() as { spec: { workloads: unknown[]; teams: unknown[] } };
const kind: Patch = ['spec.target', { provider: 'kind' }];

const cases: readonly Case[] = [
  {
    // kind creates its nodes from the node image pinned for the minor (versions.ts KIND.nodeImages)
    name: 'a kind target on a supported minor without a pinned kind node image',
    patches: [['spec.target', { provider: 'kind', kubernetesVersion: '1.36' }]],
    path: 'spec.target.kubernetesVersion',
    message: ['kind v0.31.0 has no node image pinned for Kubernetes "1.36"', 'allowed: on kind: "1.31", "1.32", "1.33", "1.34", "1.35"'],
    fix: "set kubernetesVersion: '1.35' for kind, or leave it out",
  },
  {
    name: 'duplicate team names',
    patches: [['spec.teams', [{ name: 'research' }, { name: 'product' }, { name: 'research' }]]],
    path: 'spec.teams[2].name',
    message: ['duplicate team name "research": spec.teams[0] has the same name'],
    fix: 'rename one of spec.teams[0] and spec.teams[2]',
  },
  {
    name: 'duplicate workload names',
    patches: [['spec.workloads', [...base.spec.workloads, { name: 'chat', team: 'product', type: 'notebook' }]]],
    path: 'spec.workloads[4].name',
    message: ['duplicate workload name "chat": spec.workloads[0] has the same name'],
    fix: 'rename one of spec.workloads[0] and spec.workloads[4]',
  },
  {
    name: 'workload of an undeclared team, close to a declared one',
    patches: [['spec.workloads.0.team', 'prodcut']],
    path: 'spec.workloads[0].team',
    message: ['team "prodcut" is not declared in spec.teams', 'allowed: declared teams: "product", "research"'],
    fix: 'did you mean "product"?',
  },
  {
    name: 'workload of an undeclared team',
    patches: [['spec.workloads.0.team', 'marketing']],
    path: 'spec.workloads[0].team',
    message: ['team "marketing" is not declared'],
    fix: 'add - name: marketing to spec.teams, or use a declared team',
  },
  {
    name: 'region missing on eks',
    patches: [['spec.target', { provider: 'eks' }]],
    path: 'spec.target.region',
    message: ['region is required when provider is eks', 'allowed: eks regions "us-east-1", "us-west-2"'],
    fix: 'add region: us-east-1',
  },
  {
    name: 'region missing on gke',
    patches: [['spec.target', { provider: 'gke' }]],
    path: 'spec.target.region',
    message: ['region is required when provider is gke', '"europe-west4", "us-central1"'],
    fix: 'add region: us-central1',
  },
  {
    name: 'unknown region',
    patches: [['spec.target', { provider: 'eks', region: 'us-east-2' }]],
    path: 'spec.target.region',
    message: ['unknown eks region "us-east-2"', 'allowed: eks regions in the catalogue: "us-east-1", "us-west-2"'],
    fix: 'did you mean "us-east-1"?',
  },
  {
    name: 'region of the other provider',
    patches: [['spec.target', { provider: 'gke', region: 'us-east-1' }]],
    path: 'spec.target.region',
    message: ['unknown gke region "us-east-1"'],
    fix: 'use one of the allowed regions',
  },
  {
    name: 'zone of another region',
    patches: [['spec.target.zones', ['us-east-1a', 'us-west-2b']]],
    path: 'spec.target.zones[1]',
    message: [
      'zone "us-west-2b" is not in region us-east-1 (it belongs to us-west-2)',
      'allowed: zones of us-east-1: "us-east-1a", "us-east-1b", "us-east-1c", "use1-az1", "use1-az2"',
    ],
    fix: 'use zones of us-east-1, or set region: us-west-2',
  },
  {
    // AWS "Availability Zone IDs": a zone name maps to a different zone ID in each account
    name: 'zone names and zone IDs mixed',
    patches: [['spec.target.zones', ['use1-az1', 'us-east-1b']]],
    path: 'spec.target.zones[1]',
    message: ['zone names ("us-east-1b") and zone IDs ("use1-az1") are mixed', 'allowed: zone IDs of us-east-1 ("use1-az1", "use1-az2") or zone names'],
    fix: 'list zone IDs only (find yours with: aws ec2 describe-availability-zones --region us-east-1)',
  },
  {
    name: 'unknown zone',
    patches: [['spec.target.zones', ['us-east-1a', 'us-east-1z']]],
    path: 'spec.target.zones[1]',
    message: ['zone "us-east-1z" is not in region us-east-1'],
    fix: 'did you mean "us-east-1a"?',
  },
  {
    name: 'zone listed twice',
    patches: [['spec.target.zones', ['us-east-1a', 'us-east-1a']]],
    path: 'spec.target.zones[1]',
    message: ['zone "us-east-1a" is listed twice'],
    fix: 'remove the repeated zone',
  },
  {
    name: 'allowed GPU the provider does not offer',
    patches: [['spec.policy.allowedGpus', ['H100-80GB', 'T4']]],
    path: 'spec.policy.allowedGpus[1]',
    message: ['GPU "T4" is not offered by any eks instance type in the catalogue', 'allowed: GPUs eks offers: "A10G", "H100-80GB", "L4", "L40S"'],
    fix: 'remove T4 from allowedGpus or target a provider that offers it',
  },
  {
    name: 'MIG sharing with no MIG-capable GPU allowed',
    patches: [
      ['spec.policy.gpuSharing', 'mig'],
      ['spec.policy.allowedGpus', ['L4', 'L40S']],
    ],
    path: 'spec.policy.gpuSharing',
    message: [
      'gpuSharing mig cannot be honoured: none of spec.policy.allowedGpus ("L4", "L40S") supports MIG',
      'allowed: MIG-capable GPUs eks offers: "H100-80GB"',
    ],
    fix: 'add one of "H100-80GB" to spec.policy.allowedGpus, or set gpuSharing: auto (or time-slicing)',
  },
  {
    name: 'fraction below 1 with several GPUs',
    patches: [['spec.workloads.3.gpu', { count: 2, fraction: 0.5 }]],
    path: 'spec.workloads[3].gpu.fraction',
    message: ['fraction 0.5 conflicts with count 2', 'allowed: fraction below 1 only with count 1 (or count omitted)'],
    fix: 'remove count (or set count: 1) to share one GPU, or remove fraction to use 2 whole GPUs',
  },
  {
    name: 'pinned GPU outside allowedGpus',
    patches: [
      ['spec.policy.allowedGpus', ['H100-80GB', 'L40S']],
      ['spec.workloads.2.gpu', { count: 1, model: 'L4' }],
    ],
    path: 'spec.workloads[2].gpu.model',
    message: ['GPU "L4" is not in spec.policy.allowedGpus', 'allowed: spec.policy.allowedGpus: "H100-80GB", "L40S"'],
    fix: 'add L4 to spec.policy.allowedGpus, or pin one of the allowed GPUs',
  },
  {
    name: 'pinned GPU the provider does not offer',
    patches: [['spec.workloads.1.gpu', { model: 'T4' }]],
    path: 'spec.workloads[1].gpu.model',
    message: ['GPU "T4" is not offered by any eks instance type', 'GPUs eks offers: "A10G"'],
    fix: 'pin one of the offered GPUs or remove gpu.model',
  },
  {
    name: 'model-based inference on kind',
    patches: [kind, ['spec.workloads', [base.spec.workloads[0]]]],
    path: 'spec.workloads[0]',
    message: [
      'workload "chat" needs a GPU (inference of llama-3.1-8b) but provider kind has no GPUs',
      'allowed: GPU workloads on kind only with cpuFallback: true',
    ],
    fix: 'set cpuFallback: true on the workload to run it on CPU (for development), or target eks or gke',
  },
  {
    name: 'GPU request on kind with cpuFallback: false',
    patches: [kind, ['spec.workloads', [{ name: 'nb', team: 'research', type: 'notebook', gpu: { fraction: 0.25 }, cpuFallback: false }]]],
    path: 'spec.workloads[0].cpuFallback',
    message: ['workload "nb" needs a GPU (a gpu request {"fraction":0.25}) but provider kind has no GPUs'],
    fix: 'set cpuFallback: true',
  },
  {
    name: 'maxReplicas below replicas',
    patches: [['spec.workloads.0.maxReplicas', 1]],
    path: 'spec.workloads[0].maxReplicas',
    message: ['maxReplicas 1 is below replicas 2', 'allowed: maxReplicas >= replicas'],
    fix: 'set maxReplicas to at least 2, or lower replicas',
  },
  {
    name: 'training replicas above 1',
    patches: [['spec.workloads.1.replicas', 4]],
    path: 'spec.workloads[1].replicas',
    message: ['replicas 4: for training, replicas counts whole jobs and a training workload is one job', 'allowed: replicas: 1 (or omitted) for training'],
    fix: 'to train on more GPUs set gpus: N (data parallel); to run 4 separate jobs declare 4 workloads',
  },
  {
    name: 'loraRank with full fine-tuning',
    patches: [['spec.workloads.1.loraRank', 16]],
    path: 'spec.workloads[1].loraRank',
    message: ['loraRank 16 is set but method is full', 'allowed: loraRank only with method lora or qlora'],
    fix: 'set method: lora (or qlora), or remove loraRank',
  },
  {
    name: 'inline architecture whose kvHeads do not divide attentionHeads',
    patches: [
      [
        'spec.workloads.0.model',
        { params: 7e9, layers: 32, hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, kvHeads: 6, headDim: 128, vocabSize: 32000 },
      ],
    ],
    path: 'spec.workloads[0].model.kvHeads',
    message: ['kvHeads 6 does not divide attentionHeads 32'],
    fix: "copy kvHeads (num_key_value_heads) and attentionHeads (num_attention_heads) from the model's config.json",
  },
  {
    name: 'inline architecture with more active experts than experts',
    patches: [
      [
        'spec.workloads.0.model',
        {
          params: 47e9,
          layers: 32,
          hiddenSize: 4096,
          intermediateSize: 14336,
          attentionHeads: 32,
          kvHeads: 8,
          headDim: 128,
          vocabSize: 32000,
          experts: 2,
          activeExperts: 4,
        },
      ],
    ],
    path: 'spec.workloads[0].model.activeExperts',
    message: ['activeExperts 4 is more than experts 2'],
    fix: 'set experts to the number of experts per layer',
  },
];

describe('semantic validation messages', () => {
  it.each(cases)('$name', ({ patches, path, message, fix }) => {
    const issue = issueAt(issuesWith(...patches), path);
    for (const part of message) expect(issue.message).toContain(part);
    expect(issue.fix).toContain(fix);
  });

  it.each<[string, readonly Patch[]]>([
    ['training with replicas: 1', [['spec.workloads.1.replicas', 1]]],
    ['EKS zones given as zone IDs', [['spec.target.zones', ['use1-az1', 'use1-az2']]]],
    [
      'LoRA rank with method lora',
      [
        ['spec.workloads.1.method', 'lora'],
        ['spec.workloads.1.loraRank', 16],
      ],
    ],
    ['GPU workloads on kind with cpuFallback: true', [kind, ['spec.workloads', base.spec.workloads.map((w) => ({ ...(w as object), cpuFallback: true }))]]],
    ['CPU-only batch on kind', [kind, ['spec.workloads', [{ name: 'etl', team: 'research', type: 'batch', resources: { cpu: 2 } }]]]],
    [
      'region and zones on kind (ignored there)',
      [
        ['spec.target', { provider: 'kind', region: 'anywhere', zones: ['x'] }],
        ['spec.workloads', []],
      ],
    ],
    ['fraction 1 with several GPUs', [['spec.workloads.3.gpu', { count: 2, fraction: 1 }]]],
    ['maxReplicas equal to replicas', [['spec.workloads.0.maxReplicas', 2]]],
  ])('accepts %s', (_name, patches) => {
    expect(issuesWith(...patches)).toEqual([]);
  });
});
