/**
 * The sizing model: GPU memory per GPU for inference replicas and training jobs.
 */
export * from './constants';
export * from './precision';
export * from './inference';
export * from './training';
