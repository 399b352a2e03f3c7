/**
 * Locates the shared reference folder (`../shared` next to the repository) for tests that read
 * upstream CRDs; absent on machines without it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Root of the repository. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The shared folder, or undefined when this checkout has none next to it. */
export function findShared(): string | undefined {
  for (const candidate of [path.resolve(REPO_ROOT, '..', 'shared'), path.resolve(REPO_ROOT, 'shared')]) {
    if (fs.existsSync(path.join(candidate, 'crds'))) return candidate;
  }
  return undefined;
}
