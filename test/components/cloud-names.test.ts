/**
 * Names the clouds accept for objects named after pools: the longest pool names the planner can
 * produce, dotted names, and component names with characters a cloud refuses.
 */
import {
  EC2_LAUNCH_TEMPLATE_NAME,
  EKS_NODE_GROUP_NAME,
  GKE_NODE_POOL_NAME,
  nameClash,
  nameWithin,
  satisfies,
  type NameRule,
} from '../../components/cloud-names';
import { eksLaunchTemplateResourceName, eksNodeGroupResourceName } from '../../components/aws/node-group-settings';
import { gkeNodePoolResourceName } from '../../components/gcp/node-pool-settings';
import { gpuModel, instanceTypes, REGIONS } from '../../planner/catalogue';
import { instanceTypeSuffix } from '../../planner/optimise/optimise';
import { migConfigName, poolName } from '../../planner/pools/pool-key';

/** What the cloud receives once Pulumi appends `-` and seven hex characters. */
const autoNamed = (logical: string): string => `${logical}-0a1b2c3`;

// @pulumi/aws 7.48.0 eks/nodeGroup.d.ts (nodeGroupName); EC2 API reference LaunchTemplate.launchTemplateName;
// GKE node pools: [a-z]([-a-z0-9]{0,38}[a-z0-9])? (pulumi/pulumi-gcp#1510)
const CLOUD_PATTERNS: readonly [NameRule, RegExp][] = [
  [EKS_NODE_GROUP_NAME, /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/],
  [EC2_LAUNCH_TEMPLATE_NAME, /^[A-Za-z0-9().\-/_]{3,128}$/],
  [GKE_NODE_POOL_NAME, /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/],
];

/** Component names: short, the one `CnaiPlatform` gives, with characters a cloud refuses, and the longest EKS allows. */
const COMPONENTS = ['prod', 'acme-ml-cluster', 'Platform_Team-A', 'a'.repeat(99)];
/** Pool names with a dot, as a plan written by hand may hold. */
const DOTTED = ['gpu-l4-whole-g6.2xlarge', 'gpu-h100-80gb-whole-p5.48xlarge'];

/** Every pool name the planner can give on a provider, the optimiser's instance-type suffix included. */
function everyPoolName(...providers: ('eks' | 'gke')[]): string[] {
  const names = new Set<string>(['system', 'cpu', 'cpu-spot']);
  for (const provider of providers.length ? providers : (['eks', 'gke'] as const)) {
    for (const t of instanceTypes(provider)) {
      if (t.gpuModel === null) continue;
      const gpu = gpuModel(t.gpuModel);
      for (const mode of ['exclusive', 'mig', 'time-slicing'] as const) {
        for (const capacity of ['on-demand', 'spot'] as const) {
          const profiles = mode === 'mig' && provider === 'gke' ? gpu.migProfiles.map((p) => p.name) : [undefined];
          for (const migProfile of profiles) {
            const base = poolName({ role: 'gpu', gpuModel: gpu, mode, capacity, migProfile });
            names.add(base);
            names.add(`${base}-${instanceTypeSuffix(t.name)}`);
          }
        }
      }
    }
  }
  return [...names].sort();
}

/** Every zone of the catalogue, by name and by ID. */
function everyZone(): string[] {
  return [...new Set(REGIONS.flatMap((r) => [...r.zones, ...(r.zoneIds ?? [])]))].sort();
}

/** The longest zone name and the longest zone ID of the catalogue. */
function longestZones(): string[] {
  const longest = (zs: readonly string[]) => zs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return [longest(REGIONS.flatMap((r) => r.zones)), longest(REGIONS.flatMap((r) => r.zoneIds ?? []))];
}

describe('nameWithin', () => {
  it('keeps a name the rule accepts, so deployed resources are never renamed', () => {
    expect(nameWithin('prod-l4-serving-us-east-1a', EKS_NODE_GROUP_NAME)).toBe('prod-l4-serving-us-east-1a');
    expect(nameWithin('prod-gpu-l4-whole-g6.2xlarge-use1-az1', EC2_LAUNCH_TEMPLATE_NAME)).toBe('prod-gpu-l4-whole-g6.2xlarge-use1-az1');
    expect(gkeNodePoolResourceName('staging', 'l4-serving-extra')).toBe('staging-l4-serving-extra');
  });

  it('maps what a rule refuses, the same way every time, and keeps two such names apart', () => {
    const dotted = eksNodeGroupResourceName('prod', 'gpu-l4-whole-g6.2xlarge-use1-az1');
    expect(dotted).toMatch(/^prod-gpu-l4-whole-g6-2xlarge-use1-az1-[0-9a-f]{8}$/);
    expect(eksNodeGroupResourceName('prod', 'gpu-l4-whole-g6.2xlarge-use1-az1')).toBe(dotted);
    // the mapped name of a dotted pool never meets the name of a pool already spelled with a dash
    expect(eksNodeGroupResourceName('prod', 'gpu-l4-whole-g6-2xlarge-use1-az1')).toBe('prod-gpu-l4-whole-g6-2xlarge-use1-az1');
    const upper = gkeNodePoolResourceName('Prod_EU', 'cpu');
    expect(upper).toMatch(/^prod-eu-cpu-[0-9a-f]{6}$/);
    expect(gkeNodePoolResourceName('prod-eu', 'cpu')).toBe('prod-eu-cpu');
    // GKE wants a letter first
    expect(gkeNodePoolResourceName('1st', 'cpu')).toMatch(/^n1st-cpu-[0-9a-f]{6}$/);
  });

  it.each(CLOUD_PATTERNS.map(([rule, pattern]) => [rule.object, rule, pattern] as const))(
    '%s: every planned pool, in the longest zones, under short and long component names, is a valid name',
    (_, rule, pattern) => {
      // zones differ only in length here: the longest zone name and the longest zone ID
      const zones = rule === GKE_NODE_POOL_NAME ? [''] : longestZones();
      const refused: string[] = [];
      for (const component of COMPONENTS) {
        for (const pool of [...everyPoolName(), ...DOTTED]) {
          for (const zone of zones) {
            const wanted = zone ? `${component}-${pool}-${zone}` : `${component}-${pool}`;
            const name = nameWithin(wanted, rule);
            if (!pattern.test(autoNamed(name)) || !satisfies(name, rule)) refused.push(`${wanted} → ${name}`);
          }
        }
      }
      expect(refused).toEqual([]);
    },
  );

  it('gives every pool of a provider, in every zone of one of its regions, a name of its own', () => {
    for (const component of COMPONENTS) {
      const gke = everyPoolName('gke').flatMap((p) => [`${component}-${p}`, `${component}-${p}-extra`]);
      expect(nameClash(gke, GKE_NODE_POOL_NAME)).toBeUndefined();
      for (const r of REGIONS.filter((x) => x.provider === 'eks')) {
        for (const zones of [r.zones, r.zoneIds ?? []]) {
          const keys = [...everyPoolName('eks'), ...DOTTED].flatMap((p) => zones.map((z) => `${component}-${p}-${z}`));
          expect(nameClash(keys, EKS_NODE_GROUP_NAME)).toBeUndefined();
          expect(nameClash(keys, EC2_LAUNCH_TEMPLATE_NAME)).toBeUndefined();
        }
      }
    }
  });

  it('finds two names a rule turns into one', () => {
    // found by search: each pair's cut names share their start and their hash (eight hex characters on EKS, six on GKE)
    const eks = ['25833', '60024'].map((i) => `prod-gpu-h100-80gb-whole-spot-p5-48xlarge-pool-number-${i}-us-east-1a`);
    expect(nameClash([...eks, 'prod-cpu-us-east-1a'], EKS_NODE_GROUP_NAME)).toEqual([
      eks[0],
      eks[1],
      'prod-gpu-h100-80gb-whole-spot-p5-48xlarge-pool-30098fce',
    ]);
    const gke = ['6200', '12392'].map((i) => `prod-gpu-a100-80gb-whole-pool-number-${i}`);
    expect(nameClash(gke, GKE_NODE_POOL_NAME)).toEqual([gke[1], gke[0], 'prod-gpu-a100-80gb-whole-d0d444']);
  });

  it('gives the longest planned pool, with the longest zone, room in every rule', () => {
    const longestPool = everyPoolName().reduce((a, b) => (b.length > a.length ? b : a));
    const longestZone = everyZone().reduce((a, b) => (b.length > a.length ? b : a));
    expect(longestPool.length).toBeGreaterThan(40);
    const group = eksNodeGroupResourceName('acme-ml-cluster', `${longestPool}-${longestZone}`);
    expect(autoNamed(group).length).toBeLessThanOrEqual(EKS_NODE_GROUP_NAME.maxLength);
    expect(autoNamed(eksLaunchTemplateResourceName('acme-ml-cluster', `${longestPool}-${longestZone}`))).toBe(
      autoNamed(`acme-ml-cluster-${longestPool}-${longestZone}`),
    );
    expect(autoNamed(gkeNodePoolResourceName('acme-ml-cluster', `${longestPool}-extra`)).length).toBeLessThanOrEqual(GKE_NODE_POOL_NAME.maxLength);
  });
});

// Label values: at most 63 characters matching (([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])? (apimachinery
// validation.IsValidLabelValue); ResourceFlavor names as ClusterQueue flavors reference them: a DNS-1123
// subdomain of at most 253 (kueue config/components/crd/bases/kueue.x-k8s.io_clusterqueues.yaml@v0.19.2).
describe('Kubernetes names from pools', () => {
  const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
  const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

  it('every planned pool name is a node label value, a ResourceFlavor name and, with its prefix, a MIG config label value', () => {
    for (const pool of everyPoolName()) {
      const ok = (v: string) => v.length <= 63 && labelValue.test(v);
      expect(`${pool} ${ok(pool)} ${pool.length <= 253 && subdomain.test(pool)} ${ok(migConfigName(pool))}`).toBe(`${pool} true true true`);
    }
  });
});
