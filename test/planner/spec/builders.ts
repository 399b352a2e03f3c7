/**
 * Builders for platform-file tests: a valid base file and a way to break one part of it.
 */
import { stringify } from 'yaml';
import type { Issue } from '../../../planner/errors';
import { validatePlatform } from '../../../planner/spec/parse';
import { testCatalogue } from './test-catalogue';

/** A plain platform document. */
export type Doc = Record<string, unknown>;

/** A change to a document: a dotted path (`spec.workloads.0.model`) and its new value; `undefined` deletes. */
export type Patch = readonly [path: string, value: unknown];

/** A valid EKS platform with two teams and four workloads. */
export function baseDoc(): Doc {
  return {
    apiVersion: 'cnai.dev/v1alpha1',
    kind: 'Platform',
    metadata: { name: 'acme-ml' },
    spec: {
      target: { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] },
      policy: { capacity: 'on-demand', gpuSharing: 'auto' },
      teams: [{ name: 'research', weight: 2 }, { name: 'product' }],
      workloads: [
        { name: 'chat', team: 'product', type: 'inference', model: 'llama-3.1-8b', precision: 'bf16', replicas: 2, zoneSpread: true },
        { name: 'finetune', team: 'research', type: 'training', model: 'mistral-7b', method: 'full', gpus: 8, command: ['torchrun', 'train.py'] },
        { name: 'notebooks', team: 'research', type: 'notebook', replicas: 6, gpu: { memoryGiB: 10 } },
        { name: 'etl', team: 'research', type: 'batch', gpu: { count: 1, fraction: 0.47 }, resources: { cpu: 4, memory: '16Gi' } },
      ],
    },
  };
}

/** Applies patches to a copy of `doc`. */
export function patched(doc: Doc, patches: readonly Patch[]): Doc {
  const copy = structuredClone(doc);
  for (const [path, value] of patches) {
    const keys = path.split('.');
    let cur = copy as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
    const last = keys[keys.length - 1]!;
    if (value === undefined) delete cur[last];
    else cur[last] = value;
  }
  return copy;
}

/** Issues of the base document after `patches`, validated as YAML against the test catalogue. */
export function issuesWith(...patches: readonly Patch[]): readonly Issue[] {
  return validatePlatform(stringify(patched(baseDoc(), patches)), 'platform.yaml', testCatalogue).issues;
}

/** The single issue at `path`; fails the test when there is none or more than one. */
export function issueAt(issues: readonly Issue[], path: string): Issue {
  const found = issues.filter((i) => i.path === path);
  if (found.length !== 1) throw new Error(`expected one issue at ${path}, got ${found.length}: ${JSON.stringify(issues, null, 1)}`);
  return found[0]!;
}
