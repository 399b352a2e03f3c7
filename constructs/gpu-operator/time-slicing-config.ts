import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { stringify } from 'yaml';
import { appLabels } from '../common/labels';

/** Default name of the device-plugin ConfigMap. */
export const DEVICE_PLUGIN_CONFIG_MAP_NAME = 'cnai-time-slicing';

/** Time-slicing of one named config. */
export interface TimeSlicingShare {
  /** Shared replicas advertised per physical device. */
  readonly replicas: number;
  /**
   * Resource that is shared.
   *
   * @default 'nvidia.com/gpu'
   */
  readonly resource?: string;
}

/**
 * One device-plugin config file: time-slicing with `renameByDefault` (pods then request
 * `nvidia.com/gpu.shared`, so shared and whole GPUs never mix) and
 * `failRequestsGreaterThanOne` (a pod asking for two shares would get no more compute).
 *
 * @throws Error when replicas is not a whole number >= 2
 * @see https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/gpu-sharing.html
 */
export function renderTimeSlicingConfig(share: TimeSlicingShare): string {
  if (!Number.isInteger(share.replicas) || share.replicas < 2) {
    throw new Error(`time-slicing replicas must be a whole number >= 2, got ${share.replicas}`);
  }
  return stringify(
    {
      version: 'v1',
      flags: { migStrategy: 'mixed' },
      sharing: {
        timeSlicing: {
          renameByDefault: true,
          failRequestsGreaterThanOne: true,
          resources: [{ name: share.resource ?? 'nvidia.com/gpu', replicas: share.replicas }],
        },
      },
    },
    { sortMapEntries: true },
  );
}

/** Properties for {@link TimeSlicingConfig}. */
export interface TimeSlicingConfigProps {
  /** Namespace of the GPU operator. */
  readonly namespace: string;
  /**
   * Name of the ConfigMap; the ClusterPolicy's `devicePlugin.config.name`.
   *
   * @default 'cnai-time-slicing'
   */
  readonly name?: string;
  /** Shares by config name; nodes pick one with the `nvidia.com/device-plugin.config` label. */
  readonly configs: Readonly<Record<string, TimeSlicingShare>>;
}

/** The GPU operator's device-plugin ConfigMap with one time-slicing config per node pool. */
export class TimeSlicingConfig extends Construct {
  /** Kubernetes name of the ConfigMap. */
  public readonly configMapName: string;
  /** The generated ConfigMap. */
  public readonly resource: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: TimeSlicingConfigProps) {
    super(scope, id);
    this.configMapName = props.name ?? DEVICE_PLUGIN_CONFIG_MAP_NAME;
    const data: Record<string, string> = {};
    for (const key of Object.keys(props.configs).sort()) data[key] = renderTimeSlicingConfig(props.configs[key]!);
    this.resource = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.configMapName, namespace: props.namespace, labels: appLabels(this.configMapName, 'gpu-operator') },
      data,
    });
  }
}
