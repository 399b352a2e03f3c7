import { GrafanaDashboards, PLATFORM_DASHBOARDS } from '../../constructs/monitoring/dashboards';
import { GPU_BUSY_RATIO, GpuPlatformRules } from '../../constructs/monitoring/rules';
import { find, loose, synth, testChart } from './helpers/objects';

describe('GPU telemetry per provider', () => {
  // dcgm-exporter etc/dcp-metrics-included.csv (the GPU operator's default collectors, internal/state/dcgm_exporter.go@v26.7.0)
  // has DCGM_FI_PROF_GR_ENGINE_ACTIVE, which MIG instances report; DCGM_FI_DEV_GPU_UTIL has no value on them.
  it('measures GPU idleness with the graphics-engine busy ratio, per MIG instance', () => {
    const chart = testChart();
    new GpuPlatformRules(chart, 'r', { namespace: 'monitoring', idleUtilizationPercent: 5 });
    const rules = loose(find(synth(chart), 'PrometheusRule')['spec']).groups[0]!.rules as unknown as { alert: string; expr: string }[];
    const idle = rules.find((r) => r.alert === 'GpuProvisionedIdle')!;
    expect(idle.expr).toBe('avg by (Hostname, gpu, GPU_I_ID, instance) (avg_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE[1h])) * 100 < 5');
    const fleet = JSON.stringify(PLATFORM_DASHBOARDS.find((d) => d.uid === 'cnai-gpu-fleet'));
    expect(fleet).toContain(GPU_BUSY_RATIO);
    expect(fleet).not.toContain('DCGM_FI_DEV_GPU_UTIL');
  });

  // GKE "Collect and view DCGM metrics": managed DCGM metrics go to Cloud Monitoring, not to in-cluster Prometheus.
  it('leaves out DCGM alerts and the GPU fleet dashboard where in-cluster Prometheus has no DCGM series', () => {
    const chart = testChart();
    const rules = new GpuPlatformRules(chart, 'r', { namespace: 'monitoring', gpuTelemetry: 'none' });
    expect(rules.alerts).toEqual(['KueueWorkloadsPendingTooLong', 'InferenceP95LatencyHigh']);
    const d = new GrafanaDashboards(chart, 'd', { namespace: 'monitoring', gpuTelemetry: 'none' });
    expect(d.configMapNames).toEqual(['cnai-team-quotas-dashboard', 'cnai-serving-latency-dashboard']);
    expect(new GpuPlatformRules(testChart(), 'e', { namespace: 'monitoring' }).alerts).toContain('GpuXidError');
  });
});
