/**
 * The platform's Kueue WorkloadPriorityClasses, by workload kind.
 */

/** Priority class of serving, training, notebook and batch work. */
export type WorkloadPriority = 'serving' | 'training' | 'notebook' | 'batch';

/** Name of the WorkloadPriorityClass of each kind of work. */
export const PRIORITY_CLASS_NAMES: Readonly<Record<WorkloadPriority, string>> = {
  serving: 'cnai-serving',
  notebook: 'cnai-notebook',
  training: 'cnai-training',
  batch: 'cnai-batch',
};

/**
 * Priority values: serving must not be preempted by anything else, interactive notebooks outrank
 * jobs that can wait, and batch work yields to everything.
 */
export const PRIORITY_VALUES: Readonly<Record<WorkloadPriority, number>> = {
  serving: 10000,
  notebook: 5000,
  training: 1000,
  batch: 100,
};
