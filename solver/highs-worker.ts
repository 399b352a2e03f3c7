/**
 * HiGHS's own thread: loads the solver (`loadHighsSolver`) and answers the main thread's requests
 * one at a time (`highs-thread.ts`). Every reply, a failure included, wakes the main thread, and
 * so does the end of the thread, so a caller never waits for an answer that cannot come.
 */
import { workerData } from 'node:worker_threads';
import type { MipSolver } from '../planner/optimise/linear-program';
import { loadHighsSolver } from './highs';
import { type HighsReply, type HighsRequest, type HighsThreadData, REPLIED } from './highs-thread-protocol';

const { signal, port } = workerData as HighsThreadData;

function reply(r: HighsReply): void {
  port.postMessage(r);
  Atomics.store(signal, 0, REPLIED);
  Atomics.notify(signal, 0);
}

function answer(solver: MipSolver, request: HighsRequest): HighsReply {
  if (request.kind === 'describe') return { kind: 'described', name: solver.name, version: solver.version };
  return { kind: 'solved', solution: solver.solve(request.model, request.limits) };
}

const solver = loadHighsSolver();
port.on('message', (request: HighsRequest) => {
  solver.then((s) => answer(s, request)).then(reply, (e: unknown) => reply({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }));
});
// the end of the thread is marked on the shared word by the bootstrap of `highs-thread.ts`, which
// registers it before this module loads
