/**
 * Every file the README, docs/ and the example READMEs point at exists in the repository: relative
 * Markdown links, and paths written in backticks that start at a folder of the repository (or at
 * a folder of ../shared, the reference data beside it, which a clone does not have).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

const mdIn = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `${dir}/${f}`);
const EXAMPLE_READMES = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'README.md')))
  .map((d) => `examples/${d}/README.md`);
/** Pages a user reads to run the project. */
const GUIDES = ['README.md', ...mdIn('docs'), ...EXAMPLE_READMES].sort();
/** Decision notes: their Markdown links are checked; their backticked paths often name upstream files. */
const NOTES = mdIn('docs/decisions').sort();

/** Top-level folders of the repository, where a path in backticks starts. */
const REPO_FOLDERS = fs
  .readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !['node_modules', 'dist'].includes(e.name))
  .map((e) => e.name);
/** Folders of ../shared: a page citing a file there as if it were in the repository sends a clone's reader nowhere. */
const SHARED_FOLDERS = ['reference', 'traces', 'crds', 'hooks'];

/**
 * Paths a page names on purpose although they are not in the repository, with why.
 */
const NOT_IN_THE_REPOSITORY: Readonly<Record<string, string>> = {
  '../shared/crds': 'the pinned upstream CRDs beside the repository, never copied into it (decision 0017); the page says so',
  'planner/catalogue/instances-azure.ts': 'a file the "adding a provider" steps tell the reader to create',
  'components/azure/': 'a folder the "adding a provider" steps tell the reader to create',
};

interface Citation {
  readonly page: string;
  readonly line: number;
  readonly target: string;
  /** The path as resolved in the repository. */
  readonly resolved: string;
}

/** Relative Markdown links of a page (`[text](target)`), without anchors. */
function linksOf(page: string): Citation[] {
  const lines = fs.readFileSync(path.join(ROOT, page), 'utf8').split('\n');
  return lines.flatMap((text, i) =>
    [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!.split('#')[0]!)
      .filter((t) => t !== '' && !/^[a-z]+:/i.test(t))
      .map((target) => ({ page, line: i + 1, target, resolved: path.join(path.dirname(page), target) })),
  );
}

/** Paths in backticks that start at a folder of the repository or of ../shared. */
function backtickedPathsOf(page: string): Citation[] {
  const lines = fs.readFileSync(path.join(ROOT, page), 'utf8').split('\n');
  const starts = [...REPO_FOLDERS, ...SHARED_FOLDERS, '../shared'];
  return lines.flatMap((text, i) =>
    [...text.matchAll(/`([^`\s]+)`/g)]
      .map((m) => m[1]!.replace(/[#:].*$/, ''))
      // placeholders and globs (`examples/*/platform.yaml`, `crds/<project>/`) name no one file
      // a bare `crds/` is any chart's folder; `crds/kueue/...` names a file of ../shared
      .filter((p) => !/[*<>{}$]/.test(p) && starts.some((s) => p.startsWith(`${s}/`) && (REPO_FOLDERS.includes(s) || p.length > s.length + 1)))
      .map((target) => ({ page, line: i + 1, target, resolved: target })),
  );
}

/** Whether the citation names a file or folder of the repository, or the prefix of a file name (`docs/decisions/0046`). */
function exists(c: Citation): boolean {
  const abs = path.resolve(ROOT, c.resolved);
  if (path.relative(ROOT, abs).startsWith('..')) return false;
  if (fs.existsSync(abs)) return true;
  const dir = path.dirname(abs);
  return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith(path.basename(abs)));
}

describe('files the docs point at', () => {
  it('finds links and paths in the README and the docs', () => {
    const pages = new Set([...GUIDES, ...NOTES].flatMap((p) => [...linksOf(p), ...backtickedPathsOf(p)]).map((c) => c.page));
    expect([...pages]).toEqual(expect.arrayContaining(['README.md', 'docs/planner.md', 'docs/sizing.md']));
  });

  it.each([...GUIDES, ...NOTES])('every relative link of %s leads to a file of the repository', (page) => {
    const missing = linksOf(page)
      .filter((c) => !exists(c))
      .map((c) => `${c.page}:${c.line}: ${c.target}`);
    expect(missing).toEqual([]);
  });

  it.each(GUIDES)('every path %s names in backticks is in the repository', (page) => {
    const missing = backtickedPathsOf(page)
      .filter((c) => NOT_IN_THE_REPOSITORY[c.target] === undefined && !exists(c))
      .map((c) => `${c.page}:${c.line}: ${c.target}`);
    expect(missing).toEqual([]);
  });
});
