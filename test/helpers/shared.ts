/**
 * The one way tests reach `../shared`, the reference data beside the repository: the upstream
 * CRDs of every pinned operator and the Alibaba GPU trace. The project reads them from there and
 * never copies them into the repository (docs/decisions/0017-tests-and-shared-reference-data.md),
 * so the few tests that need them fail, naming the missing folder, where it is absent: a clone
 * without it must not look green while its CRD conformance tests did not run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Root of the repository. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The shared folder beside the repository root. */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');

/** Absolute path of a file or folder under ../shared, or undefined when it is absent. */
export function sharedFile(...segments: string[]): string | undefined {
  const p = path.join(SHARED_DIR, ...segments);
  return fs.existsSync(p) ? p : undefined;
}

/** The shared folder when it holds the upstream CRDs, else undefined. */
export function findShared(): string | undefined {
  return sharedFile('crds') === undefined ? undefined : SHARED_DIR;
}

/**
 * Set to `skip` to run without ../shared on purpose (a fork's hosted CI): the tests that need it
 * are then reported as skipped, by name, instead of failing.
 */
export const SHARED_OPT_OUT = 'CNAI_WITHOUT_SHARED';

/**
 * `describe(name, body)` when `file` exists; otherwise one failing test that names the missing
 * path and why it is needed, instead of a skip that would leave the run green (unless
 * `CNAI_WITHOUT_SHARED=skip` asks for the skip explicitly).
 */
export function describeWithShared(name: string, file: string | undefined, body: () => void, missing: string = SHARED_DIR): void {
  if (file !== undefined) {
    describe(name, body);
    return;
  }
  if (process.env[SHARED_OPT_OUT] === 'skip') {
    describe.skip(`${name} (needs ${missing}; skipped by ${SHARED_OPT_OUT}=skip)`, body);
    return;
  }
  describe(name, () => {
    test(`needs ${missing}`, () => {
      throw new Error(
        `${missing} is missing. "${name}" reads upstream reference data (pinned CRDs, the GPU trace) from ../shared beside the ` +
          'repository, which the project never copies into it. Put the shared folder next to the repository to run these tests, or set ' +
          `${SHARED_OPT_OUT}=skip to skip them knowingly.`,
      );
    });
  });
}
