/**
 * Progress messages for long runs: silent for the first second, then each stage on stderr, so a
 * quick plan prints nothing extra and a slow one shows it is alive.
 */
import type { CliIo } from './io';

/** Milliseconds a command runs before it starts printing progress. */
export const PROGRESS_AFTER_MS = 1000;

/** A progress callback for the planner that writes to `io.err` once the run is slow. */
export function progressReporter(io: CliIo, now: () => number = Date.now): (message: string) => void {
  const start = now();
  return (message) => {
    if (now() - start >= PROGRESS_AFTER_MS) io.err(`cnai: ${message}\n`);
  };
}
