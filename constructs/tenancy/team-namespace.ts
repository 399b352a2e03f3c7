import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels, TEAM_LABEL } from '../common/labels';
import { PlatformNamespace } from './platform-namespace';

/** Properties for {@link TeamNamespace}. */
export interface TeamNamespaceProps {
  /** The team. */
  readonly team: string;
  /**
   * Name of the namespace.
   *
   * @default - `team-<team>`
   */
  readonly name?: string;
  /**
   * Hard ResourceQuota (`requests.cpu`, `requests.memory`, `limits.memory`,
   * `requests.nvidia.com/gpu`, ...): the most the team could ever be admitted, a backstop
   * behind Kueue.
   *
   * @default - no ResourceQuota
   */
  readonly quota?: Readonly<Record<string, string | number>>;
  /**
   * Default CPU request, milli-CPU, for containers that set none.
   *
   * @default 100
   */
  readonly defaultCpuMilli?: number;
  /**
   * Default memory request and limit, MiB, for containers that set none.
   *
   * @default 256
   */
  readonly defaultMemoryMiB?: number;
}

/**
 * A team's namespace: Pod Security `restricted` enforced, a ResourceQuota and a LimitRange that
 * gives containers without resources a request and a memory limit.
 */
export class TeamNamespace extends Construct {
  /** Kubernetes name of the namespace. */
  public readonly namespaceName: string;
  /** The generated namespace. */
  public readonly namespace: PlatformNamespace;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    this.namespaceName = props.name ?? `team-${props.team}`;
    const cpu = props.defaultCpuMilli ?? 100;
    const mem = props.defaultMemoryMiB ?? 256;
    if (!Number.isInteger(cpu) || cpu < 1 || !Number.isInteger(mem) || mem < 1) {
      throw new Error(`team '${props.team}': default container resources must be whole numbers >= 1, got cpu ${cpu}m, memory ${mem}Mi`);
    }
    this.namespace = new PlatformNamespace(this, 'Namespace', { name: this.namespaceName, labels: { [TEAM_LABEL]: props.team } });
    const labels = { ...appLabels(this.namespaceName, 'tenancy'), [TEAM_LABEL]: props.team };
    if (props.quota) {
      const hard: Record<string, k8s.Quantity> = {};
      for (const key of Object.keys(props.quota).sort()) {
        const v = props.quota[key]!;
        hard[key] = typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(v);
      }
      new k8s.KubeResourceQuota(this, 'Quota', { metadata: { name: 'team-quota', namespace: this.namespaceName, labels }, spec: { hard } });
    }
    new k8s.KubeLimitRange(this, 'Limits', {
      metadata: { name: 'container-defaults', namespace: this.namespaceName, labels },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: k8s.Quantity.fromString(`${cpu}m`), memory: k8s.Quantity.fromString(`${mem}Mi`) },
            default: { memory: k8s.Quantity.fromString(`${mem}Mi`) },
          },
        ],
      },
    });
  }
}
