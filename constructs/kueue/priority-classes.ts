import { Construct } from 'constructs';
import * as kueue from '../imports/kueue.x-k8s.io';
import { PRIORITY_CLASS_NAMES, PRIORITY_VALUES, type WorkloadPriority } from '../common/priority';

/** Properties for {@link PlatformPriorityClasses}. */
export interface PlatformPriorityClassesProps {
  /**
   * Priority value per kind of work.
   *
   * @default - serving 10000, notebook 5000, training 1000, batch 100
   */
  readonly values?: Partial<Readonly<Record<WorkloadPriority, number>>>;
}

/**
 * Kueue WorkloadPriorityClasses `cnai-serving`, `cnai-notebook`, `cnai-training` and `cnai-batch`
 * (`kueue.x-k8s.io/v1beta2`). Workloads pick one with the `kueue.x-k8s.io/priority-class` label.
 *
 * Only Kueue's ordering and preemption use them; pod priority is left alone.
 *
 * @see https://kueue.sigs.k8s.io/docs/concepts/workload_priority_class/
 */
export class PlatformPriorityClasses extends Construct {
  /** Effective value per kind of work. */
  public readonly values: Readonly<Record<WorkloadPriority, number>>;

  constructor(scope: Construct, id: string, props: PlatformPriorityClassesProps = {}) {
    super(scope, id);
    this.values = { ...PRIORITY_VALUES, ...props.values };
    const kinds: readonly WorkloadPriority[] = ['serving', 'notebook', 'training', 'batch'];
    for (const kind of kinds) {
      const value = this.values[kind];
      if (!Number.isInteger(value)) {
        throw new Error(`priority value for '${kind}' must be an integer, got ${value}`);
      }
      new kueue.WorkloadPriorityClass(this, kind, {
        metadata: { name: PRIORITY_CLASS_NAMES[kind] },
        value,
        description: `cnai-platform ${kind} workloads`,
      });
    }
  }
}
