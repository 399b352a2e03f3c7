/**
 * Helpers to look into rendered objects.
 */
import { App, Chart } from 'cdk8s';
import type { ManifestObject } from '../../../constructs/platform/render';

/** A fresh chart to add constructs to in a unit test. */
export function testChart(): Chart {
  return new Chart(new App(), 'test', { disableResourceNameHashes: true });
}

/** The chart's objects as JSON. */
export function synth(chart: Chart): ManifestObject[] {
  return chart.toJson() as ManifestObject[];
}

/** The one object of a kind (and name), failing clearly when it is missing. */
export function find(objects: readonly ManifestObject[], kind: string, name?: string): ManifestObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  }
  return found[0]!;
}

/** A container with the path it was found at. */
export interface FoundContainer {
  readonly where: string;
  readonly container: Record<string, unknown>;
  /** The pod-level security context next to it, if any. */
  readonly podSecurityContext?: Record<string, unknown>;
}

/** Every container and init container anywhere in an object (pod templates, CRD pod specs, runtimes). */
export function containersOf(obj: ManifestObject): FoundContainer[] {
  const out: FoundContainer[] = [];
  const walk = (node: unknown, where: string, podSec?: Record<string, unknown>): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${where}[${i}]`, podSec));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const rec = node as Record<string, unknown>;
    const sec = Array.isArray(rec['containers']) && rec['securityContext'] ? (rec['securityContext'] as Record<string, unknown>) : podSec;
    for (const key of ['containers', 'initContainers']) {
      if (Array.isArray(rec[key])) {
        (rec[key] as Record<string, unknown>[]).forEach((c, i) => out.push({ where: `${where}.${key}[${i}]`, container: c, podSecurityContext: sec }));
      }
    }
    // the KServe predictor's model is a container too
    if (rec['model'] && typeof rec['model'] === 'object' && (rec['model'] as Record<string, unknown>)['modelFormat']) {
      out.push({ where: `${where}.model`, container: rec['model'] as Record<string, unknown>, podSecurityContext: sec });
    }
    for (const [k, v] of Object.entries(rec)) {
      if (k !== 'containers' && k !== 'initContainers') walk(v, `${where}.${k}`, sec);
    }
  };
  walk(obj, `${obj.kind}/${obj.metadata.name}`);
  return out;
}

/** Loosely typed JSON, for assertions that reach into rendered objects. */
export interface Loose {
  readonly [key: string]: Loose;
  readonly [index: number]: Loose;
}

/** An object's field as {@link Loose} JSON. */
export function loose(value: unknown): Loose {
  return value as Loose;
}
