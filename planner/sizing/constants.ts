/**
 * Fixed costs of a GPU process that every estimate adds, with where each number comes from.
 */

/**
 * cuBLAS workspace PyTorch allocates on Hopper (`CUBLAS_WORKSPACE_CONFIG` default `:4096:8`,
 * 8 x 4 MiB). It shows up as a constant ~32 MiB in every llama-3.2-1b calibration run.
 */
export const CUBLAS_WORKSPACE_BYTES = 32 * 1024 * 1024;

/**
 * Caching-allocator fragmentation and short-lived buffers, as a fraction of everything the
 * process allocates. The calibration runs reserve 3-12 % more than they allocate at peak; 10 %
 * keeps the estimate above the measured peak with a margin, not far above it.
 */
export const ALLOCATOR_OVERHEAD_FRACTION = 0.1;

/**
 * NCCL communicator buffers when a process talks to peers (tensor parallelism, data parallelism):
 * a few channels of 4 MiB buffers per peer plus proxy memory, rounded up.
 */
export const COLLECTIVE_BUFFER_BYTES = 256 * 1024 * 1024;
