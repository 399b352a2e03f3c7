/**
 * The platform file contract (`apiVersion: cnai.dev/v1alpha1`, `kind: Platform`).
 *
 * One zod schema is the single source of truth: the TypeScript types are inferred from it and
 * the published JSON Schema (`schema/platform.schema.json`) is generated from it.
 */
import { z } from 'zod';
import { DEFAULT_KUBERNETES_MINOR, KUBERNETES_MINORS } from '../../versions';
import { QUANTITY_SUFFIX } from '../resolve/quantity';

/** GPU ids of the catalogue, as written in platform files. */
export const GPU_IDS = ['H100-80GB', 'H200-141GB', 'A100-80GB', 'A100-40GB', 'L40S', 'L4', 'A10G', 'T4'] as const;
/** A GPU id of the catalogue. */
export type GpuId = (typeof GPU_IDS)[number];

/** Model ids of the catalogue, lower case as published. */
export const MODEL_IDS = [
  'llama-3.2-1b',
  'llama-3.1-8b',
  'llama-3.1-70b',
  'llama-3.1-405b',
  'mistral-7b',
  'mixtral-8x7b',
  'qwen2.5-7b',
  'qwen2.5-14b',
  'qwen2.5-32b',
  'qwen2.5-72b',
  'gemma-2-9b',
  'gemma-2-27b',
  'phi-3-mini',
] as const;
/** A model id of the catalogue. */
export type ModelId = (typeof MODEL_IDS)[number];

/** Providers a platform can target. */
export const PROVIDERS = ['eks', 'gke', 'kind'] as const;
/** A provider a platform can target. */
export type Provider = (typeof PROVIDERS)[number];

/** Inference weight / KV precisions. */
export const INFERENCE_PRECISIONS = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as const;
/** An inference precision. */
export type InferencePrecision = (typeof INFERENCE_PRECISIONS)[number];

/** Training precisions: `mixed-bf16` keeps fp32 master weights and computes in bf16. */
export const TRAINING_PRECISIONS = ['mixed-bf16', 'bf16'] as const;
/** A training precision. */
export type TrainingPrecision = (typeof TRAINING_PRECISIONS)[number];

/** Fine-tuning methods. */
export const TRAINING_METHODS = ['full', 'lora', 'qlora'] as const;
/** A fine-tuning method. */
export type TrainingMethod = (typeof TRAINING_METHODS)[number];

/** Sharding choices for training (`auto`: the least sharding that fits). */
export const SHARDINGS = ['none', 'zero1', 'zero2', 'zero3', 'auto'] as const;
/** A sharding choice. */
export type Sharding = (typeof SHARDINGS)[number];

/** Workload types. */
export const WORKLOAD_TYPES = ['inference', 'training', 'notebook', 'ray', 'batch'] as const;
/** A workload type. */
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

/** Capacity policies. */
export const CAPACITY_POLICIES = ['on-demand', 'spot', 'spot-with-fallback'] as const;
/** A capacity policy. */
export type CapacityPolicy = (typeof CAPACITY_POLICIES)[number];

/** GPU sharing policies (`auto`: the planner picks per workload). */
export const GPU_SHARING_POLICIES = ['auto', 'exclusive', 'mig', 'time-slicing'] as const;
/** A GPU sharing policy. */
export type GpuSharingPolicy = (typeof GPU_SHARING_POLICIES)[number];

/** A DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric. */
const dnsLabel = z
  .string()
  .max(40, { message: 'must be at most 40 characters (it becomes part of Kubernetes names)' })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    message: "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit",
  });

/**
 * A workload name: a DNS-1123 label that also starts with a letter, since it names Services,
 * InferenceServices and RayClusters, which the API server and the operators' webhooks require to.
 */
const workloadName = dnsLabel.regex(/^[a-z]/, {
  message: 'must start with a letter: it names Services, InferenceServices and RayClusters, which must',
});

const QUANTITY_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

/** The value of a quantity written as in the platform file (`4`, `'500m'`, `'16Gi'`), in base units. */
export function quantityValue(q: number | string): number {
  if (typeof q === 'number') return q;
  const m = QUANTITY_PATTERN.exec(q);
  return m === null ? NaN : Number(m[1]) * QUANTITY_SUFFIX[m[2] ?? '']!;
}

/**
 * Upper bounds of the quantities a replica may request: above the largest machine of any
 * catalogue (a few hundred cores, a few TiB), so a typo such as `1e9` is caught here instead of
 * being rendered into a Pod no node can ever run.
 */
export const RESOURCE_BOUNDS = {
  /** CPU cores per replica. */
  cpuCores: 1024,
  /** Memory bytes per replica (16 TiB). */
  memoryBytes: 16 * 2 ** 40,
} as const;

/** A Kubernetes quantity such as `4`, `500m`, `16Gi`, at most `max` in base units (`shown` writes the bound). */
function quantity(max: number, shown: string) {
  return z
    .union([
      z.number().positive(),
      z.string().regex(QUANTITY_PATTERN, {
        message: "must be a Kubernetes quantity such as 4, '500m' or '16Gi'",
      }),
    ])
    .refine((q) => (typeof q === 'string' && !QUANTITY_PATTERN.test(q) ? true : quantityValue(q) > 0 && quantityValue(q) <= max), {
      message: `must be above 0 and at most ${shown}`,
    });
}

/** Explicit CPU and memory per replica. */
export const ResourcesSchema = z.strictObject({
  /** CPU per replica: cores (`4`) or milli-cores (`'500m'`), at most 1024 cores. */
  cpu: quantity(RESOURCE_BOUNDS.cpuCores, `${RESOURCE_BOUNDS.cpuCores} cores`).optional(),
  /** Memory per replica (`'16Gi'`), at most 16Ti. */
  memory: quantity(RESOURCE_BOUNDS.memoryBytes, "'16Ti'").optional(),
});

/**
 * What GPU a replica needs when no model sizes it.
 *
 * `{ memoryGiB: 10 }` (the smallest slice with that memory), `{ fraction: 0.25 }` (a time-sliced
 * share), `{ count: 1, model: 'L4' }` (whole GPUs of a model), or `{ count: 1, fraction: 0.47 }`.
 */
export const GpuRequestSchema = z.strictObject({
  /** Whole GPUs per replica (default 1). */
  count: z.number().int().min(1).max(16).optional(),
  /** Share of one GPU, in (0, 1]; below 1 only with `count: 1`. */
  fraction: z.number().gt(0).max(1).optional(),
  /** GPU memory the replica needs on each GPU, GiB. */
  memoryGiB: z.number().positive().max(1024).optional(),
  /** Pin a GPU model. */
  model: z.enum(GPU_IDS).optional(),
});

/**
 * Bounds of an inline architecture: above the largest published models (a few trillion
 * parameters, vocabularies of a few hundred thousand), so every size computed from them stays a
 * finite number of bytes.
 */
export const ARCHITECTURE_BOUNDS = {
  params: 1e13,
  layers: 10_000,
  hiddenSize: 1 << 20,
  intermediateSize: 1 << 22,
  attentionHeads: 16_384,
  kvHeads: 16_384,
  headDim: 16_384,
  vocabSize: 1 << 24,
  experts: 16_384,
} as const;

const archInt = (max: number) => z.number().int().positive().max(max);

/** An inline model architecture, for models not in the catalogue. */
export const ArchitectureSchema = z.strictObject({
  params: z.number().positive().max(ARCHITECTURE_BOUNDS.params),
  layers: archInt(ARCHITECTURE_BOUNDS.layers),
  hiddenSize: archInt(ARCHITECTURE_BOUNDS.hiddenSize),
  intermediateSize: archInt(ARCHITECTURE_BOUNDS.intermediateSize),
  attentionHeads: archInt(ARCHITECTURE_BOUNDS.attentionHeads),
  kvHeads: archInt(ARCHITECTURE_BOUNDS.kvHeads),
  headDim: archInt(ARCHITECTURE_BOUNDS.headDim),
  vocabSize: archInt(ARCHITECTURE_BOUNDS.vocabSize),
  experts: archInt(ARCHITECTURE_BOUNDS.experts).optional(),
  activeExperts: archInt(ARCHITECTURE_BOUNDS.experts).optional(),
  /** Display name for reports. */
  name: z.string().optional(),
});

/** A catalogue model id or an inline architecture. */
export const ModelRefSchema = z.union([z.enum(MODEL_IDS), ArchitectureSchema]);

/**
 * A container image pinned to a tag other than `latest`, or to a digest: `:latest` and untagged
 * references move under a running platform, so two nodes may run different code and a rollback
 * has nothing to roll back to.
 */
const imageReference = z
  .string()
  .regex(/^\S+$/, { message: "must be an image reference without spaces, such as 'vllm/vllm-openai:v0.33.0'" })
  .refine((ref) => /\s/.test(ref) || /@sha256:[0-9a-f]{64}$/.test(ref) || /:[\w][\w.-]{0,127}$/.test(ref.slice(ref.lastIndexOf('/') + 1)), {
    message: "must name a tag or a digest, such as 'vllm/vllm-openai:v0.33.0' or 'repo/image@sha256:...'; an untagged reference means ':latest'",
  })
  .refine((ref) => /\s/.test(ref) || !/:latest$/.test(ref.slice(ref.lastIndexOf('/') + 1)), {
    message: "must not use the tag 'latest', which moves: pin a version tag such as 'vllm/vllm-openai:v0.33.0' or a digest",
  });

const workloadCommon = {
  /** Workload name, unique in the file. */
  name: workloadName,
  /** The team that owns it (one of `spec.teams[].name`). */
  team: dnsLabel,
  /** Replicas (workers for `ray`). */
  replicas: z.number().int().min(1).max(10000).optional(),
  /** CPU and memory per replica. */
  resources: ResourcesSchema.optional(),
  /** Spread replicas evenly across the target's zones. */
  zoneSpread: z.boolean().optional(),
  /** On kind, run on CPU instead of being rejected. */
  cpuFallback: z.boolean().optional(),
  /** Container image override. */
  image: imageReference.optional(),
};

/**
 * The program a training or batch workload runs: the container's `command` (replacing the
 * image's entrypoint) and its `args`, as Kubernetes takes them.
 */
const programFields = {
  /** Executable and its leading arguments (the container's `command`), e.g. `[torchrun, train.py]`. */
  command: z.array(z.string().min(1)).min(1).optional(),
  /** Arguments passed to the command, or to the image's entrypoint when `command` is omitted. */
  args: z.array(z.string()).min(1).optional(),
};

/** An LLM inference service. */
export const InferenceWorkloadSchema = z.strictObject({
  ...workloadCommon,
  type: z.literal('inference'),
  model: ModelRefSchema,
  precision: z.enum(INFERENCE_PRECISIONS).optional(),
  kvPrecision: z.enum(INFERENCE_PRECISIONS).optional(),
  maxContextTokens: z.number().int().min(16).max(1048576).optional(),
  concurrency: z.number().int().min(1).max(4096).optional(),
  prefillTokens: z.number().int().min(16).max(1048576).optional(),
  maxReplicas: z.number().int().min(1).max(10000).optional(),
  gpu: GpuRequestSchema.optional(),
});

/** A training or fine-tuning job. */
export const TrainingWorkloadSchema = z.strictObject({
  ...workloadCommon,
  type: z.literal('training'),
  model: ModelRefSchema,
  method: z.enum(TRAINING_METHODS).optional(),
  precision: z.enum(TRAINING_PRECISIONS).optional(),
  optimizer: z.literal('adamw').optional(),
  microBatch: z.number().int().min(1).max(1024).optional(),
  sequenceLength: z.number().int().min(16).max(1048576).optional(),
  gpus: z.number().int().min(1).max(4096).optional(),
  sharding: z.enum(SHARDINGS).optional(),
  loraRank: z.number().int().min(1).max(1024).optional(),
  gpu: GpuRequestSchema.pick({ model: true }).optional(),
  ...programFields,
});

/** Interactive notebooks. */
export const NotebookWorkloadSchema = z.strictObject({
  ...workloadCommon,
  type: z.literal('notebook'),
  gpu: GpuRequestSchema.optional(),
});

/** A Ray cluster (`replicas` workers, each with `gpu`). */
export const RayWorkloadSchema = z.strictObject({
  ...workloadCommon,
  type: z.literal('ray'),
  gpu: GpuRequestSchema.optional(),
  model: ModelRefSchema.optional(),
});

/** A generic batch job with explicit resources. */
export const BatchWorkloadSchema = z.strictObject({
  ...workloadCommon,
  type: z.literal('batch'),
  gpu: GpuRequestSchema.optional(),
  ...programFields,
});

/** Any workload, told apart by `type`. */
export const WorkloadSchema = z.discriminatedUnion('type', [
  InferenceWorkloadSchema,
  TrainingWorkloadSchema,
  NotebookWorkloadSchema,
  RayWorkloadSchema,
  BatchWorkloadSchema,
]);

/** A team: gets a namespace, a LocalQueue and a ClusterQueue. */
export const TeamSchema = z.strictObject({
  name: dnsLabel,
  /** Fair-share weight (default 1). */
  weight: z.number().positive().max(1000).optional(),
  /** Identity-provider groups bound to the team's namespace role. */
  groups: z
    .array(
      z
        .string()
        .min(1)
        .refine((g) => !g.startsWith('system:'), {
          message: "must not be a Kubernetes 'system:' group (system:authenticated holds every signed-in user, system:masters is cluster admin)",
        }),
    )
    .optional(),
});

/** Where the platform runs. */
export const TargetSchema = z.strictObject({
  provider: z.enum(PROVIDERS),
  /** Cloud region (`us-east-1`, `us-central1`); ignored on kind. */
  region: z.string().min(1).optional(),
  /** Zones of the region (default: the first two the catalogue knows). */
  zones: z.array(z.string().min(1)).min(1).optional(),
  /** Kubernetes minor version (default `DEFAULT_KUBERNETES_MINOR`), one of `KUBERNETES_MINORS`. */
  kubernetesVersion: z
    .string()
    .regex(/^1\.[0-9]+$/, { message: `must be a Kubernetes minor such as '${DEFAULT_KUBERNETES_MINOR}'` })
    .refine((v) => !/^1\.[0-9]+$/.test(v) || Object.hasOwn(KUBERNETES_MINORS, v), {
      message: `must be a Kubernetes minor the pinned stack supports: ${Object.keys(KUBERNETES_MINORS).sort().join(', ')}`,
    })
    .optional(),
});

/** Platform-wide policy. */
export const PolicySchema = z.strictObject({
  capacity: z.enum(CAPACITY_POLICIES).optional(),
  gpuSharing: z.enum(GPU_SHARING_POLICIES).optional(),
  allowedGpus: z.array(z.enum(GPU_IDS)).min(1).optional(),
});

/** A Kubernetes object name (DNS-1123 subdomain), e.g. of a Secret. */
const objectName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    message: "must be a Kubernetes object name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
  });

/** Access to Hugging Face for models whose repositories are gated. */
export const HuggingFaceSchema = z.strictObject({
  /**
   * Name of the Secret, with key `HF_TOKEN`, expected in every team namespace that serves a
   * gated model; KServe's storage-initializer downloads the weights with it.
   */
  tokenSecret: objectName,
});

/** The whole platform file. */
export const PlatformSchema = z.strictObject({
  apiVersion: z.literal('cnai.dev/v1alpha1'),
  kind: z.literal('Platform'),
  metadata: z.strictObject({ name: dnsLabel }),
  spec: z.strictObject({
    target: TargetSchema,
    policy: PolicySchema.optional(),
    /** Hugging Face access for gated models. */
    huggingFace: HuggingFaceSchema.optional(),
    teams: z.array(TeamSchema).min(1),
    workloads: z.array(WorkloadSchema),
  }),
});

/** A parsed, structurally valid platform file. */
export type PlatformSpec = z.infer<typeof PlatformSchema>;
/** One workload of a platform file. */
export type WorkloadSpec = z.infer<typeof WorkloadSchema>;
/** An inference workload. */
export type InferenceWorkloadSpec = z.infer<typeof InferenceWorkloadSchema>;
/** A training workload. */
export type TrainingWorkloadSpec = z.infer<typeof TrainingWorkloadSchema>;
/** A team of a platform file. */
export type TeamSpec = z.infer<typeof TeamSchema>;
/** An inline model architecture. */
export type ArchitectureSpec = z.infer<typeof ArchitectureSchema>;
/** A GPU request without a model. */
export type GpuRequestSpec = z.infer<typeof GpuRequestSchema>;
/** A model reference: catalogue id or inline architecture. */
export type ModelRef = z.infer<typeof ModelRefSchema>;
