/**
 * HiGHS in a thread of its own, called synchronously: `plan()` asks its solver synchronously, and
 * a solver that could only load asynchronously made `planOptimised` plan a fleet twice, once to
 * learn that the solver is needed and once with it. Here the first question starts the thread
 * (`highs-worker.ts`), which loads HiGHS while the main thread waits on a shared word
 * (`Atomics.wait`), and each solve is a message there and back: the plan runs once.
 *
 * The thread holds the same WebAssembly and gets the same models and limits, so its solutions
 * are those of HiGHS loaded in the main thread (`test/solver/highs-thread.test.ts`). It never
 * keeps the process alive. While the thread compiles HiGHS with V8's Liftoff flag set (a flag of the
 * whole process, `highs.ts`), the main thread waits, so nothing else compiles meanwhile.
 */
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MipLimits, MipModel, MipSolution, MipSolver } from '../planner/optimise/linear-program';
import { ENDED, type HighsReply, type HighsRequest, type HighsThreadData, REPLIED, WAITING } from './highs-thread-protocol';

/**
 * The thread's first code. It marks the thread's end on the shared word before it loads anything,
 * so a thread that cannot even load its entry (a file missing from an install, a hook that throws)
 * still wakes the caller instead of leaving it waiting; then a checkout runs its TypeScript through
 * the SWC hook (the file this one was loaded from ends in `.ts`) and a build the compiled JavaScript.
 */
const BOOTSTRAP = [
  `const { workerData } = require('node:worker_threads');`,
  `process.on('exit', () => { Atomics.store(workerData.signal, 0, ${ENDED}); Atomics.notify(workerData.signal, 0); });`,
  `if (workerData.hook) require(workerData.hook);`,
  `require(workerData.entry);`,
].join(' ');

/** A synchronous caller of HiGHS's thread. */
export class HighsThread {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly port;

  /** @param entry the thread's module: `highs-worker` beside this file unless a test names another */
  constructor(entry = path.join(__dirname, `highs-worker${path.extname(__filename)}`)) {
    const { port1, port2 } = new MessageChannel();
    const hook = entry.endsWith('.ts') ? path.join(__dirname, '..', 'scripts', 'register.js') : undefined;
    const data: HighsThreadData & { readonly entry: string; readonly hook?: string } = { signal: this.signal, port: port2, entry, ...(hook ? { hook } : {}) };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data, transferList: [port2] });
    // the caller learns of the thread's end from the shared word (`ask` throws); left without a
    // listener, the thread's error event would end this whole process afterwards
    worker.on('error', () => undefined);
    worker.unref();
    port1.unref();
    this.port = port1;
  }

  /** Sends `request` and waits for the reply; what the thread threw is thrown here. */
  ask(request: HighsRequest): HighsReply {
    if (Atomics.load(this.signal, 0) === ENDED) throw new Error(`HiGHS's thread has ended; it cannot answer a '${request.kind}' request`);
    this.port.postMessage(request);
    Atomics.wait(this.signal, 0, WAITING);
    const received = receiveMessageOnPort(this.port);
    // ready for the next reply, unless the thread has ended meanwhile
    Atomics.compareExchange(this.signal, 0, REPLIED, WAITING);
    if (received === undefined) {
      const why = Atomics.load(this.signal, 0) === ENDED ? 'ended' : 'woke the caller';
      throw new Error(`HiGHS's thread ${why} without answering a '${request.kind}' request`);
    }
    const r = received.message as HighsReply;
    if (r.kind === 'failed') throw new Error(r.message);
    return r;
  }
}

let thread: MipSolver | undefined;

/**
 * HiGHS as a synchronous `MipSolver` in a thread of its own, started on the first call (once per
 * process): blocks until HiGHS has loaded.
 *
 * @throws Error with HiGHS's message when it cannot load or a solve fails
 */
export function highsThreadSolver(): MipSolver {
  if (thread !== undefined) return thread;
  const highs = new HighsThread();
  const described = highs.ask({ kind: 'describe' });
  if (described.kind !== 'described') throw new Error(`HiGHS's thread answered '${described.kind}' to 'describe'`);
  thread = {
    name: described.name,
    version: described.version,
    solve: (model: MipModel, limits: MipLimits): MipSolution => {
      const r = highs.ask({ kind: 'solve', model, limits });
      if (r.kind !== 'solved') throw new Error(`HiGHS's thread answered '${r.kind}' to 'solve'`);
      return r.solution;
    },
  };
  return thread;
}
