/**
 * The Kubernetes minor a plan assumes when the platform file names none: one the pinned stack
 * supports, kept current as minors are added, and accepted on every provider, kind included.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { plan } from '../../planner/plan';
import { parsePlatform, validatePlatform } from '../../planner/spec/parse';
import { DEFAULT_KUBERNETES_MINOR, KIND, KUBERNETES_MINORS } from '../../versions';

const KIND_LAPTOP = path.resolve(__dirname, '../../examples/kind-laptop/platform.yaml');
const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');
const minorNumber = (minor: string): number => Number(minor.split('.')[1]);

/** A platform file with its Kubernetes version set to `version`, or removed when undefined. */
function withVersion(version: string | undefined, file = KIND_LAPTOP): string {
  const doc = parse(fs.readFileSync(file, 'utf8')) as { spec: { target: Record<string, unknown> } };
  if (version === undefined) delete doc.spec.target.kubernetesVersion;
  else doc.spec.target.kubernetesVersion = version;
  return stringify(doc);
}

describe('the default Kubernetes minor', () => {
  it('is what a platform file without kubernetesVersion plans with', () => {
    expect(plan(parsePlatform(withVersion(undefined), 'kind.yaml')).kubernetesVersion).toBe(DEFAULT_KUBERNETES_MINOR);
  });

  it('is a supported minor at most one behind the newest one, and kind has a node image for it', () => {
    const minors = Object.keys(KUBERNETES_MINORS).sort((a, b) => minorNumber(a) - minorNumber(b));
    expect(minors).toContain(DEFAULT_KUBERNETES_MINOR);
    expect(minorNumber(minors[minors.length - 1]!) - minorNumber(DEFAULT_KUBERNETES_MINOR)).toBeLessThanOrEqual(1);
    expect(Object.keys(KIND.nodeImages)).toContain(DEFAULT_KUBERNETES_MINOR);
  });

  it('every supported minor validates on EKS, and the minors next to the map do not', () => {
    const minors = Object.keys(KUBERNETES_MINORS).map(minorNumber);
    for (const minor of Object.keys(KUBERNETES_MINORS)) expect(validatePlatform(withVersion(minor, REFERENCE), 'eks.yaml').issues).toEqual([]);
    for (const outside of [Math.min(...minors) - 1, Math.max(...minors) + 1]) {
      const { issues } = validatePlatform(withVersion(`1.${outside}`, REFERENCE), 'eks.yaml');
      expect(issues.map((i) => i.path)).toEqual(['spec.target.kubernetesVersion']);
    }
  });
});
