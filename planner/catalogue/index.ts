/**
 * The catalogue: GPU models with MIG placement tables, instance types per provider, regions and
 * model architectures, each entry with a source key resolved in `SOURCES`.
 */
export * from './types';
export * from './sources';
export * from './gpus';
export * from './instances-aws';
export * from './instances-gcp';
export * from './instances-kind';
export * from './providers';
export * from './instance-types';
export * from './regions';
export * from './zone-offerings';
export * from './models';
