import { Construct } from 'constructs';
import * as mon from '../imports/monitoring.coreos.com';
import { appLabels } from '../common/labels';

/** Where each scraped component runs. */
export interface MonitoredNamespaces {
  /** Namespace of the GPU operator (DCGM exporter). */
  readonly gpuOperator?: string;
  /** Namespace of the MLflow tracking server. */
  readonly mlflow: string;
  /** Team namespaces running inference and Ray pods. */
  readonly teams: readonly string[];
}

/** Properties for {@link PlatformMonitors}. */
export interface PlatformMonitorsProps {
  /** Namespace the monitors live in (kube-prometheus-stack's). */
  readonly namespace: string;
  /** Namespaces of the scraped components. */
  readonly targets: MonitoredNamespaces;
  /**
   * Labels Prometheus selects monitors by; kube-prometheus-stack selects `release: <release name>`.
   *
   * @default - `{ release: 'kube-prometheus-stack' }`
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /**
   * Scrape interval.
   *
   * @default '30s'
   */
  readonly interval?: string;
}

/**
 * Prometheus scrape configuration for the stack (`monitoring.coreos.com/v1`): ServiceMonitors for
 * the DCGM exporter (15 s, GPU state changes fast) and MLflow, PodMonitors for vLLM (KServe) and
 * Ray pods in the team namespaces.
 *
 * Kueue is not here: its chart's own ServiceMonitor (`enablePrometheus: true`,
 * `charts/kueue/templates/prometheus/monitor.yaml@v0.19.2`) scrapes the metrics Service, with the
 * RBAC that lets Prometheus read it; a second one would scrape every series twice.
 *
 * @see https://prometheus-operator.dev/docs/developer/getting-started/
 */
export class PlatformMonitors extends Construct {
  /** Effective selector labels. */
  public readonly selectorLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PlatformMonitorsProps) {
    super(scope, id);
    this.selectorLabels = props.selectorLabels ?? { release: 'kube-prometheus-stack' };
    const interval = props.interval ?? '30s';
    const meta = (name: string) => ({ name, namespace: props.namespace, labels: { ...appLabels(name, 'monitoring'), ...this.selectorLabels } });
    const teams = [...props.targets.teams].sort();
    if (props.targets.gpuOperator) {
      new mon.ServiceMonitor(this, 'Dcgm', {
        metadata: meta('cnai-dcgm-exporter'),
        spec: {
          namespaceSelector: { matchNames: [props.targets.gpuOperator] },
          selector: { matchLabels: { app: 'nvidia-dcgm-exporter' } },
          endpoints: [
            {
              port: 'gpu-metrics',
              interval: '15s',
              relabelings: [
                {
                  action: mon.ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE,
                  sourceLabels: ['__meta_kubernetes_pod_node_name'],
                  targetLabel: 'instance',
                },
              ],
            },
          ],
        },
      });
    }
    new mon.ServiceMonitor(this, 'Mlflow', {
      metadata: meta('cnai-mlflow'),
      spec: {
        namespaceSelector: { matchNames: [props.targets.mlflow] },
        selector: { matchLabels: { 'app.kubernetes.io/component': 'tracking-server' } },
        endpoints: [{ port: 'http', path: '/metrics', interval }],
      },
    });
    if (teams.length > 0) {
      new mon.PodMonitor(this, 'Vllm', {
        metadata: meta('cnai-vllm'),
        spec: {
          namespaceSelector: { matchNames: teams },
          selector: { matchLabels: { 'app.kubernetes.io/component': 'inference' } },
          podMetricsEndpoints: [{ portNumber: 8080, path: '/metrics', interval }],
        },
      });
      new mon.PodMonitor(this, 'Ray', {
        metadata: meta('cnai-ray'),
        spec: {
          namespaceSelector: { matchNames: teams },
          selector: { matchLabels: { 'app.kubernetes.io/component': 'ray' } },
          podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval }],
        },
      });
    }
  }
}
