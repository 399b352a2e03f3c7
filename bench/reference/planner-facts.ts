/**
 * The planner's own definitions of the node facts the reference models need, imported from where
 * the planner keeps them (one definition of each fact): what a node offers after system
 * reservations, the pod limit per node, and the region's prices per capacity type. Kept in this
 * one file so that a move inside the planner is a one-file change here.
 */
export { allocatableOf, MAX_PODS_PER_NODE, type Allocatable } from '../../planner/packing/allocatable';
export { cloudContext, type CloudContext } from '../../planner/options/context';
export { capacityFor, resolvePlatform } from '../../planner/resolve/resolve';
/** Every workload's options as the planner lists them, best first (`alternatives`). */
export { demandOf as plannedDemand } from '../../planner/search/stages';
