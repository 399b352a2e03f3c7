/**
 * Builders for verify tests: the rendered objects of an example, and small objects added to them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderObjects, type ManifestObject } from '../../constructs/platform/render';
import { plan } from '../../planner/plan';
import type { Plan } from '../../planner/plan-types';
import { parsePlatform } from '../../planner/spec/parse';

const ROOT = path.join(__dirname, '..', '..');

/** The plan and rendered objects of `examples/<name>/platform.yaml`. */
export function example(name: string): { plan: Plan; objects: ManifestObject[] } {
  const file = path.join(ROOT, 'examples', name, 'platform.yaml');
  const p = plan(parsePlatform(fs.readFileSync(file, 'utf8'), file));
  return { plan: p, objects: Object.values(renderObjects(p)).flat() };
}

/** Options of {@link probeDeployment}. */
export interface ProbeOptions {
  readonly namespace?: string;
  readonly replicas?: number;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: Record<string, string>[];
  readonly requests?: Record<string, string | number>;
  readonly zoneSpread?: boolean;
  readonly hostAntiAffinity?: boolean;
  readonly queue?: string;
  readonly strategy?: Record<string, unknown>;
  readonly claim?: string;
}

/** A plain Deployment named `probe` to place next to an example's workloads. */
export function probeDeployment(o: ProbeOptions = {}): ManifestObject {
  const labels = { app: 'probe' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'probe', namespace: o.namespace ?? 'team-probe', labels: o.queue ? { 'kueue.x-k8s.io/queue-name': o.queue } : {} },
    spec: {
      replicas: o.replicas ?? 1,
      ...(o.strategy ? { strategy: o.strategy } : {}),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels, ...(o.queue ? { 'kueue.x-k8s.io/queue-name': o.queue } : {}) } },
        spec: {
          containers: [{ name: 'main', resources: { requests: { cpu: '1', memory: '1Gi', ...(o.requests ?? {}) } } }],
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          ...(o.tolerations ? { tolerations: o.tolerations } : {}),
          ...(o.zoneSpread
            ? {
                topologySpreadConstraints: [
                  { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } },
                ],
              }
            : {}),
          ...(o.hostAntiAffinity
            ? {
                affinity: {
                  podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } }],
                  },
                },
              }
            : {}),
          ...(o.claim ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: o.claim } }] } : {}),
        },
      },
    },
  };
}

/** Toleration of the GPU pools' `nvidia.com/gpu=present:NoSchedule` taint. */
export const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' };
