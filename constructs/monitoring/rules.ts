import { Construct } from 'constructs';
import * as mon from '../imports/monitoring.coreos.com';
import { appLabels } from '../common/labels';

/**
 * Where GPU metrics come from, which decides whether in-cluster Prometheus has any.
 *
 * - `dcgm-exporter`: the GPU operator's DCGM exporter (EKS), scraped in-cluster.
 * - `none`: no DCGM series in-cluster: GKE exports its managed DCGM metrics to Cloud Monitoring
 *   (Managed Service for Prometheus), and kind has no GPUs.
 */
export type GpuTelemetry = 'dcgm-exporter' | 'none';

/**
 * GPU busy ratio per GPU or MIG instance. `DCGM_FI_DEV_GPU_UTIL` has no value on MIG instances;
 * the graphics-engine activity ratio does, and it is in the exporter's default collectors the
 * GPU operator uses (`etc/dcp-metrics-included.csv` of dcgm-exporter; the operator sets
 * `DCGM_EXPORTER_COLLECTORS` to it in `internal/state/dcgm_exporter.go@v26.7.0`). MIG series carry
 * `GPU_I_ID`, so instances of one GPU stay apart.
 */
export const GPU_BUSY_RATIO = 'DCGM_FI_PROF_GR_ENGINE_ACTIVE';

/** Properties for {@link GpuPlatformRules}. */
export interface GpuPlatformRulesProps {
  /** Namespace of the PrometheusRule (kube-prometheus-stack's). */
  readonly namespace: string;
  /**
   * Labels Prometheus selects rules by.
   *
   * @default - `{ release: 'kube-prometheus-stack' }`
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /**
   * Share of a GPU's framebuffer in use above which memory counts as near full.
   *
   * @default 0.95
   */
  readonly gpuMemoryFullRatio?: number;
  /**
   * Average GPU utilisation (percent) over an hour below which a provisioned GPU counts as idle.
   *
   * @default 5
   */
  readonly idleUtilizationPercent?: number;
  /**
   * How long workloads may wait in a ClusterQueue before an alert.
   *
   * @default '30m'
   */
  readonly pendingFor?: string;
  /**
   * Inference p95 end-to-end latency above which an alert fires, seconds.
   *
   * @default 10
   */
  readonly inferenceP95Seconds?: number;
  /**
   * Where GPU metrics come from; with `none` the DCGM alerts are left out, since they would never
   * have data.
   *
   * @default 'dcgm-exporter'
   */
  readonly gpuTelemetry?: GpuTelemetry;
}

/** One alert of the rule group. */
interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'critical' | 'warning' | 'info';
  readonly summary: string;
  readonly description: string;
}

/**
 * Alerts that matter on a GPU platform (`monitoring.coreos.com/v1` PrometheusRule): XID errors,
 * GPU memory near full, provisioned GPUs idle, workloads pending in Kueue too long, and inference
 * p95 latency.
 *
 * @see https://docs.nvidia.com/deploy/xid-errors/
 */
export class GpuPlatformRules extends Construct {
  /** The alert names, in the order rendered. */
  public readonly alerts: readonly string[];
  /** The generated PrometheusRule. */
  public readonly resource: mon.PrometheusRule;

  constructor(scope: Construct, id: string, props: GpuPlatformRulesProps) {
    super(scope, id);
    const full = props.gpuMemoryFullRatio ?? 0.95;
    const idle = props.idleUtilizationPercent ?? 5;
    const p95 = props.inferenceP95Seconds ?? 10;
    if (!(full > 0 && full <= 1)) throw new Error(`gpuMemoryFullRatio must be in (0, 1], got ${full}`);
    if (!(idle >= 0 && idle <= 100)) throw new Error(`idleUtilizationPercent must be in [0, 100], got ${idle}`);
    if (!(p95 > 0)) throw new Error(`inferenceP95Seconds must be > 0, got ${p95}`);
    const dcgm: AlertRule[] = [
      {
        alert: 'GpuXidError',
        expr: 'max by (Hostname, gpu, instance) (DCGM_FI_DEV_XID_ERRORS) > 0',
        for: '0m',
        severity: 'critical',
        summary: 'GPU reported an XID error',
        description: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }} reported XID {{ $value }}; check the node and drain it if the error repeats.',
      },
      {
        alert: 'GpuMemoryNearlyFull',
        expr: `max by (Hostname, gpu, instance) (DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)) > ${full}`,
        for: '15m',
        severity: 'warning',
        summary: 'GPU memory nearly full',
        description: `GPU {{ $labels.gpu }} on {{ $labels.Hostname }} has used over ${full * 100}% of its memory for 15 minutes; out-of-memory errors are likely.`,
      },
      {
        alert: 'GpuProvisionedIdle',
        expr: `avg by (Hostname, gpu, GPU_I_ID, instance) (avg_over_time(${GPU_BUSY_RATIO}[1h])) * 100 < ${idle}`,
        for: '1h',
        severity: 'info',
        summary: 'Provisioned GPU is idle',
        description: `GPU {{ $labels.gpu }} (MIG instance {{ $labels.GPU_I_ID }}) on {{ $labels.Hostname }} was busy under ${idle}% of the time for two hours; the plan may over-provision.`,
      },
    ];
    const rules: AlertRule[] = [
      ...((props.gpuTelemetry ?? 'dcgm-exporter') === 'dcgm-exporter' ? dcgm : []),
      {
        alert: 'KueueWorkloadsPendingTooLong',
        expr: 'sum by (cluster_queue) (kueue_pending_workloads) > 0',
        for: props.pendingFor ?? '30m',
        severity: 'warning',
        summary: 'Workloads pending in Kueue',
        description: `ClusterQueue {{ $labels.cluster_queue }} has had {{ $value }} pending workloads for ${props.pendingFor ?? '30m'}; its quota or the cohort is exhausted.`,
      },
      {
        alert: 'InferenceP95LatencyHigh',
        expr: `histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > ${p95}`,
        for: '10m',
        severity: 'warning',
        summary: 'Inference p95 latency high',
        description: `Model {{ $labels.model_name }} in {{ $labels.namespace }} has a p95 end-to-end latency of {{ $value }}s, above ${p95}s; add replicas or lower concurrency.`,
      },
    ];
    this.alerts = rules.map((r) => r.alert);
    this.resource = new mon.PrometheusRule(this, 'Resource', {
      metadata: {
        name: 'cnai-gpu-platform',
        namespace: props.namespace,
        labels: { ...appLabels('cnai-gpu-platform', 'monitoring'), ...(props.selectorLabels ?? { release: 'kube-prometheus-stack' }) },
      },
      spec: {
        groups: [
          {
            name: 'cnai-gpu-platform',
            rules: rules.map((r) => ({
              alert: r.alert,
              expr: mon.PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
              for: r.for,
              labels: { severity: r.severity },
              annotations: { summary: r.summary, description: r.description },
            })),
          },
        ],
      },
    });
  }
}
