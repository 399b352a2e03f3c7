import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels } from '../common/labels';
import { GPU_BUSY_RATIO, type GpuTelemetry } from './rules';

/** One time-series panel: a title and PromQL queries with their legends. */
export interface DashboardPanel {
  /** Panel title. */
  readonly title: string;
  /** Grafana unit of the values (`percent`, `s`, ...). */
  readonly unit: string;
  /** PromQL queries and their legends. */
  readonly queries: readonly { readonly expr: string; readonly legend: string }[];
}

/** A dashboard: a stable uid, a title and panels laid out two per row. */
export interface DashboardDefinition {
  /** Stable Grafana uid, also the ConfigMap name prefix. */
  readonly uid: string;
  /** Dashboard title. */
  readonly title: string;
  /** Panels, laid out two per row. */
  readonly panels: readonly DashboardPanel[];
}

/** The platform's dashboards: GPU fleet, quota use per team, serving latency. */
export const PLATFORM_DASHBOARDS: readonly DashboardDefinition[] = [
  {
    uid: 'cnai-gpu-fleet',
    title: 'cnai / GPU fleet',
    panels: [
      // the busy ratio exists for whole GPUs and MIG instances alike (see GPU_BUSY_RATIO)
      { title: 'GPU busy by node', unit: 'percentunit', queries: [{ expr: `avg by (Hostname) (${GPU_BUSY_RATIO})`, legend: '{{Hostname}}' }] },
      {
        title: 'GPU busy by MIG instance',
        unit: 'percentunit',
        queries: [
          {
            expr: `avg by (Hostname, gpu, GPU_I_PROFILE, GPU_I_ID) (${GPU_BUSY_RATIO}{GPU_I_ID!=""})`,
            legend: '{{Hostname}} GPU {{gpu}} {{GPU_I_PROFILE}}/{{GPU_I_ID}}',
          },
        ],
      },
      {
        title: 'GPU memory used',
        unit: 'percentunit',
        queries: [{ expr: 'sum by (Hostname) (DCGM_FI_DEV_FB_USED) / sum by (Hostname) (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)', legend: '{{Hostname}}' }],
      },
      { title: 'GPU power', unit: 'watt', queries: [{ expr: 'sum by (Hostname) (DCGM_FI_DEV_POWER_USAGE)', legend: '{{Hostname}}' }] },
      { title: 'XID errors', unit: 'none', queries: [{ expr: 'max by (Hostname, gpu) (DCGM_FI_DEV_XID_ERRORS)', legend: '{{Hostname}} GPU {{gpu}}' }] },
    ],
  },
  {
    uid: 'cnai-team-quotas',
    title: 'cnai / Quota use per team',
    panels: [
      {
        title: 'Share of nominal quota in use',
        unit: 'percentunit',
        queries: [
          {
            expr: 'sum by (cluster_queue, resource) (kueue_cluster_queue_resource_usage) / sum by (cluster_queue, resource) (kueue_cluster_queue_nominal_quota)',
            legend: '{{cluster_queue}} {{resource}}',
          },
        ],
      },
      { title: 'Pending workloads', unit: 'none', queries: [{ expr: 'sum by (cluster_queue) (kueue_pending_workloads)', legend: '{{cluster_queue}}' }] },
      {
        title: 'Admitted workloads',
        unit: 'none',
        queries: [{ expr: 'sum by (cluster_queue) (kueue_admitted_active_workloads)', legend: '{{cluster_queue}}' }],
      },
      {
        title: 'Borrowed quota',
        unit: 'none',
        queries: [{ expr: 'sum by (cluster_queue, resource) (kueue_cluster_queue_borrowing_limit)', legend: '{{cluster_queue}} {{resource}}' }],
      },
    ],
  },
  {
    uid: 'cnai-serving-latency',
    title: 'cnai / Serving latency',
    panels: [
      {
        title: 'End-to-end latency p50 / p95',
        unit: 's',
        queries: [
          { expr: 'histogram_quantile(0.5, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))', legend: '{{model_name}} p50' },
          { expr: 'histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m])))', legend: '{{model_name}} p95' },
        ],
      },
      {
        title: 'Time to first token p95',
        unit: 's',
        queries: [{ expr: 'histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:time_to_first_token_seconds_bucket[5m])))', legend: '{{model_name}}' }],
      },
      {
        title: 'Running and waiting requests',
        unit: 'none',
        queries: [
          { expr: 'sum by (model_name) (vllm:num_requests_running)', legend: '{{model_name}} running' },
          { expr: 'sum by (model_name) (vllm:num_requests_waiting)', legend: '{{model_name}} waiting' },
        ],
      },
      { title: 'KV-cache use', unit: 'percentunit', queries: [{ expr: 'avg by (model_name) (vllm:kv_cache_usage_perc)', legend: '{{model_name}}' }] },
    ],
  },
];

/**
 * The Grafana JSON model of a dashboard, with a fixed key order so the bytes never change for
 * the same definition.
 */
export function renderDashboard(def: DashboardDefinition): string {
  const panels = def.panels.map((p, i) => ({
    id: i + 1,
    type: 'timeseries',
    title: p.title,
    datasource: { type: 'prometheus', uid: 'prometheus' },
    gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
    targets: p.queries.map((q, j) => ({ refId: String.fromCharCode(65 + j), expr: q.expr, legendFormat: q.legend })),
  }));
  return JSON.stringify(
    { uid: def.uid, title: def.title, tags: ['cnai-platform'], timezone: 'utc', schemaVersion: 39, refresh: '1m', time: { from: 'now-6h', to: 'now' }, panels },
    null,
    2,
  );
}

/** Properties for {@link GrafanaDashboards}. */
export interface GrafanaDashboardsProps {
  /** Namespace Grafana's sidecar watches (kube-prometheus-stack's). */
  readonly namespace: string;
  /**
   * Dashboards to render.
   *
   * @default - PLATFORM_DASHBOARDS: GPU fleet, quota use per team, serving latency
   */
  readonly dashboards?: readonly DashboardDefinition[];
  /**
   * Where GPU metrics come from; with `none` the GPU fleet dashboard (DCGM series only) is left
   * out of the defaults.
   *
   * @default 'dcgm-exporter'
   */
  readonly gpuTelemetry?: GpuTelemetry;
}

/** Uid of the dashboard built on DCGM series. */
export const GPU_FLEET_DASHBOARD_UID = 'cnai-gpu-fleet';

/**
 * Grafana dashboards as ConfigMaps labelled `grafana_dashboard: "1"`, which kube-prometheus-stack's
 * Grafana sidecar loads.
 */
export class GrafanaDashboards extends Construct {
  /** ConfigMap names, in the order rendered. */
  public readonly configMapNames: readonly string[];

  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps) {
    super(scope, id);
    const defaults =
      (props.gpuTelemetry ?? 'dcgm-exporter') === 'dcgm-exporter' ? PLATFORM_DASHBOARDS : PLATFORM_DASHBOARDS.filter((d) => d.uid !== GPU_FLEET_DASHBOARD_UID);
    const defs = props.dashboards ?? defaults;
    const uids = new Set<string>();
    for (const d of defs) {
      if (uids.has(d.uid)) throw new Error(`dashboard uid '${d.uid}' is used twice; uids must be unique`);
      uids.add(d.uid);
    }
    this.configMapNames = defs.map((d) => `${d.uid}-dashboard`);
    for (const d of defs) {
      new k8s.KubeConfigMap(this, d.uid, {
        metadata: {
          name: `${d.uid}-dashboard`,
          namespace: props.namespace,
          labels: { ...appLabels(d.uid, 'monitoring'), grafana_dashboard: '1' },
        },
        data: { [`${d.uid}.json`]: renderDashboard(d) },
      });
    }
  }
}
