import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { stringify } from 'yaml';
import type { MigDeviceGroup } from '../../planner/plan-types';
import { appLabels } from '../common/labels';

/** Default name of the MIG manager ConfigMap. */
export const MIG_CONFIG_MAP_NAME = 'cnai-mig-parted-config';

/** The config nodes without a `nvidia.com/mig.config` label get (MIG off). */
export const MIG_DISABLED_CONFIG = 'all-disabled';

/**
 * The mig-parted file (`version: v1`, `mig-configs`) for named layouts, plus `all-disabled`.
 *
 * Keys are sorted so the same layouts always give the same bytes.
 *
 * @throws Error when a layout is empty or a profile count is not a positive whole number
 * @see https://github.com/NVIDIA/mig-parted#configuration
 */
export function renderMigPartedConfig(configs: Readonly<Record<string, readonly MigDeviceGroup[]>>): string {
  const migConfigs: Record<string, unknown[]> = { [MIG_DISABLED_CONFIG]: [{ devices: 'all', 'mig-enabled': false }] };
  for (const name of Object.keys(configs).sort()) {
    if (name === MIG_DISABLED_CONFIG) {
      throw new Error(`MIG config name '${name}' is reserved for nodes without MIG; pick another name`);
    }
    const groups = configs[name]!;
    if (groups.length === 0) throw new Error(`MIG config '${name}' has no device groups`);
    migConfigs[name] = groups.map((g, i) => {
      const profiles: Record<string, number> = {};
      for (const profile of Object.keys(g.profiles).sort()) {
        const count = g.profiles[profile]!;
        if (!Number.isInteger(count) || count < 1) {
          throw new Error(`MIG config '${name}' group ${i}: profile '${profile}' needs a whole count >= 1, got ${count}`);
        }
        profiles[profile] = count;
      }
      return { devices: g.devices === 'all' ? 'all' : [...g.devices].sort((a, b) => a - b), 'mig-enabled': true, 'mig-devices': profiles };
    });
  }
  return stringify({ version: 'v1', 'mig-configs': migConfigs }, { sortMapEntries: true });
}

/** Properties for {@link MigPartedConfig}. */
export interface MigPartedConfigProps {
  /** Namespace of the GPU operator. */
  readonly namespace: string;
  /**
   * Name of the ConfigMap; the ClusterPolicy's `migManager.config.name`.
   *
   * @default 'cnai-mig-parted-config'
   */
  readonly name?: string;
  /** MIG layouts by config name; nodes pick one with the `nvidia.com/mig.config` label. */
  readonly configs: Readonly<Record<string, readonly MigDeviceGroup[]>>;
}

/**
 * The GPU operator's MIG manager ConfigMap (key `config.yaml`, mig-parted format) with the
 * plan's layouts.
 */
export class MigPartedConfig extends Construct {
  /** Kubernetes name of the ConfigMap. */
  public readonly configMapName: string;
  /** The generated ConfigMap. */
  public readonly resource: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: MigPartedConfigProps) {
    super(scope, id);
    this.configMapName = props.name ?? MIG_CONFIG_MAP_NAME;
    this.resource = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.configMapName, namespace: props.namespace, labels: appLabels(this.configMapName, 'gpu-operator') },
      data: { 'config.yaml': renderMigPartedConfig(props.configs) },
    });
  }
}
