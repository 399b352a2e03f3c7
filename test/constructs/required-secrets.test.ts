/**
 * The Secrets rendered manifests need but never contain, listed for whoever applies them by hand.
 */
import { renderObjects } from '../../constructs/platform/render';
import { requiredSecrets, secretsReadme } from '../../constructs/platform/required-secrets';
import { fixturePlan } from './fixtures/plan';

describe('required Secrets', () => {
  it('lists every Secret a pod reads or a download account names, with the keys read', () => {
    // a pod whose secretKeyRef names a missing Secret stays in CreateContainerConfigError; KServe's
    // webhook refuses a predictor whose account lists a missing one (service_account_credentials.go@v0.20.0)
    const secrets = requiredSecrets(renderObjects(fixturePlan({ huggingFace: { tokenSecret: 'hf-token' } })));
    expect(secrets.map((s) => `${s.namespace}/${s.name}: ${s.keys.join(',')}`)).toEqual([
      'mlflow/mlflow-db: password,username',
      'team-product/hf-token: HF_TOKEN',
    ]);
    expect(secrets[1]!.usedBy).toEqual(['ServiceAccount/cnai-model-download']);
  });

  it('explains how to create each one', () => {
    const text = secretsReadme(requiredSecrets(renderObjects(fixturePlan())));
    expect(text).toContain('kubectl -n mlflow create secret generic mlflow-db --from-literal=password=... --from-literal=username=...');
  });
});
