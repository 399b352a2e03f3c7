import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { appLabels } from '../common/labels';

/** Default name of the ServiceAccount model servers download weights under. */
export const MODEL_DOWNLOAD_ACCOUNT = 'cnai-model-download';

/** Key of the Hugging Face token in its Secret, the one KServe's credential builder reads. */
export const HF_TOKEN_KEY = 'HF_TOKEN';

/** Properties for {@link ModelDownloadServiceAccount}. */
export interface ModelDownloadServiceAccountProps {
  /** Namespace of the account (the team namespace that serves). */
  readonly namespace: string;
  /**
   * Secrets holding download credentials: a Hugging Face token under key `HF_TOKEN`, or S3/GCS
   * keys in the layouts KServe reads.
   */
  readonly secrets: readonly string[];
  /**
   * Name of the ServiceAccount.
   *
   * @default 'cnai-model-download'
   */
  readonly name?: string;
}

/**
 * The ServiceAccount an InferenceService's replicas run as so that KServe's storage-initializer
 * can download gated weights.
 *
 * KServe's pod webhook reads the predictor's ServiceAccount and, for every Secret it lists,
 * injects that Secret's credentials into the storage-initializer; a Secret with key `HF_TOKEN`
 * becomes the initializer's `HF_TOKEN` variable
 * (`pkg/credentials/service_account_credentials.go`, `pkg/credentials/hf/hf_secret.go` at
 * v0.20.0). The model container never sees the token: it loads from `/mnt/models`. A listed
 * Secret missing from the namespace makes the webhook refuse the pod, so create the Secret first.
 *
 * The account carries no API token (`automountServiceAccountToken: false`): the webhook reads it
 * through the API, the pod does not need to.
 *
 * @see https://kserve.github.io/website/docs/model-serving/storage/providers/hf
 */
export class ModelDownloadServiceAccount extends Construct {
  /** Kubernetes name of the ServiceAccount. */
  public readonly accountName: string;
  /** The generated ServiceAccount. */
  public readonly resource: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: ModelDownloadServiceAccountProps) {
    super(scope, id);
    this.accountName = props.name ?? MODEL_DOWNLOAD_ACCOUNT;
    if (props.secrets.length === 0) {
      throw new Error(`ServiceAccount '${this.accountName}' in '${props.namespace}': list at least one Secret with download credentials`);
    }
    this.resource = new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: this.accountName, namespace: props.namespace, labels: appLabels(this.accountName, 'model-download') },
      automountServiceAccountToken: false,
      secrets: [...new Set(props.secrets)].sort().map((name) => ({ name })),
    });
  }
}
