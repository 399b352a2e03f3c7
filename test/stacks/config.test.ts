import * as pulumi from '@pulumi/pulumi';

import { installMocks } from '../components/pulumi-mocks';

installMocks('config');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { platformArgsFromConfig } = require('../../stacks/config') as typeof import('../../stacks/config');

const KIND = { 'cnai:platform': 'examples/kind-laptop/platform.yaml', 'kubernetes:context': 'kind-cnai' };

describe('platformArgsFromConfig', () => {
  it('requires cnai:platform', () => {
    pulumi.runtime.setAllConfig({});
    expect(() => platformArgsFromConfig()).toThrow(/cnai:platform/);
  });

  it('gives kind settings from kubernetes:context and empty EKS settings (generated password) when no password is set', () => {
    pulumi.runtime.setAllConfig(KIND);
    expect(platformArgsFromConfig()).toEqual({ platformFile: 'examples/kind-laptop/platform.yaml', kind: { context: 'kind-cnai' }, eks: {} });
  });

  it('adds EKS settings with the secret password, and GKE settings only with project and database version', async () => {
    pulumi.runtime.setAllConfig({ ...KIND, 'cnai:databasePassword': 's3cret' }, ['cnai:databasePassword']);
    const eksOnly = platformArgsFromConfig();
    expect(eksOnly.eks).toBeDefined();
    expect(await pulumi.isSecret(eksOnly.eks!.databasePassword as pulumi.Output<string>)).toBe(true);
    expect(eksOnly.gke).toBeUndefined();

    pulumi.runtime.setAllConfig({ ...KIND, 'cnai:databasePassword': 's3cret', 'gcp:project': 'acme-ml', 'cnai:databaseVersion': 'POSTGRES_16' }, [
      'cnai:databasePassword',
    ]);
    const both = platformArgsFromConfig();
    expect(both.gke).toEqual(expect.objectContaining({ project: 'acme-ml', databaseVersion: 'POSTGRES_16' }));
  });

  it('reads the API allow-list and deployer roles as lists, and the Hugging Face token as a secret', async () => {
    pulumi.runtime.setAllConfig(
      {
        ...KIND,
        'cnai:apiAllowedCidrs': '["203.0.113.0/24"]',
        'cnai:deployerRoleArns': '["arn:aws:iam::123456789012:role/ci"]',
        'cnai:huggingFaceToken': 'hf_x',
        'gcp:project': 'acme-ml',
        'cnai:databaseVersion': 'POSTGRES_16',
      },
      ['cnai:huggingFaceToken'],
    );
    const args = platformArgsFromConfig();
    expect(args.eks).toEqual({ apiAllowedCidrs: ['203.0.113.0/24'], deployerRoleArns: ['arn:aws:iam::123456789012:role/ci'] });
    expect(args.gke).toEqual(expect.objectContaining({ apiAllowedCidrs: ['203.0.113.0/24'] }));
    expect(await pulumi.isSecret(args.huggingFaceToken as pulumi.Output<string>)).toBe(true);
  });
});
