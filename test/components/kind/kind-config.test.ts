import * as fs from 'node:fs';
import * as path from 'node:path';

import { kindClusterConfig, kindClusterConfigYaml, kindNodeImage } from '../../../components/kind/kind-config';
import { plan } from '../../../planner/plan';
import { parsePlatform } from '../../../planner/spec/parse';
import { KIND } from '../../../versions';
import { eksPlan, kindPlan, planWith, pool } from '../fixtures/plans';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE = 'examples/kind-laptop/platform.yaml';

describe('kindClusterConfig', () => {
  // kind pkg/apis/config/v1alpha4/types.go@v0.31.0: Node.labels are applied to the node; Node.image fixes its Kubernetes version.
  it('gives each planned node a worker with its pool labels, every node on the pinned image', () => {
    const p = planWith(
      { platform: 'lab', provider: 'kind', region: 'local', zones: ['local'] },
      [
        pool({ name: 'a', provider: 'kind', instanceType: 'kind-node', nodes: 2, zones: ['local'] }),
        pool({ name: 'b', provider: 'kind', instanceType: 'kind-node', nodes: 1, zones: ['local'] }),
      ],
      '1.35',
    );
    const c = kindClusterConfig(p);
    expect(c.name).toBe('lab');
    expect(c.nodes.map((n) => `${n.role} ${n.labels?.['cnai.dev/node-pool'] ?? '-'}`)).toEqual(['control-plane -', 'worker a', 'worker a', 'worker b']);
    expect(new Set(c.nodes.map((n) => n.image))).toEqual(new Set([KIND.nodeImages['1.35']]));
  });

  // kind v0.31.0 release notes (node image table): images for 1.31 to 1.35; 1.36's first image ships with kind v0.32.0.
  it('pins an image built by the pinned kind for 1.31 to 1.35, and refuses 1.36, naming the fix', () => {
    expect(kindNodeImage('1.31')).toBe('kindest/node:v1.31.14@sha256:6f86cf509dbb42767b6e79debc3f2c32e4ee01386f0489b3b2be24b0a55aac2b');
    for (const minor of ['1.32', '1.33', '1.34', '1.35'])
      expect(kindNodeImage(minor)).toMatch(new RegExp(`^kindest/node:v${minor.replace('.', '\\.')}\\.[0-9]+@sha256:[0-9a-f]{64}$`));
    expect(() => kindNodeImage('1.36')).toThrow(
      `kind ${KIND.version} has no node image pinned for Kubernetes 1.36 (pinned: 1.31, 1.32, 1.33, 1.34, 1.35); fix: set spec.target.kubernetesVersion to one of them for kind`,
    );
    expect(() => kindClusterConfig({ ...kindPlan(), kubernetesVersion: '1.36' })).toThrow(/no node image pinned/);
    expect(() => kindClusterConfig(eksPlan())).toThrow("kind cluster configuration: plan 'acme-ml' targets eks, not kind");
  });

  // Every workload and the ResourceFlavor of the kind example select these labels; the committed file is what docs and CI create the cluster from.
  it('is exactly the committed examples/kind-laptop/kind-config.yaml, whose workers carry every label the plan selects', () => {
    const p = plan(parsePlatform(fs.readFileSync(path.join(ROOT, EXAMPLE), 'utf8'), EXAMPLE));
    expect(fs.readFileSync(path.join(ROOT, 'examples/kind-laptop/kind-config.yaml'), 'utf8')).toBe(kindClusterConfigYaml(p));
    const workers = kindClusterConfig(p).nodes.filter((n) => n.role === 'worker');
    for (const flavor of p.quotas.resourceFlavors) {
      const wanted = Object.entries(flavor.nodeLabels);
      expect(workers.some((w) => wanted.every(([k, v]) => w.labels?.[k] === v))).toBe(true);
    }
    expect(p.kubernetesVersion).toBe('1.35');
  });
});
