/**
 * The GitHub workflows shipped with the project: the project's own checks run on every pull
 * request, and the PR preview compares a branch with the point it left its base.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, { readonly steps: readonly Step[] }>;
}

const workflow = (name: string): Workflow => parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const runs = Object.values(ci.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run === undefined ? [] : s.run.split('\n').map((l) => l.trim()))));

  it('runs on pull requests', () => {
    expect(Object.keys(ci.on)).toContain('pull_request');
  });

  it("installs from the lock file, then runs the project's lint and its whole test suite", () => {
    const at = (command: string): number => runs.indexOf(command);
    expect(at('npm ci')).toBeGreaterThanOrEqual(0);
    expect(at('npm run lint')).toBeGreaterThan(at('npm ci'));
    expect(at('npm test')).toBeGreaterThan(at('npm ci'));
    // what those commands mean: ESLint and Prettier; the type-check and both jest projects
    expect(scripts.lint).toMatch(/\beslint \./);
    expect(scripts.lint).toMatch(/\bprettier --check \./);
    expect(scripts.test).toMatch(/\btsc --noEmit\b/);
    expect(scripts.test).toMatch(/\bjest\b/);
    expect(scripts.test).not.toMatch(/--selectProjects|--testPathPattern|\s-t\s/);
  });
});

describe('preview.yml', () => {
  const preview = workflow('preview.yml');
  const job = preview.jobs['cnai-diff']!;
  const script = job.steps.map((s) => s.run ?? '').join('\n');

  it('diffs the changed platform files against the merge base, not the tip of the base branch', () => {
    // "git diff A B" (two dots) shows every change the base branch made since the branch left
    // it as reverted by the pull request; the merge base (what "A...B" compares) does not
    const mergeBase = /^\s*BASE=\$\(git merge-base "\$BASE" "\$HEAD"\)\s*$/m.exec(script);
    expect(mergeBase).not.toBeNull();
    const after = script.slice(mergeBase!.index);
    for (const use of script.matchAll(/git (?:diff|show|cat-file)[^\n]*\$BASE/g)) expect(use.index).toBeGreaterThan(mergeBase!.index);
    expect(after).toMatch(/git diff --name-only "\$BASE" "\$HEAD"/);
  });

  it('checks out the whole history, which git merge-base needs', () => {
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });
});
