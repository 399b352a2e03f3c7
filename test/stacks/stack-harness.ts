/**
 * Runs the Pulumi program in `stacks/` under runtime mocks with the configuration of one
 * `Pulumi.<stack>.yaml`, and plans the same platform file for the expectations.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';

import type { Plan } from '../../planner/plan-types';
import { type MockState, installMocks, settle } from '../components/pulumi-mocks';

/** Repository root: `pulumi up` runs the program from here, so platform paths are relative to it. */
export const ROOT = path.resolve(__dirname, '../..');

/** The stack program's exports. */
export type StackExports = Awaited<ReturnType<typeof import('../../stacks')>>;

/** What `runStack` returns. */
export interface StackRun {
  readonly mocks: MockState;
  readonly program: StackExports;
  /** The plan of the stack's platform file, computed independently of the program. */
  readonly plan: Plan;
  /** The stack's configuration as the YAML file has it (plus test secrets). */
  readonly config: Record<string, string>;
}

/**
 * Loads `Pulumi.<stack>.yaml`, sets its config (and `secrets`, marked secret), runs the program
 * and waits for every resource to register.
 */
export async function runStack(stack: 'dev' | 'staging' | 'prod', secrets: Record<string, string> = {}): Promise<StackRun> {
  process.chdir(ROOT);
  const file = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(file.config)) config[k] = String(v);
  // the examples serve gated models, so every stack needs the token a user sets with `pulumi config set --secret`
  const allSecrets = { 'cnai:huggingFaceToken': 'hf_test-token', ...secrets };
  Object.assign(config, allSecrets);
  const mocks = installMocks(stack);
  pulumi.runtime.setAllConfig(config, Object.keys(allSecrets));
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadHighsSolver } = require('../../solver/highs') as typeof import('../../solver/highs');
  const solver = await loadHighsSolver();
  // the program's entry point, called as Pulumi calls it
  const program = await (require('../../stacks') as typeof import('../../stacks'))();
  const { parsePlatform } = require('../../planner/spec/parse') as typeof import('../../planner/spec/parse');
  const { plan } = require('../../planner/plan') as typeof import('../../planner/plan');
  /* eslint-enable @typescript-eslint/no-require-imports */
  await settle(mocks);
  const platformFile = config['cnai:platform']!;
  const expected = plan(parsePlatform(fs.readFileSync(path.join(ROOT, platformFile), 'utf8'), platformFile), { solver });
  return { mocks, program, plan: expected, config };
}

/** Names of the Kubernetes objects of a kind the program deployed (`kubernetes:<apiVersion>:<Kind>`). */
export function deployedNames(mocks: MockState, type: string): string[] {
  return mocks
    .ofType(type)
    .map((r) => {
      const meta = r.inputs['metadata'] as { name?: string; namespace?: string } | undefined;
      return meta?.namespace ? `${meta.namespace}/${meta.name}` : String(meta?.name);
    })
    .sort();
}
