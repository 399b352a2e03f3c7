import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { IMAGES } from '../../versions';
import { appLabels, PRIORITY_CLASS_LABEL, QUEUE_NAME_LABEL, WORKLOAD_LABEL } from '../common/labels';
import { serviceNameFor } from '../common/names';
import type { ContainerResources } from '../common/pod';
import { PRIORITY_CLASS_NAMES } from '../common/priority';
import { formatBytes } from '../common/quantities';
import { type PodPlacement, zoneSpread } from '../common/scheduling';
import { workloadPod } from './workload-pod';

/** Port JupyterLab listens on. */
export const NOTEBOOK_PORT = 8888;

/** Properties for {@link Notebook}. */
export interface NotebookProps {
  /** Namespace of the notebooks (the team's namespace). */
  readonly namespace: string;
  /**
   * Name of the StatefulSet, and of its Service when it starts with a letter (else the Service
   * is `nb-<name>`, see {@link Notebook.serviceName}).
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Notebook servers (StatefulSet replicas), each with its own home volume.
   *
   * @default 1
   */
  readonly replicas?: number;
  /** CPU, memory and GPU of one notebook server. */
  readonly resources: ContainerResources;
  /**
   * Notebook image; must run as a non-root user and keep its state in the home directory.
   *
   * @default - `IMAGES.notebook` (Jupyter docker-stacks PyTorch with CUDA)
   */
  readonly image?: string;
  /**
   * Size of each server's home volume, GiB.
   *
   * @default 20
   */
  readonly homeSizeGiB?: number;
  /**
   * Node selector and tolerations of the node pool.
   *
   * @default - schedule anywhere
   */
  readonly placement?: PodPlacement;
  /**
   * Spread servers evenly across zones.
   *
   * @default false
   */
  readonly zoneSpread?: boolean;
  /**
   * LocalQueue the servers are admitted through (`kueue.x-k8s.io/queue-name`).
   *
   * @default - not managed by Kueue
   */
  readonly queue?: string;
  /**
   * Kueue WorkloadPriorityClass, only used with `queue`.
   *
   * @default 'cnai-notebook'
   */
  readonly priorityClass?: string;
}

/**
 * JupyterLab servers for a team: an `apps/v1` StatefulSet (stable names, one home volume per
 * server) and a headless Service. With a queue, Kueue's StatefulSet integration admits the
 * servers against the team's quota.
 */
export class Notebook extends Construct {
  /** Kubernetes name of the StatefulSet. */
  public readonly notebookName: string;
  /**
   * Kubernetes name of the headless Service: the notebook's name, or `nb-<name>` when that
   * starts with a digit (Service names must be DNS-1035 labels) or is such a prefixed name
   * itself (see `serviceNameFor`).
   */
  public readonly serviceName: string;
  /** Effective replica count. */
  public readonly replicas: number;
  /** The generated StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The generated headless Service. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: NotebookProps) {
    super(scope, id);
    this.notebookName = props.name ?? id;
    this.serviceName = serviceNameFor(this.notebookName, 'nb');
    this.replicas = props.replicas ?? 1;
    const homeGiB = props.homeSizeGiB ?? 20;
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      throw new Error(`Notebook '${this.notebookName}': replicas must be a whole number >= 1, got ${this.replicas}`);
    }
    if (!Number.isInteger(homeGiB) || homeGiB < 1) {
      throw new Error(`Notebook '${this.notebookName}': homeSizeGiB must be a whole number >= 1, got ${homeGiB}`);
    }
    const selector = { [WORKLOAD_LABEL]: this.notebookName };
    const kueueLabels: Record<string, string> = props.queue
      ? { [QUEUE_NAME_LABEL]: props.queue, [PRIORITY_CLASS_LABEL]: props.priorityClass ?? PRIORITY_CLASS_NAMES.notebook }
      : {};
    const labels = { ...appLabels(this.notebookName, 'notebook'), ...selector };
    const pod = workloadPod({
      container: 'notebook',
      image: props.image ?? IMAGES.notebook,
      resources: props.resources,
      placement: props.placement,
      ports: [{ containerPort: NOTEBOOK_PORT, name: 'http', protocol: 'TCP' }],
      // the docker-stacks images keep settings and kernels under HOME
      env: [{ name: 'JUPYTER_PORT', value: String(NOTEBOOK_PORT) }],
      extraMounts: [{ name: 'home', mountPath: '/home/jovyan' }],
      runAsUser: 1000,
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: this.serviceName, namespace: props.namespace, labels },
      spec: { clusterIp: 'None', ports: [{ name: 'http', port: NOTEBOOK_PORT, targetPort: k8s.IntOrString.fromString('http') }], selector },
    });
    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: this.notebookName, namespace: props.namespace, labels: { ...labels, ...kueueLabels } },
      spec: {
        podManagementPolicy: 'Parallel',
        replicas: this.replicas,
        selector: { matchLabels: selector },
        serviceName: this.serviceName,
        template: {
          metadata: { labels: { ...labels, ...kueueLabels } },
          spec: {
            ...pod,
            // the docker-stacks start script replaces HOME with the user's home; keep it there
            containers: pod.containers.map((c) => ({ ...c, env: (c.env ?? []).filter((e) => e.name !== 'HOME') })),
            ...(props.zoneSpread ? { topologySpreadConstraints: zoneSpread(selector) } : {}),
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'home' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString(formatBytes(homeGiB * 1024 ** 3)) } } },
          },
        ],
      },
    });
  }
}
