/**
 * The pages of the project's documentation that tests read: the README, every page of `docs/` and
 * each example's README, sorted so failures list in a stable order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** Every documentation page, relative to `ROOT`. */
export const DOC_PAGES: readonly string[] = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'README.md')))
    .map((d) => `examples/${d}/README.md`),
].sort();
