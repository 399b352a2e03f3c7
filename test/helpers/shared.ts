/**
 * Access to ../shared (reference data beside the repository). Absent in a user's clone, where the
 * tests that need it skip and say why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The shared folder beside the repository root. */
export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', 'shared');

/** Absolute path of a file under ../shared, or undefined when it is absent. */
export function sharedFile(...segments: string[]): string | undefined {
  const p = path.join(SHARED_DIR, ...segments);
  return fs.existsSync(p) ? p : undefined;
}

/** `describe` when `file` exists, else `describe.skip` with a note saying what is missing. */
export function describeWithShared(name: string, file: string | undefined, body: () => void): void {
  if (file) {
    describe(name, body);
  } else {
    console.warn(`skipping "${name}": ../shared is not beside the repository (reference data missing)`);
    describe.skip(name, body);
  }
}
