/**
 * What the main thread and HiGHS's own thread (`highs-worker.ts`, started by `highs-thread.ts`)
 * say to each other: one request at a time, one reply each.
 */
import type { MessagePort } from 'node:worker_threads';
import type { MipLimits, MipModel, MipSolution } from '../planner/optimise/linear-program';

/** What the main thread hands the thread when it starts it. */
export interface HighsThreadData {
  /** The main thread's wake-up word: the thread sets it to `REPLIED` or `ENDED` and notifies. */
  readonly signal: Int32Array;
  /** Where requests arrive and replies go. */
  readonly port: MessagePort;
}

/** Values of the wake-up word. */
export const WAITING = 0;
/** A reply is on the port. */
export const REPLIED = 1;
/** The thread has ended: no reply will come. */
export const ENDED = 2;

/** A request: the solver's name and version, or one solve. */
export type HighsRequest = { readonly kind: 'describe' } | { readonly kind: 'solve'; readonly model: MipModel; readonly limits: MipLimits };

/** A reply, or the message of what the thread threw. */
export type HighsReply =
  | { readonly kind: 'described'; readonly name: string; readonly version: string }
  | { readonly kind: 'solved'; readonly solution: MipSolution }
  | { readonly kind: 'failed'; readonly message: string };
