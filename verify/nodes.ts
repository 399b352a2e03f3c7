/**
 * The nodes a deployment creates, read from the same pure settings functions the Pulumi
 * components use (EKS node groups, GKE node pools, the kind configuration), with GPU extended
 * resources derived from the rendered GPU-operator objects. Never from the planner's packing.
 */
import { EKS_DEFAULT_STORAGE_CLASS } from '../components/aws/cluster-facts';
import { EKS_SYSTEM_NODE_GROUP, eksZoneNodeGroups, splitOverZones } from '../components/aws/node-group-settings';
import { gkeNodePoolSettings } from '../components/gcp/node-pool-settings';
import { kindClusterConfig } from '../components/kind/kind-config';
import type { ManifestObject } from '../constructs/platform/render';
import { gpuModel } from '../planner/catalogue/gpus';
import { instanceType } from '../planner/catalogue/instance-types';
import { allocatableOf, MAX_PODS_PER_NODE } from '../planner/packing/allocatable';
import type { NodePoolPlan, Plan } from '../planner/plan-types';
import { parse } from 'yaml';
import type { NodeModel, NodeTaint, StorageClassModel, TargetCluster } from './model';

/** Zone label every cloud node carries (kubelet `topology.kubernetes.io/zone`). */
const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** The node label the GPU operator's MIG manager reads the layout name from. */
const MIG_CONFIG_LABEL = 'nvidia.com/mig.config';
/** The node label the device plugin's config manager reads the config key from. */
const DEVICE_PLUGIN_CONFIG_LABEL = 'nvidia.com/device-plugin.config';
/** GKE's node-pool label (set by GKE on every node). */
const GKE_NODEPOOL_LABEL = 'cloud.google.com/gke-nodepool';

/**
 * StorageClasses each target has before anything of ours is applied.
 *
 * kind: its `standard` class (rancher local-path provisioner), the default. GKE: `standard-rwo`
 * (pd-balanced through the Compute Engine PD CSI driver, default), `standard` and `premium-rwo`.
 * EKS: the stack's default `gp3` class (the `aws-ebs-csi-driver` add-on provisions it, see
 * `components/aws/cluster-addons.ts`) beside the `gp2` class that EKS leaves without the default
 * annotation on clusters created on 1.30 or later and without a CSI driver behind it.
 *
 * UNVERIFIED offline: the EKS 1.30 change to `gp2` and GKE's class names follow the providers'
 * documentation as cited below; a documentation search confirmed neither page's wording (searched
 * again 2026-12-01 for `standard-rwo`/`premium-rwo`: only GKE multi-cloud pages, whose classes
 * are Azure and AWS disks, came back), and no cluster was available to list its StorageClasses.
 *
 * @see https://kind.sigs.k8s.io/docs/user/configuration/ (the default `standard` StorageClass)
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/persistent-volumes#storageclasses
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-extended.html (1.30: gp2 no longer default)
 */
export const TARGET_STORAGE_CLASSES: Readonly<Record<TargetCluster['provider'], readonly StorageClassModel[]>> = {
  kind: [{ name: 'standard', isDefault: true, provisioned: true }],
  gke: [
    { name: 'premium-rwo', isDefault: false, provisioned: true },
    { name: 'standard', isDefault: false, provisioned: true },
    { name: 'standard-rwo', isDefault: true, provisioned: true },
  ],
  eks: [
    { name: EKS_DEFAULT_STORAGE_CLASS, isDefault: true, provisioned: true },
    { name: 'gp2', isDefault: false, provisioned: false },
  ],
};

/** Options of {@link targetCluster} that change the nodes. */
export interface TargetNodeOptions {
  /**
   * Instance type of the EKS system node group when the plan has no `system` pool.
   *
   * @default - the EKS component's default
   */
  readonly systemInstanceType?: string;
  /**
   * Nodes of that group.
   *
   * @default - the EKS component's default
   */
  readonly systemNodes?: number;
}

/**
 * The nodes and StorageClasses of the cluster a plan deploys to.
 *
 * @param objects every rendered object (the GPU operator's ConfigMaps and ClusterPolicy decide
 *   which GPU resources EKS nodes advertise)
 */
export function targetCluster(plan: Plan, objects: readonly ManifestObject[], options: TargetNodeOptions = {}): TargetCluster {
  switch (plan.provider) {
    case 'kind':
      return { provider: 'kind', nodes: kindNodes(plan), storageClasses: TARGET_STORAGE_CLASSES.kind };
    case 'eks':
      return { provider: 'eks', nodes: eksNodes(plan, objects, options), storageClasses: TARGET_STORAGE_CLASSES.eks };
    case 'gke':
      return { provider: 'gke', nodes: gkeNodes(plan), storageClasses: TARGET_STORAGE_CLASSES.gke };
  }
}

/**
 * kind: the nodes of `kindClusterConfig(plan)`. The control plane carries kubeadm's
 * `node-role.kubernetes.io/control-plane:NoSchedule` taint; no node has a zone label. A kind node
 * offers the host machine's CPU and memory, which are not known offline, so CPU and memory are
 * left unbounded and only labels, taints, quotas and claims are checked.
 */
function kindNodes(plan: Plan): NodeModel[] {
  const config = kindClusterConfig(plan);
  let worker = 0;
  return config.nodes.map((n): NodeModel => {
    const name = n.role === 'control-plane' ? `${config.name}-control-plane` : `${config.name}-worker${worker++ === 0 ? '' : worker}`;
    const unbounded = { cpu: Number.POSITIVE_INFINITY, memory: Number.POSITIVE_INFINITY, pods: MAX_PODS_PER_NODE };
    if (n.role === 'control-plane') {
      return {
        name,
        pool: 'control-plane',
        labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/control-plane': '' },
        taints: [{ key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' }],
        allocatable: unbounded,
      };
    }
    return {
      name,
      pool: n.labels?.['cnai.dev/node-pool'] ?? 'worker',
      labels: { ...n.labels, 'kubernetes.io/hostname': name },
      taints: [],
      allocatable: unbounded,
    };
  });
}

/** CPU, memory and pods of one node of an instance type, after the documented reservations. */
function baseAllocatable(provider: 'eks' | 'gke', type: string): Record<string, number> {
  const a = allocatableOf(instanceType(provider, type));
  return { cpu: a.cpuMilli, memory: a.memoryBytes, pods: MAX_PODS_PER_NODE };
}

/**
 * EKS: one managed node group per pool and zone (`eksZoneNodeGroups`), plus the component's own
 * system groups when the plan has no system pool. A node's zone label is the zone its group's
 * subnet is in; on a plan by zone ID the real label holds that zone's name, one to one with the
 * ID, so zone spreading is judged the same.
 */
function eksNodes(plan: Plan, objects: readonly ManifestObject[], options: TargetNodeOptions): NodeModel[] {
  const gpu = gpuOperatorConfig(objects);
  const nodes: NodeModel[] = [];
  const pools = [...plan.nodePools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!pools.some((p) => p.role === 'system')) {
    const type = options.systemInstanceType ?? EKS_SYSTEM_NODE_GROUP.instanceType;
    const count = options.systemNodes ?? EKS_SYSTEM_NODE_GROUP.nodes;
    const allocatable = baseAllocatable('eks', type);
    let i = 0;
    for (const z of splitOverZones(count, [...plan.zones].sort())) {
      for (let n = 0; n < z.nodes; n++, i++) {
        nodes.push({
          name: `system-${i}`,
          pool: 'system',
          labels: { ...EKS_SYSTEM_NODE_GROUP.labels, [ZONE_LABEL]: z.zone, 'node.kubernetes.io/instance-type': type },
          taints: [],
          allocatable,
        });
      }
    }
  }
  for (const pool of pools) {
    let i = 0;
    for (const g of eksZoneNodeGroups(pool, plan.placements)) {
      const s = g.settings;
      const type = s.instanceTypes[0]!;
      const taints: NodeTaint[] = s.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect === 'NO_EXECUTE' ? 'NoExecute' : 'NoSchedule' }));
      // every node of a group has the same labels but its zone, so the same allocatable
      const allocatable = { ...baseAllocatable('eks', type), ...eksGpuResources(pool, s.labels, gpu) };
      for (let n = 0; n < s.scalingConfig.desiredSize; n++, i++) {
        nodes.push({
          name: `${pool.name}-${i}`,
          pool: pool.name,
          labels: { ...s.labels, [ZONE_LABEL]: g.zone, 'node.kubernetes.io/instance-type': type },
          taints,
          allocatable,
        });
      }
    }
  }
  return nodes;
}

/** The GPU operator's rendered configuration: mig-parted layouts and device-plugin configs by name. */
interface GpuOperatorConfig {
  /** mig-parted config name to `mig-devices` entries. */
  readonly migConfigs: ReadonlyMap<string, readonly { devices: 'all' | readonly number[]; profiles: Readonly<Record<string, number>> }[]>;
  /** Whether the ClusterPolicy gives the device plugin a config ConfigMap (its config manager then reads the node label). */
  readonly devicePluginConfigured: boolean;
  /** Keys of that ConfigMap. */
  readonly devicePluginKeys: ReadonlySet<string>;
  /** device-plugin config key to its time-slicing settings. */
  readonly devicePluginConfigs: ReadonlyMap<string, { readonly replicas: number; readonly resource: string; readonly rename: string }>;
}

/**
 * Reads the ConfigMaps the ClusterPolicy points the MIG manager and the device plugin at. A config
 * that the ClusterPolicy does not reference is never read by the operator, so it is ignored here too.
 */
function gpuOperatorConfig(objects: readonly ManifestObject[]): GpuOperatorConfig {
  const policy = objects.find((o) => o.kind === 'ClusterPolicy');
  const spec = (policy?.['spec'] ?? {}) as { migManager?: { config?: { name?: string } }; devicePlugin?: { config?: { name?: string } } };
  const configMap = (name: string | undefined): Record<string, string> | undefined =>
    name === undefined ? undefined : (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)?.['data'] as Record<string, string> | undefined);
  const migConfigs = new Map<string, { devices: 'all' | number[]; profiles: Record<string, number> }[]>();
  const migData = configMap(spec.migManager?.config?.name);
  if (migData?.['config.yaml'] !== undefined) {
    const parsed = parse(migData['config.yaml']) as {
      'mig-configs'?: Record<string, { devices: 'all' | number[]; 'mig-enabled': boolean; 'mig-devices'?: Record<string, number> }[]>;
    };
    for (const [name, groups] of Object.entries(parsed['mig-configs'] ?? {})) {
      migConfigs.set(
        name,
        groups.filter((g) => g['mig-enabled']).map((g) => ({ devices: g.devices, profiles: g['mig-devices'] ?? {} })),
      );
    }
  }
  const devicePluginConfigs = new Map<string, { replicas: number; resource: string; rename: string }>();
  const pluginData = configMap(spec.devicePlugin?.config?.name) ?? {};
  for (const [key, text] of Object.entries(pluginData)) {
    const c = parse(text) as { sharing?: { timeSlicing?: { renameByDefault?: boolean; resources?: { name: string; replicas: number; rename?: string }[] } } };
    const ts = c.sharing?.timeSlicing;
    const r = ts?.resources?.[0];
    if (!ts || !r) continue;
    // k8s-device-plugin api/config/v1/replicas.go@v0.20.0: renameByDefault renames <name> to <name>.shared
    const rename = r.rename ?? (ts.renameByDefault ? `${r.name}.shared` : r.name);
    devicePluginConfigs.set(key, { replicas: r.replicas, resource: r.name, rename });
  }
  return {
    migConfigs,
    devicePluginConfigured: spec.devicePlugin?.config?.name !== undefined,
    devicePluginKeys: new Set(Object.keys(pluginData)),
    devicePluginConfigs,
  };
}

/**
 * GPU extended resources of an EKS GPU node, as the GPU operator advertises them.
 *
 * MIG (mixed strategy): the node's `nvidia.com/mig.config` label names a mig-parted layout; each
 * GPU the layout covers advertises its instances as `nvidia.com/mig-<profile>`
 * (k8s-device-plugin internal/rm/rm.go@v0.20.0), uncovered GPUs stay `nvidia.com/gpu`.
 * Time-slicing: `nvidia.com/device-plugin.config` names a config whose replicas multiply each GPU,
 * renamed to `nvidia.com/gpu.shared`. Otherwise each GPU is one `nvidia.com/gpu`: the operator
 * starts the device plugin's config manager with `FALLBACK_STRATEGIES=empty`
 * (controllers/object_controls.go@v26.7.0), so an unlabelled node gets the empty config. A label
 * naming a key the ConfigMap lacks stops the config manager ("specified config does not exist",
 * cmd/config-manager/main.go `updateConfigName`@v0.20.0), and the node advertises no GPU at all.
 */
function eksGpuResources(pool: NodePoolPlan, labels: Readonly<Record<string, string>>, gpu: GpuOperatorConfig): Record<string, number> {
  const gpus = instanceType('eks', pool.instanceType).gpus;
  if (gpus === 0) return {};
  const out: Record<string, number> = {};
  const add = (name: string, n: number): void => {
    if (n > 0) out[name] = (out[name] ?? 0) + n;
  };
  const mig = labels[MIG_CONFIG_LABEL] !== undefined ? gpu.migConfigs.get(labels[MIG_CONFIG_LABEL]) : undefined;
  if (mig) {
    let whole = gpus;
    const covered = new Set<number>();
    for (const g of mig) {
      const indices = g.devices === 'all' ? Array.from({ length: gpus }, (_, i) => i) : g.devices.filter((i) => i < gpus);
      for (const i of indices) {
        if (covered.has(i)) continue;
        covered.add(i);
        whole--;
        for (const [profile, count] of Object.entries(g.profiles)) add(`nvidia.com/mig-${profile}`, count);
      }
    }
    add('nvidia.com/gpu', whole);
    return out;
  }
  const pluginLabel = labels[DEVICE_PLUGIN_CONFIG_LABEL];
  if (pluginLabel !== undefined && gpu.devicePluginConfigured && !gpu.devicePluginKeys.has(pluginLabel)) return {};
  const shared = pluginLabel !== undefined && gpu.devicePluginConfigured ? gpu.devicePluginConfigs.get(pluginLabel) : undefined;
  if (shared) {
    add(shared.rename, gpus * shared.replicas);
    return out;
  }
  add('nvidia.com/gpu', gpus);
  return out;
}

/**
 * GKE: one node pool per plan pool (`gkeNodePoolSettings`), `nodeCount` nodes in each of its
 * `nodeLocations` (or the autoscaler's fixed total, balanced over them). GKE adds its own labels
 * (`cloud.google.com/gke-nodepool`, `-accelerator`, `-gpu-partition-size`, `-spot`, the zone) and,
 * on GPU pools of a cluster that also has CPU pools, the `nvidia.com/gpu=present:NoSchedule`
 * taint. Its device plugin advertises every MIG partition and every time-shared client as one
 * `nvidia.com/gpu`. UNVERIFIED offline: these GKE behaviours follow the GKE guides cited below and
 * the node-pool settings' own comments; no GKE cluster was available to read a node's labels,
 * taints and allocatable, and the guides' taint sentence was not found in the stored pages.
 *
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus-multi (partitions as nvidia.com/gpu)
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/timesharing-gpus
 */
function gkeNodes(plan: Plan): NodeModel[] {
  const pools = [...plan.nodePools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const hasCpuPool = pools.some((p) => p.gpuModel === null);
  const nodes: NodeModel[] = [];
  pools.forEach((pool) => {
    const s = gkeNodePoolSettings(pool, 'DEFAULT', `plan.nodePools(${pool.name})`);
    const acc = s.guestAccelerators[0];
    const gkeLabels: Record<string, string> = { [GKE_NODEPOOL_LABEL]: pool.name, 'node.kubernetes.io/instance-type': s.machineType };
    if (s.spot) gkeLabels['cloud.google.com/gke-spot'] = 'true';
    const gpuRes: Record<string, number> = {};
    const taints: NodeTaint[] = s.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect === 'NO_EXECUTE' ? 'NoExecute' : 'NoSchedule' }));
    if (acc) {
      gkeLabels['cloud.google.com/gke-accelerator'] = acc.type;
      let perGpu = 1;
      if (acc.gpuPartitionSize !== undefined) {
        gkeLabels['cloud.google.com/gke-gpu-partition-size'] = acc.gpuPartitionSize;
        const profile = gpuModel(pool.gpuModel!).migProfiles.find((p) => p.name === acc.gpuPartitionSize);
        perGpu = profile?.maxPerGpu ?? 0;
      }
      if (acc.gpuSharingConfig) {
        gkeLabels['cloud.google.com/gke-gpu-sharing-strategy'] = 'time-sharing';
        gkeLabels['cloud.google.com/gke-max-shared-clients-per-gpu'] = String(acc.gpuSharingConfig.maxSharedClientsPerGpu);
        perGpu = acc.gpuSharingConfig.maxSharedClientsPerGpu;
      }
      gpuRes['nvidia.com/gpu'] = acc.count * perGpu;
      if (hasCpuPool && !taints.some((t) => t.key === 'nvidia.com/gpu')) taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
    }
    const allocatable = { ...baseAllocatable('gke', s.machineType), ...gpuRes };
    // each part of the pool has nodeCount nodes in every one of its zones
    let i = 0;
    for (const part of s.parts) {
      for (const zone of part.nodeLocations) {
        for (let k = 0; k < part.nodeCount; k++, i++) {
          nodes.push({ name: `${pool.name}-${i}`, pool: pool.name, labels: { ...s.labels, ...gkeLabels, [ZONE_LABEL]: zone }, taints, allocatable });
        }
      }
    }
  });
  return nodes;
}
