/**
 * What a Pulumi stack file (`Pulumi.<stack>.yaml`) says about the platform it deploys, read the way
 * `stacks/config.ts` reads it: the platform file from `cnai:platform`, and on clouds the MLflow
 * stores the `CnaiPlatform` component renders with (an external database, so no in-cluster
 * Postgres and its claim).
 */
import { parse } from 'yaml';
import { cloudMlflowStores } from '../components/platform/mlflow-stores';
import type { PlatformOptions } from '../constructs/platform/options';
import type { Plan } from '../planner/plan-types';

/** A stack file that does not say what the stack deploys. */
export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackConfigError';
  }
}

/** The stack settings that change what is verified. */
export interface StackSettings {
  /** The platform file named by `cnai:platform`. */
  readonly platformFile: string;
}

/**
 * Reads `cnai:platform` from the text of `Pulumi.<stack>.yaml`.
 *
 * @param file the stack file's name, for errors
 * @param stack the stack's name, for the fix
 * @throws StackConfigError naming the file and the key when it is missing or the file is not YAML
 */
export function stackSettings(text: string, file: string, stack: string): StackSettings {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new StackConfigError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const config = (doc as { config?: Record<string, unknown> } | null)?.config;
  const platformFile = config?.['cnai:platform'];
  if (typeof platformFile !== 'string' || platformFile === '') {
    throw new StackConfigError(`${file}: config.cnai:platform is missing; fix: pulumi config set cnai:platform <path to platform.yaml> --stack ${stack}`);
  }
  return { platformFile };
}

/** The render options the `CnaiPlatform` component uses for a plan (cloud MLflow stores on EKS and GKE). */
export function stackRenderOptions(plan: Plan): PlatformOptions {
  if (plan.provider === 'kind') return {};
  const stores = cloudMlflowStores({}, plan.provider === 'eks' ? plan.region : undefined);
  return { mlflowDatabase: stores.database, mlflowArtifacts: stores.artifacts };
}
