/**
 * Stack configuration to component arguments. Every key is documented in docs/deploying.md.
 *
 * | key | used for |
 * |---|---|
 * | `cnai:platform` | path of the platform file, relative to the project root (required) |
 * | `cnai:databasePassword` | MLflow database password, a secret (optional: generated once and kept in the stack's state) |
 * | `cnai:databaseVersion` | Cloud SQL Postgres version, e.g. `POSTGRES_16` (gke) |
 * | `cnai:databaseEngineVersion` | RDS Postgres engine version (eks, optional) |
 * | `cnai:apiAllowedCidrs` | CIDR blocks allowed to reach the API server (eks, gke; optional: none) |
 * | `cnai:deployerRoleArns` | IAM roles given cluster-admin access entries, e.g. CI's (eks, optional) |
 * | `cnai:teamRoleArns` | IAM roles per team, put in the team's groups (eks, optional) |
 * | `cnai:rbacSecurityGroup` | `gke-security-groups@<domain>` for Google Groups for RBAC (gke, optional) |
 * | `cnai:huggingFaceToken` | Hugging Face token, a secret (required when the platform file sets `spec.huggingFace`) |
 * | `cnai:kubeconfig` | kubeconfig contents or path (kind, optional) |
 * | `kubernetes:context` | kind context, e.g. `kind-cnai` (kind, optional) |
 * | `gcp:project` | Google Cloud project (gke) |
 */
import * as pulumi from '@pulumi/pulumi';

import type { CnaiPlatformArgs } from '../components';

/** Reads the stack's configuration into `CnaiPlatform` arguments; provider blocks only where their keys are set. */
export function platformArgsFromConfig(): CnaiPlatformArgs {
  const cnai = new pulumi.Config('cnai');
  const password = cnai.getSecret('databasePassword');
  const project = new pulumi.Config('gcp').get('project');
  const databaseVersion = cnai.get('databaseVersion');
  const engineVersion = cnai.get('databaseEngineVersion');
  const apiAllowedCidrs = cnai.getObject<string[]>('apiAllowedCidrs');
  const deployerRoleArns = cnai.getObject<string[]>('deployerRoleArns');
  const teamRoleArns = cnai.getObject<Record<string, string[]>>('teamRoleArns');
  const rbacSecurityGroup = cnai.get('rbacSecurityGroup');
  const huggingFaceToken = cnai.getSecret('huggingFaceToken');
  const context = new pulumi.Config('kubernetes').get('context');
  const kubeconfig = cnai.get('kubeconfig');
  return {
    platformFile: cnai.require('platform'),
    ...(huggingFaceToken !== undefined ? { huggingFaceToken } : {}),
    kind: {
      ...(context !== undefined ? { context } : {}),
      ...(kubeconfig !== undefined ? { kubeconfig } : {}),
      ...(password !== undefined ? { databasePassword: password } : {}),
    },
    eks: {
      ...(password !== undefined ? { databasePassword: password } : {}),
      ...(engineVersion !== undefined ? { databaseEngineVersion: engineVersion } : {}),
      ...(apiAllowedCidrs !== undefined ? { apiAllowedCidrs } : {}),
      ...(deployerRoleArns !== undefined ? { deployerRoleArns } : {}),
      ...(teamRoleArns !== undefined ? { teamRoleArns } : {}),
    },
    ...(project !== undefined && databaseVersion !== undefined
      ? {
          gke: {
            project,
            databaseVersion,
            ...(password !== undefined ? { databasePassword: password } : {}),
            ...(apiAllowedCidrs !== undefined ? { apiAllowedCidrs } : {}),
            ...(rbacSecurityGroup !== undefined ? { rbacSecurityGroup } : {}),
          },
        }
      : {}),
  };
}
