/**
 * The pod of a generic workload (notebook, batch): one container within the baseline on its
 * node pool.
 */
import { k8s } from 'cdk8s-plus-28';
import {
  type ContainerResources,
  containerResources,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  scratchVolumes,
  type ScratchDir,
  TMP_DIR,
} from '../common/pod';
import { type PodPlacement, tolerationsFor } from '../common/scheduling';

/** What goes into a workload pod. */
export interface WorkloadPodOptions {
  /** Container name. */
  readonly container: string;
  /** Pinned image. */
  readonly image: string;
  /** CPU, memory and GPU of the container. */
  readonly resources: ContainerResources;
  /** Node selector and tolerations; none schedules anywhere. */
  readonly placement?: PodPlacement;
  /** Command; none keeps the image's entrypoint. */
  readonly command?: readonly string[];
  /** Arguments. */
  readonly args?: readonly string[];
  /** Container ports. */
  readonly ports?: readonly k8s.ContainerPort[];
  /** Environment besides `HOME=/tmp`. */
  readonly env?: readonly k8s.EnvVar[];
  /** Extra mounts (e.g. a PVC) besides `/tmp` and `/dev/shm`. */
  readonly extraMounts?: readonly k8s.VolumeMount[];
  /** Non-root user id of the pod. */
  readonly runAsUser: number;
  /** Pod restart policy; none keeps the controller's default. */
  readonly restartPolicy?: string;
}

/** Builds the pod spec. */
export function workloadPod(opts: WorkloadPodOptions): k8s.PodSpec {
  const dirs: ScratchDir[] = [TMP_DIR, { name: 'dshm', path: '/dev/shm', memory: true }];
  const scratch = scratchVolumes(dirs);
  return {
    automountServiceAccountToken: false,
    containers: [
      {
        name: opts.container,
        image: opts.image,
        ...(opts.command ? { command: [...opts.command] } : {}),
        ...(opts.args ? { args: [...opts.args] } : {}),
        env: [{ name: 'HOME', value: '/tmp' }, ...(opts.env ?? [])],
        ...(opts.ports ? { ports: [...opts.ports] } : {}),
        resources: containerResources(opts.resources),
        securityContext: restrictedContainerSecurity(),
        volumeMounts: [...scratch.mounts, ...(opts.extraMounts ?? [])],
      },
    ],
    enableServiceLinks: false,
    ...(opts.placement ? { nodeSelector: { ...opts.placement.nodeSelector } } : {}),
    ...(opts.placement && opts.placement.tolerations.length > 0 ? { tolerations: tolerationsFor(opts.placement.tolerations) } : {}),
    ...(opts.restartPolicy ? { restartPolicy: opts.restartPolicy } : {}),
    securityContext: restrictedPodSecurity(opts.runAsUser),
    volumes: scratch.volumes,
  };
}
