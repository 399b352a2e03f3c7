/**
 * GPU operator configuration: mig-parted layouts, time-slicing, ClusterPolicy.
 */
import { parse } from 'yaml';
import { GpuClusterPolicy, splitImage } from '../../constructs/gpu-operator/cluster-policy';
import { renderMigPartedConfig } from '../../constructs/gpu-operator/mig-config';
import { renderTimeSlicingConfig } from '../../constructs/gpu-operator/time-slicing-config';
import { renderObjects } from '../../constructs/platform/render';
import { APP_VERSIONS } from '../../versions';
import { fixturePlan } from './fixtures/plan';
import { find, loose, synth, testChart } from './helpers/objects';

describe('mig-parted config', () => {
  it('renders version v1, mig-configs with all-disabled, and each layout with sorted devices and profiles', () => {
    const text = renderMigPartedConfig({
      'cnai-h100-mixed': [
        { devices: [3, 1], profiles: { '3g.40gb': 1, '1g.10gb': 4 } },
        { devices: 'all', profiles: { '7g.80gb': 1 } },
      ],
    });
    expect(parse(text)).toEqual({
      version: 'v1',
      'mig-configs': {
        'all-disabled': [{ devices: 'all', 'mig-enabled': false }],
        'cnai-h100-mixed': [
          { devices: [1, 3], 'mig-enabled': true, 'mig-devices': { '1g.10gb': 4, '3g.40gb': 1 } },
          { devices: 'all', 'mig-enabled': true, 'mig-devices': { '7g.80gb': 1 } },
        ],
      },
    });
  });

  it('rejects the reserved name and bad counts', () => {
    expect(() => renderMigPartedConfig({ 'all-disabled': [{ devices: 'all', profiles: { '7g.80gb': 1 } }] })).toThrow(
      "MIG config name 'all-disabled' is reserved",
    );
    expect(() => renderMigPartedConfig({ x: [{ devices: 'all', profiles: { '3g.40gb': 0 } }] })).toThrow(
      "MIG config 'x' group 0: profile '3g.40gb' needs a whole count >= 1, got 0",
    );
  });
});

describe('time-slicing config', () => {
  it('renames shared GPUs and fails requests for more than one share', () => {
    expect(parse(renderTimeSlicingConfig({ replicas: 4 }))).toEqual({
      version: 'v1',
      flags: { migStrategy: 'mixed' },
      sharing: { timeSlicing: { renameByDefault: true, failRequestsGreaterThanOne: true, resources: [{ name: 'nvidia.com/gpu', replicas: 4 }] } },
    });
    expect(() => renderTimeSlicingConfig({ replicas: 1 })).toThrow('time-slicing replicas must be a whole number >= 2, got 1');
  });
});

describe('ClusterPolicy', () => {
  it('uses the mixed strategy, the plan configs and the pinned operand images', () => {
    const chart = testChart();
    new GpuClusterPolicy(chart, 'cp', { migConfigMap: 'cnai-mig-parted-config', devicePluginConfigMap: 'cnai-time-slicing' });
    const spec = loose(find(synth(chart), 'ClusterPolicy')['spec']);
    expect(spec.mig).toEqual({ strategy: 'mixed' });
    expect(spec.migManager.config).toEqual({ name: 'cnai-mig-parted-config', default: 'all-disabled' });
    expect(spec.devicePlugin.config).toEqual({ name: 'cnai-time-slicing', default: '' });
    expect(spec.driver).toEqual({ enabled: false });
    expect(spec.dcgmExporter.version).toBe('4.6.0-4.8.3-distroless');
  });

  it('pulls the validator from the operator image at the operator version', () => {
    // deployments/gpu-operator/values.yaml@v26.7.0: validator {repository: nvcr.io/nvidia, image: gpu-operator}, version = appVersion
    const chart = testChart();
    new GpuClusterPolicy(chart, 'cp');
    const spec = loose(find(synth(chart), 'ClusterPolicy')['spec']);
    expect(spec.validator).toEqual({ repository: 'nvcr.io/nvidia', image: 'gpu-operator', version: APP_VERSIONS.gpuOperator });
  });

  it('splits image references and refuses one without a tag', () => {
    expect(splitImage('nvcr.io/nvidia/k8s-device-plugin:v0.20.0')).toEqual({ repository: 'nvcr.io/nvidia', image: 'k8s-device-plugin', version: 'v0.20.0' });
    expect(() => splitImage('nvcr.io/nvidia/k8s-device-plugin')).toThrow("image 'nvcr.io/nvidia/k8s-device-plugin' must be 'registry/path/name:tag'");
  });
});

describe('GPU operator objects from the plan', () => {
  it("renders the plan's MIG layout under its config name and a time-slicing config per shared pool on EKS", () => {
    const objects = renderObjects(fixturePlan())['gpu-operator']!;
    const mig = parse(String(loose(find(objects, 'ConfigMap', 'cnai-mig-parted-config')['data'])['config.yaml']));
    expect(mig['mig-configs']['cnai-h100-mig']).toEqual([{ devices: 'all', 'mig-enabled': true, 'mig-devices': { '3g.40gb': 2 } }]);
    const ts = loose(find(objects, 'ConfigMap', 'cnai-time-slicing')['data']);
    expect(Object.keys(ts)).toEqual(['l4-shared']);
    expect(parse(String(ts['l4-shared'])).sharing.timeSlicing.resources).toEqual([{ name: 'nvidia.com/gpu', replicas: 4 }]);
  });

  it('renders nothing for the GPU operator on GKE (GKE manages GPUs) or kind (no GPUs)', () => {
    expect(renderObjects(fixturePlan({ provider: 'gke' }))['gpu-operator']).toBeUndefined();
    expect(renderObjects(fixturePlan({ provider: 'kind' }))['gpu-operator']).toBeUndefined();
  });
});
