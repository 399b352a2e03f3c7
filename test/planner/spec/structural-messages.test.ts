/**
 * One case per kind of structural mistake: the message names the path, the value received and
 * what is allowed, and the fix says what to write instead.
 */
import { issueAt, issuesWith, type Patch } from './builders';

interface Case {
  readonly name: string;
  readonly patches: readonly Patch[];
  readonly path: string;
  readonly message: readonly string[];
  readonly fix: string;
}

const cases: readonly Case[] = [
  {
    name: 'unknown model id: lists the catalogue ids and suggests the closest',
    patches: [['spec.workloads.0.model', 'llama-3.1-8']],
    path: 'spec.workloads[0].model',
    message: ['unknown model "llama-3.1-8"', 'allowed: catalogue model ids "llama-3.2-1b", "llama-3.1-8b"', '"phi-3-mini"', 'inline architecture'],
    fix: 'did you mean "llama-3.1-8b"?',
  },
  {
    name: 'unknown model far from any id: explains the two ways to name a model',
    patches: [['spec.workloads.0.model', 'gpt-4']],
    path: 'spec.workloads[0].model',
    message: ['unknown model "gpt-4"'],
    fix: 'use a catalogue id or describe the model inline (params, layers',
  },
  {
    name: 'model of the wrong kind',
    patches: [['spec.workloads.0.model', 8]],
    path: 'spec.workloads[0].model',
    message: ['unknown model 8', 'allowed: catalogue model ids'],
    fix: 'use a catalogue id or describe the model inline',
  },
  {
    name: 'unknown key (typo): names the key and the keys of its object',
    patches: [['spec.workloads.2.replica', 3]],
    path: 'spec.workloads[2].replica',
    message: [
      'unknown key "replica" (value 3)',
      'allowed: keys of spec.workloads[2]: cpuFallback, gpu, image, name, replicas, resources, team, type, zoneSpread',
    ],
    fix: 'did you mean "replicas"?',
  },
  {
    name: 'key of another workload type',
    patches: [['spec.workloads.0.gpus', 2]],
    path: 'spec.workloads[0].gpus',
    message: ['unknown key "gpus" (value 2)', 'keys of spec.workloads[0]: concurrency'],
    fix: '"gpus" applies to workloads of type training, not "inference"; remove it or change type',
  },
  {
    name: 'unknown top-level key',
    patches: [['status', {}]],
    path: 'status',
    message: ['unknown key "status"', 'allowed: keys of the top level: apiVersion, kind, metadata, spec'],
    fix: 'remove it or rename it to one of the allowed keys',
  },
  {
    name: 'wrong type',
    patches: [['spec.workloads.0.replicas', 'two']],
    path: 'spec.workloads[0].replicas',
    message: ['expected a whole number, got the string "two"', 'allowed: a whole number'],
    fix: 'write replicas as a whole number, without quotes or units',
  },
  {
    name: 'fractional count',
    patches: [['spec.workloads.0.replicas', 1.5]],
    path: 'spec.workloads[0].replicas',
    message: ['must be a whole number, got 1.5'],
    fix: 'use a whole number such as 2',
  },
  {
    name: 'enum value: lists the values and suggests the closest',
    patches: [['spec.workloads.0.precision', 'bf61']],
    path: 'spec.workloads[0].precision',
    message: ['"bf61" is not an allowed precision', 'allowed: "fp32", "bf16", "fp16", "fp8", "int8", "int4"'],
    fix: 'did you mean "bf16"?',
  },
  {
    name: 'provider',
    patches: [['spec.target.provider', 'aws']],
    path: 'spec.target.provider',
    message: ['"aws" is not an allowed provider', 'allowed: "eks", "gke", "kind"'],
    fix: 'use "eks"',
  },
  {
    name: 'enum value far from any allowed one',
    patches: [['spec.policy.capacity', 'reserved']],
    path: 'spec.policy.capacity',
    message: ['"reserved" is not an allowed capacity', 'allowed: "on-demand", "spot", "spot-with-fallback"'],
    fix: 'use one of the allowed values',
  },
  {
    name: 'GPU id in the wrong case',
    patches: [['spec.policy.allowedGpus', ['h100-80gb']]],
    path: 'spec.policy.allowedGpus[0]',
    message: ['"h100-80gb" is not an allowed allowedGpus', '"H100-80GB"'],
    fix: 'did you mean "H100-80GB"?',
  },
  {
    name: 'missing workload type',
    patches: [['spec.workloads.1.type', undefined]],
    path: 'spec.workloads[1].type',
    message: ['type is required but missing', 'allowed: "inference", "training", "notebook", "ray", "batch"'],
    fix: 'add type: inference (or another allowed value)',
  },
  {
    name: 'misspelt workload type',
    patches: [['spec.workloads.1.type', 'trainig']],
    path: 'spec.workloads[1].type',
    message: ['"trainig" is not an allowed type'],
    fix: 'did you mean "training"?',
  },
  {
    name: 'missing required field',
    patches: [['metadata', {}]],
    path: 'metadata.name',
    message: ['name is required but missing', 'allowed: a string'],
    fix: 'add name: <text>',
  },
  {
    name: 'wrong apiVersion',
    patches: [['apiVersion', 'cnai.dev/v1']],
    path: 'apiVersion',
    message: ['must be "cnai.dev/v1alpha1", got "cnai.dev/v1"'],
    fix: 'set apiVersion: cnai.dev/v1alpha1',
  },
  {
    name: 'name that is not a DNS label: suggests one',
    patches: [['spec.teams.1.name', 'Product_Team']],
    path: 'spec.teams[1].name',
    message: ['"Product_Team" must be a DNS-1123 label'],
    fix: 'use "product-team"',
  },
  {
    name: 'name too long',
    patches: [['metadata.name', 'a'.repeat(41)]],
    path: 'metadata.name',
    message: ['has 41 character(s)', 'allowed: at most 40 characters'],
    fix: 'shorten it to 40 characters',
  },
  {
    name: 'Kubernetes quantity',
    patches: [['spec.workloads.3.resources.memory', '16 GB']],
    path: 'spec.workloads[3].resources.memory',
    message: ['"16 GB" must be a Kubernetes quantity'],
    fix: 'write memory as a number (4), milli-cores ("500m") or bytes with a unit ("16Gi")',
  },
  {
    name: 'number out of range',
    patches: [['spec.workloads.3.gpu.fraction', 1.5]],
    path: 'spec.workloads[3].gpu.fraction',
    message: ['1.5 is out of range', 'allowed: fraction <= 1'],
    fix: 'use a value <= 1',
  },
  {
    name: 'non-positive number',
    patches: [['spec.teams.0.weight', 0]],
    path: 'spec.teams[0].weight',
    message: ['0 is out of range', 'allowed: weight > 0'],
    fix: 'use a value > 0',
  },
  {
    name: 'empty list',
    patches: [['spec.teams', []]],
    path: 'spec.teams',
    message: ['has 0 item(s)', 'allowed: at least 1 item(s)'],
    fix: 'add items to teams',
  },
  {
    name: 'Kubernetes version written as a number',
    patches: [['spec.target.kubernetesVersion', 1.3]],
    path: 'spec.target.kubernetesVersion',
    message: ['expected a string, got the number 1.3'],
    fix: 'quote it: "1.3" (YAML reads unquoted 1.30 as the number 1.3)',
  },
  {
    name: 'Kubernetes version of the wrong form',
    patches: [['spec.target.kubernetesVersion', 'v1.31']],
    path: 'spec.target.kubernetesVersion',
    message: ['"v1.31" must be a Kubernetes minor'],
    fix: 'write the minor version as a quoted string, e.g. "1.35"',
  },
  // versions.ts KUBERNETES_MINORS: a minor outside it would fail only at deploy
  ...['1.99', '1.30'].map((minor) => ({
    name: `Kubernetes minor ${minor} outside the supported map`,
    patches: [['spec.target.kubernetesVersion', minor]] as Patch[],
    path: 'spec.target.kubernetesVersion',
    message: [`"${minor}" must be a Kubernetes minor the pinned stack supports: 1.31, 1.32, 1.33, 1.34, 1.35, 1.36`],
    fix: 'use one of the supported minors, e.g. "1.35" (the default)',
  })),
  {
    name: 'CPU far beyond any machine',
    patches: [['spec.workloads.3.resources.cpu', 1e308]],
    path: 'spec.workloads[3].resources.cpu',
    message: ['1e+308 must be above 0 and at most 1024 cores'],
    fix: 'lower cpu to what one replica really needs',
  },
  {
    name: 'CPU of a billion cores as milli-cores',
    patches: [['spec.workloads.3.resources.cpu', '1000000000000m']],
    path: 'spec.workloads[3].resources.cpu',
    message: ['"1000000000000m" must be above 0 and at most 1024 cores'],
    fix: 'lower cpu to what one replica really needs',
  },
  {
    name: 'memory beyond 16Ti',
    patches: [['spec.workloads.3.resources.memory', '17Ti']],
    path: 'spec.workloads[3].resources.memory',
    message: [`"17Ti" must be above 0 and at most '16Ti'`],
    fix: 'lower memory to what one replica really needs',
  },
  // Kubernetes RBAC: system:authenticated is every signed-in user, system:masters bypasses RBAC
  ...['system:authenticated', 'system:masters'].map((group) => ({
    name: `team group ${group}`,
    patches: [['spec.teams.0.groups', ['ml-research', group]]] as Patch[],
    path: 'spec.teams[0].groups[1]',
    message: [`"${group}" must not be a Kubernetes 'system:' group`],
    fix: 'bind a group of your identity provider instead, e.g. "ml-research"',
  })),
  ...[
    ['vllm/vllm-openai:latest', "must not use the tag 'latest'"],
    ['vllm/vllm-openai', 'must name a tag or a digest'],
    ['registry.local:5000/vllm', 'must name a tag or a digest'],
  ].map(([image, message]) => ({
    name: `image ${image}`,
    patches: [['spec.workloads.0.image', image]] as Patch[],
    path: 'spec.workloads[0].image',
    message: [`"${image}" ${message}`],
    fix: 'append a version tag (:v1.2.3) or pin a digest (@sha256:...)',
  })),
  {
    name: 'inline architecture field of the wrong type',
    patches: [
      [
        'spec.workloads.0.model',
        { params: 7e9, layers: 'thirty-two', hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, kvHeads: 8, headDim: 128, vocabSize: 128256 },
      ],
    ],
    path: 'spec.workloads[0].model.layers',
    message: ['expected a whole number, got the string "thirty-two"'],
    fix: 'write layers as a whole number',
  },
  {
    name: 'inline architecture missing a field',
    patches: [['spec.workloads.0.model', { params: 7e9, layers: 32, hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, kvHeads: 8, headDim: 128 }]],
    path: 'spec.workloads[0].model.vocabSize',
    message: ['vocabSize is required but missing'],
    fix: 'add vocabSize: <whole number>',
  },
  {
    name: 'wrong kind of object',
    patches: [['spec.teams', { research: {} }]],
    path: 'spec.teams',
    message: ['expected a list, got a mapping'],
    fix: 'write teams as a list',
  },
];

describe('structural validation messages', () => {
  it.each(cases)('$name', ({ patches, path, message, fix }) => {
    const issue = issueAt(issuesWith(...patches), path);
    for (const part of message) expect(issue.message).toContain(part);
    expect(issue.message).toMatch(/\(at platform\.yaml:\d+:\d+\)/);
    expect(issue.fix).toContain(fix);
  });

  it('reports nothing for the base file', () => {
    expect(issuesWith()).toEqual([]);
  });
});
