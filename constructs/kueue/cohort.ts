import { Construct } from 'constructs';
import * as kueue from '../imports/kueue.x-k8s.io';

/** Properties for {@link QueueCohort}. */
export interface QueueCohortProps {
  /**
   * Name of the cohort; ClusterQueues join it with `spec.cohortName`.
   *
   * @default - the construct id
   */
  readonly name?: string;
}

/**
 * An explicit Kueue Cohort (`kueue.x-k8s.io/v1beta2`) for the team ClusterQueues.
 *
 * A cohort exists implicitly once a ClusterQueue names it; declaring it makes it visible and
 * gives a place for cohort-level fair sharing later.
 *
 * @see https://kueue.sigs.k8s.io/docs/concepts/cohort/
 */
export class QueueCohort extends Construct {
  /** Kubernetes name of the Cohort. */
  public readonly cohortName: string;
  /** The generated Cohort. */
  public readonly resource: kueue.Cohort;

  constructor(scope: Construct, id: string, props: QueueCohortProps = {}) {
    super(scope, id);
    this.cohortName = props.name ?? id;
    this.resource = new kueue.Cohort(this, 'Resource', { metadata: { name: this.cohortName }, spec: {} });
  }
}
