/**
 * The Alibaba GPU trace (`openb_pod_list_default.csv`) as one platform file: every pod a batch
 * workload with its GPU share, CPU and memory, all planned at once on the EKS catalogue with
 * time-slicing allowed and GPU-model constraints ignored.
 */
import type { PlatformSpec, WorkloadSpec } from '../planner/spec/schema';

/** One pod of the trace. */
export interface TracePod {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly numGpu: number;
  readonly gpuMilli: number;
}

/** Parses the pod list CSV (header: name,cpu_milli,memory_mib,num_gpu,gpu_milli,...). */
export function parseTrace(csv: string): TracePod[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const cols = header!.split(',');
  const at = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`trace header lacks column '${name}'`);
    return i;
  };
  const [n, c, m, g, gm] = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'].map(at);
  return lines.map((l) => {
    const f = l.split(',');
    return { name: f[n!]!, cpuMilli: Number(f[c!]), memoryMiB: Number(f[m!]), numGpu: Number(f[g!]), gpuMilli: Number(f[gm!]) };
  });
}

/** GPUs a whole-GPU planner would give the trace: ⌈num_gpu × gpu_milli / 1000⌉ per pod. */
export function wholeGpuBaseline(pods: readonly TracePod[]): number {
  return pods.reduce((s, p) => s + Math.ceil((p.numGpu * p.gpuMilli) / 1000), 0);
}

/** The trace as a platform file. */
export function traceToPlatform(pods: readonly TracePod[]): PlatformSpec {
  const workloads: WorkloadSpec[] = pods.map((p) => ({
    name: p.name.toLowerCase(),
    team: 'trace',
    type: 'batch',
    resources: { cpu: `${p.cpuMilli}m`, memory: `${p.memoryMiB}Mi` },
    ...(p.numGpu > 0 ? { gpu: p.gpuMilli >= 1000 ? { count: p.numGpu } : { count: 1, fraction: (p.numGpu * p.gpuMilli) / 1000 } } : {}),
  }));
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: 'alibaba-trace' },
    spec: {
      target: { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      policy: { capacity: 'on-demand', gpuSharing: 'time-slicing' },
      teams: [{ name: 'trace' }],
      workloads,
    },
  };
}
