/**
 * kind's one node type: a container on the host. It has no GPUs and no price, and its size is
 * the host's, which the plan cannot know; a kind plan sizes its one node by the sum of the
 * requests it places there.
 */
import { BOTH_CAPACITY_TYPES, type InstanceType } from './types';

/** The node type of every kind plan. */
export const KIND_NODE: InstanceType = {
  provider: 'kind',
  name: 'kind-node',
  gpuModel: null,
  gpus: 0,
  vcpus: 0,
  memoryMiB: 0,
  hourlyPrice: 0,
  spotDiscount: 1,
  capacityTypes: BOTH_CAPACITY_TYPES,
  source: 'KIND',
};
