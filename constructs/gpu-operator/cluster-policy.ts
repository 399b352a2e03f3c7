import { Construct } from 'constructs';
import { IMAGES } from '../../versions';
import * as nvidia from '../imports/nvidia.com';

/** Name of the singleton ClusterPolicy, as the GPU operator's chart names it. */
export const CLUSTER_POLICY_NAME = 'cluster-policy';

/** Properties for {@link GpuClusterPolicy}. */
export interface GpuClusterPolicyProps {
  /**
   * Let the operator install the NVIDIA driver. EKS AL2023 NVIDIA AMIs and GKE's installer ship
   * their own, so it stays off there.
   *
   * @default false
   */
  readonly driver?: boolean;
  /**
   * Let the operator install the NVIDIA container toolkit (off where the node image has it).
   *
   * @default false
   */
  readonly toolkit?: boolean;
  /**
   * MIG strategy: `mixed` advertises each profile as its own resource (`nvidia.com/mig-3g.40gb`).
   *
   * @default 'mixed'
   */
  readonly migStrategy?: 'mixed' | 'single';
  /**
   * The MIG manager ConfigMap (mig-parted format).
   *
   * @default - the operator generates configs from each node's hardware
   */
  readonly migConfigMap?: string;
  /**
   * The device-plugin ConfigMap holding the time-slicing configs.
   *
   * @default - no time-slicing
   */
  readonly devicePluginConfigMap?: string;
}

/** Splits `registry/path/name:tag` into the operator's repository, image and version fields. */
export function splitImage(ref: string): { repository: string; image: string; version: string } {
  const colon = ref.lastIndexOf(':');
  const slash = ref.lastIndexOf('/');
  if (colon < 0 || slash < 0 || colon < slash) {
    throw new Error(`image '${ref}' must be 'registry/path/name:tag' with an exact tag`);
  }
  return { repository: ref.slice(0, slash), image: ref.slice(slash + 1, colon), version: ref.slice(colon + 1) };
}

/**
 * The GPU operator's ClusterPolicy (`nvidia.com/v1`) with the platform's choices: mixed MIG
 * strategy, the MIG manager reading the plan's layouts (rebooting where a mode change needs it),
 * time-slicing from the plan's device-plugin ConfigMap, and the DCGM exporter (scraped through
 * `PlatformMonitors`).
 *
 * Install the chart with `clusterPolicy.deployCR: false` so this is the only ClusterPolicy.
 *
 * @see https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/getting-started.html
 */
export class GpuClusterPolicy extends Construct {
  /** The generated ClusterPolicy. */
  public readonly resource: nvidia.ClusterPolicy;

  constructor(scope: Construct, id: string, props: GpuClusterPolicyProps = {}) {
    super(scope, id);
    const driver = props.driver ?? false;
    const toolkit = props.toolkit ?? false;
    this.resource = new nvidia.ClusterPolicy(this, 'Resource', {
      metadata: { name: CLUSTER_POLICY_NAME },
      spec: {
        cdi: { enabled: true },
        daemonsets: {
          priorityClassName: 'system-node-critical',
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        },
        dcgm: { enabled: false },
        dcgmExporter: {
          enabled: true,
          ...splitImage(IMAGES.dcgmExporter),
          // PlatformMonitors renders the DCGM ServiceMonitor with the labels Prometheus selects on
          serviceMonitor: { enabled: false },
        },
        devicePlugin: {
          enabled: true,
          ...splitImage(IMAGES.devicePlugin),
          ...(props.devicePluginConfigMap ? { config: { name: props.devicePluginConfigMap, default: '' } } : {}),
        },
        driver: { enabled: driver },
        gfd: { enabled: true, ...splitImage(IMAGES.devicePlugin) },
        mig: { strategy: props.migStrategy === 'single' ? nvidia.ClusterPolicySpecMigStrategy.SINGLE : nvidia.ClusterPolicySpecMigStrategy.MIXED },
        migManager: {
          enabled: true,
          ...splitImage(IMAGES.migManager),
          ...(props.migConfigMap ? { config: { name: props.migConfigMap, default: nvidia.ClusterPolicySpecMigManagerConfigDefault.ALL_HYPHEN_DISABLED } } : {}),
          env: [{ name: 'WITH_REBOOT', value: 'true' }],
        },
        nodeStatusExporter: { enabled: false },
        operator: { defaultRuntime: 'containerd' },
        toolkit: { enabled: toolkit, ...(toolkit ? splitImage(IMAGES.containerToolkit) : {}) },
        // the validator ships inside the operator image (values.yaml@v26.7.0 `validator.image: gpu-operator`)
        validator: splitImage(IMAGES.gpuOperator),
      },
    });
  }
}
