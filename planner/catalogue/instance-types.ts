/**
 * Instance types by provider.
 */
import type { Provider } from '../spec/schema';
import { AWS_INSTANCE_TYPES } from './instances-aws';
import { GCP_INSTANCE_TYPES } from './instances-gcp';
import type { InstanceType } from './types';

/** Every instance type the catalogue knows for a cloud provider, sorted by name. */
export function instanceTypes(provider: Exclude<Provider, 'kind'>): readonly InstanceType[] {
  return provider === 'eks' ? AWS_INSTANCE_TYPES : GCP_INSTANCE_TYPES;
}

/**
 * One instance type by provider and name.
 *
 * @throws Error naming the provider and the instance type when the catalogue lacks it
 */
export function instanceType(provider: Exclude<Provider, 'kind'>, name: string): InstanceType {
  const found = instanceTypes(provider).find((t) => t.name === name);
  if (!found) throw new Error(`unknown ${provider} instance type '${name}'; see instanceTypes('${provider}') for the catalogue's list`);
  return found;
}
