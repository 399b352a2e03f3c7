/**
 * A runtime schema of the plan contract (`planner/plan-types.ts`), used to check a plan read
 * back from a file (`cnai diff OLD.json NEW.json`) before anything is computed from it.
 *
 * Objects are loose: a plan written by a newer minor release may carry fields this one does not
 * know, and `diff` still compares what both know. Every field the diff reads is checked for its
 * kind and a sane range, so an edited or truncated plan fails with its path instead of a crash
 * or a meaningless figure (a cost of `Infinity`).
 */
import { z } from 'zod';
import { BOUND_RULES, OPTIMISER_OUTCOMES, PROSE_PLAN_VERSION, READABLE_PLAN_VERSIONS, type Plan } from './plan-types';
import { namespaceQuotasOf } from './quotas/namespace-quotas';
import { formatPath, type PathSegment, showValue } from './spec/format';
import { CAPACITY_POLICIES, PROVIDERS, WORKLOAD_TYPES } from './spec/schema';
import { valueAt } from './spec/zod-issues';

/** Most USD per hour a plan (or any part of it) may cost: far above any real fleet. */
const MAX_HOURLY_USD = 1e9;
/** Most of any count (nodes, replicas, GPUs, quota units) a plan may hold. */
const MAX_COUNT = 1e9;

const count = z.number().int().min(0).max(MAX_COUNT);
const usdPerHour = z.number().min(0).max(MAX_HOURLY_USD);
const bytes = z.number().min(0).max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1);
const sharingMode = z.enum(['exclusive', 'mig', 'time-slicing']);
const taint = z.looseObject({ key: z.string(), value: z.string(), effect: z.enum(['NoSchedule', 'NoExecute']) });

const nodePool = z.looseObject({
  name,
  basePool: name.optional(),
  provider: z.enum(PROVIDERS),
  instanceType: z.string(),
  gpuModel: z.string().nullable(),
  gpusPerNode: count,
  nodes: count,
  zones: z.array(z.string()),
  capacity: z.enum(['on-demand', 'spot']),
  hourlyCost: usdPerHour,
  sharing: z.looseObject({
    mode: sharingMode,
    migDevices: z.array(z.looseObject({ devices: z.union([z.literal('all'), z.array(count)]), profiles: z.record(z.string(), count) })).optional(),
    migConfigName: z.string().optional(),
    replicas: count.optional(),
  }),
  role: z.enum(['system', 'cpu', 'gpu']),
  labels: z.record(z.string(), z.string()),
  taints: z.array(taint),
  allocatable: z.looseObject({ cpuMilli: count, memoryBytes: bytes }),
  gpuResources: z.array(z.string()),
});

const workload = z.looseObject({
  name,
  team: z.string(),
  type: z.enum(WORKLOAD_TYPES),
  replicas: count,
  perReplica: z.looseObject({
    gpus: z.number().min(0).max(MAX_COUNT),
    gpuMemoryBytes: bytes,
    migProfile: z.string().optional(),
    cpuMilli: count,
    memoryBytes: bytes,
    gpuResource: z.looseObject({ name: z.string(), count }).optional(),
  }),
  nodePool: z.string(),
  parallelism: z.looseObject({}),
  model: z.string().optional(),
  zoneSpread: z.boolean(),
  cpuFallback: z.boolean(),
  image: z.string().optional(),
});

const placement = z.looseObject({
  workload: z.string(),
  replica: count,
  nodePool: z.string(),
  node: count,
  zone: z.string(),
  gpus: z.array(count),
  migProfile: z.string().optional(),
  share: z.number().min(0).max(1).optional(),
});

const clusterQueue = z.looseObject({
  name,
  team: z.string(),
  cohort: z.string(),
  weight: z.number().min(0).max(MAX_COUNT),
  namespace: z.string(),
  resourceGroups: z.array(
    z.looseObject({
      coveredResources: z.array(z.string()),
      flavors: z.array(
        z.looseObject({
          name,
          resources: z.array(
            z.looseObject({
              name,
              nominalQuota: z.number().min(0).max(Number.MAX_SAFE_INTEGER),
              borrowingLimit: z.number().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
              lendingLimit: z.number().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

const quotaAmount = z.number().min(0).max(Number.MAX_SAFE_INTEGER);

const namespaceQuota = z.looseObject({
  team: z.string(),
  namespace: z.string(),
  hard: z.looseObject({
    requestsCpuMilli: quotaAmount.optional(),
    requestsMemoryBytes: quotaAmount.optional(),
    limitsMemoryBytes: quotaAmount.optional(),
    requestsExtended: z.record(z.string(), quotaAmount),
  }),
});

const poolChoice = z.looseObject({ instanceType: z.string(), sharing: sharingMode, nodes: count, hourlyCost: usdPerHour });

/** A typed decision (v1alpha2 on); a v1alpha1 plan's decisions are prose records and are not compared. */
const decision = z.looseObject({
  nodePool: z.string(),
  basis: z.string(),
  chosen: poolChoice,
  runnerUp: poolChoice.optional(),
  ruledOut: z.array(
    z.looseObject({
      instanceType: z.string(),
      reasons: z.array(z.looseObject({ kind: z.string(), workload: z.string(), requested: z.number(), available: z.number() })),
    }),
  ),
  members: z.array(z.looseObject({ workloads: z.array(z.string()) })),
  repairs: z.array(z.looseObject({ kind: z.string(), from: z.string(), workloads: z.array(z.string()), savedHourly: z.number() })),
});

const typedVersions = READABLE_PLAN_VERSIONS.filter((v) => v !== PROSE_PLAN_VERSION) as [string, ...string[]];

const planFields = {
  platform: z.string(),
  provider: z.enum(PROVIDERS),
  region: z.string(),
  zones: z.array(z.string()),
  kubernetesVersion: z.string(),
  capacityPolicy: z.enum(CAPACITY_POLICIES),
  teams: z.array(z.looseObject({ name, weight: z.number().min(0).max(MAX_COUNT), namespace: z.string(), groups: z.array(z.string()) })),
  workloads: z.array(workload),
  nodePools: z.array(nodePool),
  placements: z.array(placement),
  quotas: z.looseObject({
    cohort: z.string(),
    resourceFlavors: z.array(z.looseObject({ name })),
    clusterQueues: z.array(clusterQueue),
    localQueues: z.array(z.looseObject({ name })),
    // plans written before namespace quotas were part of the contract lack them
    namespaceQuotas: z.array(namespaceQuota).optional(),
  }),
  cost: z.looseObject({
    hourly: usdPerHour,
    monthly: z
      .number()
      .min(0)
      .max(MAX_HOURLY_USD * 730),
    byTeam: z.record(z.string(), usdPerHour),
    byNodePool: z.record(z.string(), usdPerHour),
    currency: z.literal('USD'),
    // absent in plans written before v1alpha3, which `cnai diff` still reads
    method: z
      .looseObject({
        plan: z.enum(['heuristic', 'optimiser']),
        optimiser: z.enum(OPTIMISER_OUTCOMES),
        bound: z.enum(['column-generation', 'kind-totals', 'volume']),
        boundConverged: z.boolean().optional(),
        provenOptimal: z.boolean().optional(),
        scope: z.literal('guidance').optional(),
      })
      .optional(),
    boundAssumes: z.looseObject({ honours: z.array(z.enum(BOUND_RULES)), relaxes: z.array(z.enum(BOUND_RULES)) }).optional(),
  }),
  search: z
    .looseObject({
      gpuModels: z.array(z.string()),
      sharing: z.string(),
      capacityPolicy: z.enum(CAPACITY_POLICIES),
      candidates: count,
      exhaustive: z.boolean(),
      unrestrictedHourly: usdPerHour.optional(),
    })
    .optional(),
  stability: z.looseObject({ outcome: z.enum(['kept-previous', 'replanned']) }).optional(),
};

/**
 * The plan contract as a zod schema (loose objects: unknown extra fields are kept), by version:
 * v1alpha1 wrote decisions and warnings as prose (read, never compared); later versions as typed
 * records, which `cnai diff` compares.
 */
export const PlanSchema = z.discriminatedUnion('apiVersion', [
  z.looseObject({ ...planFields, apiVersion: z.literal(PROSE_PLAN_VERSION), warnings: z.array(z.string()) }),
  z.looseObject({ ...planFields, apiVersion: z.enum(typedVersions), decisions: z.array(decision), warnings: z.array(z.looseObject({ code: z.string() })) }),
]);

/** One schema violation: a dotted path into the plan and what is wrong there. */
export interface PlanSchemaIssue {
  /** The path as users read it: `nodePools[2].hourlyCost`. */
  readonly path: string;
  /** The same path as keys and indexes, to locate it in the file. */
  readonly segments: readonly PathSegment[];
  /** What is wrong, with the value received. */
  readonly message: string;
}

/**
 * Checks data read from a plan file against the plan contract. A plan written before namespace
 * quotas were part of it gets them derived from its ClusterQueues, as the planner derives them,
 * so `cnai diff` compares them with a newer plan.
 *
 * @returns the plan when it conforms, else every violation with its path
 */
export function checkPlan(data: unknown): { readonly plan: Plan } | { readonly issues: readonly PlanSchemaIssue[] } {
  const r = PlanSchema.safeParse(data);
  if (r.success) {
    const plan = data as Plan;
    if (r.data.quotas.namespaceQuotas !== undefined) return { plan };
    return { plan: { ...plan, quotas: { ...plan.quotas, namespaceQuotas: namespaceQuotasOf(plan.quotas.clusterQueues) } } };
  }
  const issues = r.error.issues.map((i) => {
    const segments = i.path.map((s) => (typeof s === 'number' ? s : String(s)));
    const value = valueAt(data, segments);
    return { path: formatPath(segments), segments, message: value === undefined ? 'missing' : `${i.message}, got ${showValue(value)}` };
  });
  return { issues: issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0)) };
}
